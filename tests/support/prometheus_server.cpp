#include "prometheus_server.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTcpServer>
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

QString PrometheusServer::start(const QString& configYaml) {
    const QString binary = QStandardPaths::findExecutable("prometheus");
    if (binary.isEmpty()) return "prometheus is not installed (Debian package prometheus)";
    QFile config(m_dir.filePath("prometheus.yml"));
    if (!config.open(QIODevice::WriteOnly)) return "cannot write the Prometheus configuration";
    config.write(configYaml.toUtf8());
    config.close();
    m_port = freePort();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(binary,
                    {"--config.file=" + config.fileName(), "--storage.tsdb.path=" + m_dir.filePath("data"),
                     QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port), "--log.level=warn"});
    return m_process.waitForStarted(10000) ? QString() : "prometheus did not start";
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
