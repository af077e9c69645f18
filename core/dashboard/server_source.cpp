#include "dashboard/server_source.h"

#include "promapi/api_call.h"
#include "promapi/api_decode.h"
#include "promql/result_format.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUrlQuery>

namespace dw::dashboard {

namespace {

QString apiTime(std::int64_t ms) {
    return QString::fromStdString(promql::formatApiTimestamp(ms));
}

} // namespace

ServerSource::ServerSource(QNetworkAccessManager& network, PrometheusServerSpec server,
                           promql::Generation generation, std::int64_t scrapeIntervalMs)
    : m_network(network), m_server(std::move(server)), m_generation(generation),
      m_scrapeIntervalMs(scrapeIntervalMs) {}

std::string ServerSource::describe() const {
    return "Prometheus at " + m_server.displayUrl();
}

std::int64_t ServerSource::nowMs() const {
    return QDateTime::currentMSecsSinceEpoch();
}

bool ServerSource::query(const std::string& expr, bool instant, std::int64_t startMs, std::int64_t endMs,
                         std::int64_t stepMs, promql::QueryResult& result, std::string& error) {
    QUrlQuery form;
    form.addQueryItem("query", QString::fromStdString(expr));
    if (instant) {
        form.addQueryItem("time", apiTime(endMs));
    } else {
        form.addQueryItem("start", apiTime(startMs));
        form.addQueryItem("end", apiTime(endMs));
        form.addQueryItem("step", QString::number(double(stepMs) / 1000.0, 'g', 17));
    }
    const ApiResponse response =
        api::callAndWait(m_network, m_server, instant ? "/api/v1/query" : "/api/v1/query_range", form);
    m_unreachable = response.failure == ApiResponse::Failure::Unreachable;
    if (!response.ok) {
        error = response.error;
        return false;
    }
    auto decoded = api::queryResult(response.data, error);
    if (!decoded) return false;
    result = std::move(*decoded);
    result.warnings = response.warnings;
    return true;
}

bool ServerSource::strings(const QString& path, const QUrlQuery& form, std::vector<std::string>& out,
                           std::string& error) {
    const ApiResponse response = api::callAndWait(m_network, m_server, path, form, false);
    m_unreachable = response.failure == ApiResponse::Failure::Unreachable;
    if (!response.ok) {
        error = response.error;
        return false;
    }
    out.clear();
    for (const QJsonValue value : response.data.toArray())
        out.push_back(value.toString().toStdString());
    return true;
}

bool ServerSource::metricNames(std::int64_t startMs, std::int64_t endMs, std::vector<std::string>& out,
                               std::string& error) {
    return labelValues("__name__", {}, startMs, endMs, out, error);
}

bool ServerSource::labelNames(std::int64_t startMs, std::int64_t endMs, std::vector<std::string>& out,
                              std::string& error) {
    QUrlQuery form;
    form.addQueryItem("start", apiTime(startMs));
    form.addQueryItem("end", apiTime(endMs));
    return strings("/api/v1/labels", form, out, error);
}

bool ServerSource::labelValues(const std::string& label, const std::string& match, std::int64_t startMs,
                               std::int64_t endMs, std::vector<std::string>& out, std::string& error) {
    QUrlQuery form;
    form.addQueryItem("start", apiTime(startMs));
    form.addQueryItem("end", apiTime(endMs));
    if (!match.empty()) form.addQueryItem("match[]", QString::fromStdString(match));
    const QString name = QString::fromUtf8(QUrl::toPercentEncoding(QString::fromStdString(label)));
    return strings("/api/v1/label/" + name + "/values", form, out, error);
}

} // namespace dw::dashboard
