#include "promapi/api_call.h"

#include "scrape/scrape_request.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace dw::api {

namespace {

std::string sizeText(std::size_t bytes) {
    if (bytes >= (1u << 20)) return std::to_string(bytes >> 20) + " MiB";
    return std::to_string(bytes >> 10) + " KiB";
}

QByteArray formText(const QUrlQuery& form) {
    QByteArray out;
    for (const auto& [name, value] : form.queryItems(QUrl::FullyDecoded))
        out +=
            (out.isEmpty() ? "" : "&") + QUrl::toPercentEncoding(name) + "=" + QUrl::toPercentEncoding(value);
    return out;
}

ApiResponse failed(ApiResponse::Failure failure, std::string error) {
    ApiResponse response;
    response.failure = failure;
    response.error = std::move(error);
    return response;
}

} // namespace

ApiResponse decode(const PrometheusServerSpec& server, int status, const QByteArray& body,
                   const std::string& queryText) {
    const std::string where = "Prometheus at " + server.displayUrl();
    const std::string forQuery = queryText.empty() ? std::string() : " (query: " + queryText + ")";
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        if (status == 503)
            return failed(ApiResponse::Failure::NotReady, where + " is not ready yet (HTTP 503)");
        if (status != 200 && status != 0) {
            const QByteArray firstLine = body.left(200).split('\n').value(0).trimmed();
            return failed(
                ApiResponse::Failure::Http,
                where + " answered HTTP " + std::to_string(status) +
                    (firstLine.isEmpty() ? "" : ": " + firstLine.toStdString()) +
                    (status == 404 ? " (is the URL the server's base, with its path prefix?)" : ""));
        }
        const std::string detail =
            parseError.error != QJsonParseError::NoError
                ? parseError.errorString().toStdString() + " at byte " + std::to_string(parseError.offset)
                : "not a JSON object";
        const bool cutShort = parseError.error != QJsonParseError::NoError && !body.isEmpty() &&
                              parseError.offset >= body.size() - 1;
        return failed(ApiResponse::Failure::Malformed,
                      where + " sent an answer that is not the API's JSON (" + detail +
                          (body.isEmpty() ? ", empty body" : "") +
                          (cutShort ? "; it ends early, as if cut short" : "") + ")" + forQuery);
    }
    const QJsonObject object = document.object();
    ApiResponse response;
    response.status = status;
    for (const char* key : {"warnings", "infos"})
        for (const QJsonValue warning : object.value(key).toArray())
            response.warnings.push_back(warning.toString().toStdString());
    if (object.value("status").toString() == "success" && status == 200) {
        response.ok = true;
        response.data = object.value("data");
        return response;
    }
    response.errorType = object.value("errorType").toString().toStdString();
    const std::string message = object.value("error").toString().toStdString();
    if (status == 401 || status == 403) {
        response.failure = ApiResponse::Failure::Authentication;
        response.error =
            "authentication failed at " + server.displayUrl() + " (HTTP " + std::to_string(status) + ")";
    } else if (status == 503 && response.errorType != "timeout") {
        response.failure = ApiResponse::Failure::NotReady;
        response.error =
            where + " is not ready yet (HTTP 503" + (message.empty() ? "" : ": " + message) + ")";
    } else {
        response.failure = ApiResponse::Failure::Query;
        response.error = where + ": " + (response.errorType.empty() ? "error" : response.errorType) + ": " +
                         (message.empty() ? "no error text (HTTP " + std::to_string(status) + ")" : message) +
                         forQuery;
    }
    return response;
}

void call(QNetworkAccessManager& manager, const PrometheusServerSpec& server, const QString& path,
          const QUrlQuery& form, bool post, QObject& owner, Callback callback, bool raw) {
    TargetSpec http = server.http;
    http.url = server.endpoint(path);
    const std::string queryText = form.queryItemValue("query", QUrl::FullyDecoded).toStdString();
    // Percent-encoded by hand: QUrlQuery leaves '+', which a form decodes as a space.
    const QByteArray body = post ? formText(form) : QByteArray();
    if (!post && !form.isEmpty()) http.url.setQuery(QString::fromLatin1(formText(form)), QUrl::StrictMode);
    ScrapeRequest::startApi(
        manager, http, body, owner,
        [server, queryText, raw, callback = std::move(callback)](FetchResult result) {
            ApiResponse response;
            const std::string where = "Prometheus at " + server.displayUrl();
            if (result.bodySize == -1) {
                response =
                    failed(ApiResponse::Failure::TooLarge,
                           "the answer of " + where + " is over the " + sizeText(server.http.bodySizeLimit) +
                               " limit: narrow the selectors (--match) or the time span" +
                               (queryText.empty() ? "" : " (query: " + queryText + ")"));
            } else if (result.ok && raw) {
                response.ok = true;
                response.body = std::move(result.body);
            } else if (result.ok) {
                response = decode(server, 200, result.body, queryText);
            } else if (result.status == 401 || result.status == 403) {
                response = failed(ApiResponse::Failure::Authentication,
                                  "authentication failed at " + server.displayUrl() + " (HTTP " +
                                      std::to_string(result.status) + ")");
            } else if (result.status != 0 && result.status != 200) {
                response = decode(server, result.status, result.errorBody, queryText);
            } else {
                response = failed(ApiResponse::Failure::Unreachable, where + ": " + result.error);
            }
            response.status = result.status;
            response.bytes = result.wireBytes;
            response.bodyBytes = response.body.size() ? response.body.size()
                                 : result.ok          ? result.body.size()
                                                      : result.errorBody.size();
            response.durationMs = result.durationMs;
            callback(std::move(response));
        });
}

ApiResponse callAndWait(QNetworkAccessManager& manager, const PrometheusServerSpec& server,
                        const QString& path, const QUrlQuery& form, bool post) {
    QEventLoop loop;
    QObject owner;
    ApiResponse out;
    call(manager, server, path, form, post, owner, [&](ApiResponse response) {
        out = std::move(response);
        loop.quit();
    });
    loop.exec();
    return out;
}

} // namespace dw::api
