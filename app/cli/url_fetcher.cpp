#include "cli/url_fetcher.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace dw::cli {

bool looksLikeUrl(const QString& argument) {
    return argument.startsWith("http://", Qt::CaseInsensitive) ||
           argument.startsWith("https://", Qt::CaseInsensitive);
}

FetchResult fetchUrl(const QUrl& url, int timeoutMs) {
    FetchResult result;
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    request.setRawHeader("Accept",
                         "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;"
                         "version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2");
    request.setRawHeader("User-Agent", "DispatchWatch/" DW_VERSION);
    request.setRawHeader("X-Prometheus-Scrape-Timeout-Seconds", QByteArray::number(timeoutMs / 1000.0));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply* reply = manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toString();
    result.body = reply->readAll();
    if (reply->error() == QNetworkReply::OperationCanceledError ||
        reply->error() == QNetworkReply::TimeoutError) {
        result.error = QStringLiteral("timed out after %1s").arg(timeoutMs / 1000.0);
    } else if (result.status != 0 && result.status != 200) {
        result.error = QStringLiteral("HTTP %1: %2")
                           .arg(result.status)
                           .arg(QString::fromUtf8(result.body.left(200)).trimmed());
    } else if (reply->error() != QNetworkReply::NoError) {
        result.error = reply->errorString();
        if (reply->error() == QNetworkReply::ConnectionRefusedError) result.error = "connection refused";
    } else {
        result.ok = true;
    }
    reply->deleteLater();
    return result;
}

} // namespace dw::cli
