#include "prometheus_server.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>

quint16 PrometheusServer::freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

void PrometheusServer::stopProcess(QProcess& process) {
    if (process.state() == QProcess::NotRunning) return;
    process.terminate();
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

QString PrometheusServer::start(const QString& configYaml, const QStringList& extraArgs) {
    const QString binary = QStandardPaths::findExecutable("prometheus");
    if (binary.isEmpty()) return "prometheus is not installed (Debian package prometheus)";
    QFile config(m_dir.filePath("prometheus.yml"));
    if (!config.open(QIODevice::WriteOnly)) return "cannot write the Prometheus configuration";
    config.write(configYaml.toUtf8());
    config.close();
    m_port = freePort();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_args =
        QStringList{"--config.file=" + config.fileName(), "--storage.tsdb.path=" + m_dir.filePath("data"),
                    QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port), "--log.level=warn"} +
        extraArgs;
    m_process.start(binary, m_args);
    return m_process.waitForStarted(10000) ? QString() : "prometheus did not start";
}

QString PrometheusServer::restart() {
    if (m_args.isEmpty()) return "restart() needs a start() first";
    m_process.start(QStandardPaths::findExecutable("prometheus"), m_args);
    return m_process.waitForStarted(10000) ? QString() : "prometheus did not start again";
}

QString PrometheusServer::waitUntilReady(const QString& prefix) {
    for (int attempt = 0; attempt < 300; ++attempt) {
        int status = 0;
        get(prefix + "/-/ready", {}, &status);
        if (status == 200 || status == 401) return {};
        if (m_process.state() == QProcess::NotRunning)
            return "prometheus exited: " + QString::fromUtf8(output());
        QThread::msleep(100);
    }
    return "prometheus did not become ready within 30 s";
}

QString PrometheusServer::startOnStorage(const QString& storagePath) {
    const QString binary = QStandardPaths::findExecutable("prometheus");
    if (binary.isEmpty()) return "prometheus is not installed (Debian package prometheus)";
    QFile config(m_dir.filePath("prometheus.yml"));
    if (!config.open(QIODevice::WriteOnly)) return "cannot write the Prometheus configuration";
    config.write("global:\n  evaluation_interval: 1m\n");
    config.close();
    m_port = freePort();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    // A long retention keeps backfilled blocks of any age.
    m_process.start(binary,
                    {"--config.file=" + config.fileName(), "--storage.tsdb.path=" + storagePath,
                     "--storage.tsdb.retention.time=100y",
                     QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port), "--log.level=warn"});
    if (!m_process.waitForStarted(10000)) return "prometheus did not start";
    for (int attempt = 0; attempt < 300; ++attempt) {
        int status = 0;
        get("/-/ready", {}, &status);
        if (status == 200) return {};
        if (m_process.state() == QProcess::NotRunning)
            return "prometheus exited: " + QString::fromUtf8(output());
        QThread::msleep(100);
    }
    return "prometheus did not become ready within 30 s";
}

QString PrometheusServer::backfill(const QString& openMetricsFile, const QString& storagePath) {
    const QString promtool = QStandardPaths::findExecutable("promtool");
    if (promtool.isEmpty()) return "promtool is not installed (Debian package prometheus)";
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(promtool, {"tsdb", "create-blocks-from", "openmetrics", openMetricsFile, storagePath});
    if (!process.waitForFinished(600000) || process.exitCode() != 0)
        return "promtool tsdb create-blocks-from openmetrics failed: " + QString::fromUtf8(process.readAll());
    return {};
}

QByteArray PrometheusServer::get(const QString& path, const Params& params, int* status) const {
    QNetworkAccessManager manager;
    QByteArray encoded = QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path).toUtf8();
    for (qsizetype i = 0; i < params.size(); ++i)
        encoded += (i == 0 ? "?" : "&") + QUrl::toPercentEncoding(params[i].first) + "=" +
                   QUrl::toPercentEncoding(params[i].second);
    const QUrl url = QUrl::fromEncoded(encoded, QUrl::StrictMode);
    QNetworkReply* reply = manager.get(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    if (status) *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    delete reply;
    return body;
}

void PrometheusServer::stop() {
    stopProcess(m_process);
}

QJsonArray PrometheusServer::query(const QString& expression) const {
    QNetworkAccessManager manager;
    QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/query").arg(m_port));
    QUrlQuery params;
    params.addQueryItem("query", expression);
    url.setQuery(params);
    QNetworkReply* reply = manager.get(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    delete reply;
    return answer.value("data").toObject().value("result").toArray();
}

double PrometheusServer::value(const QString& expression) const {
    const QJsonArray result = query(expression);
    return result.isEmpty() ? -1
                            : result.first().toObject().value("value").toArray().at(1).toString().toDouble();
}
