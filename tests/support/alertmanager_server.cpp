#include "alertmanager_server.h"

#include "prometheus_server.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

namespace {

QByteArray httpGet(const QString& url, int* status) {
    QNetworkAccessManager network;
    QNetworkReply* reply = network.get(QNetworkRequest(QUrl(url)));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    loop.exec();
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->isFinished() ? reply->readAll() : QByteArray();
    reply->abort();
    reply->deleteLater();
    return body;
}

} // namespace

QString AlertmanagerServer::start(quint16 port) {
    const QString binary = QStandardPaths::findExecutable("prometheus-alertmanager");
    if (binary.isEmpty())
        return "prometheus-alertmanager is not installed (Debian package prometheus-alertmanager)";
    QFile config(m_dir.filePath("alertmanager.yml"));
    if (!config.open(QIODevice::WriteOnly)) return "cannot write the Alertmanager configuration";
    config.write("route:\n  receiver: nobody\n  group_wait: 1s\nreceivers:\n  - name: nobody\n");
    config.close();
    m_port = port ? port : PrometheusServer::freePort();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(binary, {"--config.file=" + config.fileName(), "--storage.path=" + m_dir.filePath("data"),
                             QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port),
                             "--cluster.listen-address=", "--log.level=warn"});
    if (!m_process.waitForStarted(10000)) return "prometheus-alertmanager did not start";
    for (int attempt = 0; attempt < 300; ++attempt) {
        int status = 0;
        httpGet(url() + "/-/ready", &status);
        if (status == 200) return {};
        if (m_process.state() == QProcess::NotRunning)
            return "prometheus-alertmanager exited: " + QString::fromUtf8(m_process.readAll());
        QThread::msleep(100);
    }
    return "prometheus-alertmanager did not become ready within 30 s";
}

void AlertmanagerServer::stop() {
    PrometheusServer::stopProcess(m_process);
}

QJsonArray AlertmanagerServer::alerts() const {
    int status = 0;
    const QByteArray body = httpGet(url() + "/api/v2/alerts", &status);
    return status == 200 ? QJsonDocument::fromJson(body).array() : QJsonArray();
}

QJsonArray AlertmanagerServer::amtoolAlerts(QString& error) const {
    const QString amtool = QStandardPaths::findExecutable("amtool");
    if (amtool.isEmpty()) {
        error = "amtool is not installed (Debian package prometheus-alertmanager)";
        return {};
    }
    QProcess process;
    process.start(amtool, {"--alertmanager.url=" + url(), "alert", "query", "-o", "json"});
    if (!process.waitForFinished(15000) || process.exitCode() != 0) {
        error = "amtool failed: " + QString::fromUtf8(process.readAllStandardError());
        return {};
    }
    return QJsonDocument::fromJson(process.readAllStandardOutput()).array();
}
