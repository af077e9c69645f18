// The real Prometheus server scrapes `dispatchwatch serve-demo`: both run on 127.0.0.1, started here and
// stopped by process id. Needs the prometheus binary (Debian package prometheus).

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

namespace {

quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Runs an instant query against Prometheus's HTTP API; returns the result array (empty on any failure).
QJsonArray query(quint16 port, const QString& expression) {
    QNetworkAccessManager manager;
    QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/query").arg(port));
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

double firstValue(const QJsonArray& result) {
    return result.isEmpty() ? -1
                            : result.first().toObject().value("value").toArray().at(1).toString().toDouble();
}

void stop(QProcess& process) {
    if (process.state() == QProcess::NotRunning) return;
    process.terminate(); // SIGTERM to the process we started
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

} // namespace

class PrometheusScrapeTest : public QObject {
    Q_OBJECT

    QProcess m_exporter;
    QProcess m_prometheus;

private slots:
    void cleanup() {
        stop(m_prometheus);
        stop(m_exporter);
    }

    void prometheusScrapesTheDemo() {
        const QString prometheus = QStandardPaths::findExecutable("prometheus");
        QVERIFY2(!prometheus.isEmpty(), "prometheus is not installed (Debian package prometheus)");

        m_exporter.start(QStringLiteral(DW_APP_PATH), {"serve-demo", "--scenario", "compozy"});
        QVERIFY(m_exporter.waitForStarted(10000));
        QVERIFY(m_exporter.waitForReadyRead(10000));
        const QString firstLine = QString::fromUtf8(m_exporter.readLine()).trimmed();
        QVERIFY2(firstLine.startsWith("serving http://127.0.0.1:") && firstLine.endsWith("/metrics"),
                 qPrintable(firstLine));
        const QUrl target(firstLine.section(' ', 1));

        QTemporaryDir dir;
        QFile config(dir.filePath("prometheus.yml"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                                    "scrape_configs:\n  - job_name: compozy-demo\n    static_configs:\n"
                                    "      - targets: ['127.0.0.1:%1']\n")
                         .arg(target.port())
                         .toUtf8());
        config.close();
        const quint16 port = freePort();
        m_prometheus.setProcessChannelMode(QProcess::MergedChannels);
        m_prometheus.start(
            prometheus, {"--config.file=" + config.fileName(), "--storage.tsdb.path=" + dir.filePath("data"),
                         QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port), "--log.level=warn"});
        QVERIFY(m_prometheus.waitForStarted(10000));

        // up becomes 1 once Prometheus has scraped the exporter successfully.
        QTRY_VERIFY2_WITH_TIMEOUT(
            firstValue(query(port, "up{job=\"compozy-demo\"}")) == 1.0,
            qPrintable("Prometheus never saw the target up:\n" + m_prometheus.readAll()), 30000);
        const QJsonArray health = query(port, "compozy_dispatcher_health_status");
        QCOMPARE(health.size(), 6);
        for (const QJsonValue& series : health) {
            const QJsonObject labels = series.toObject().value("metric").toObject();
            QVERIFY(labels.value("dispatcher_id").toString().startsWith("dispatcher-"));
            QCOMPARE(labels.value("is_stale").toString(), QString("false"));
            QCOMPARE(labels.value("otel_scope_name").toString(), QString("compozy"));
            QCOMPARE(labels.value("instance").toString(), QStringLiteral("127.0.0.1:%1").arg(target.port()));
        }
        QCOMPARE(firstValue(query(port, "sum(compozy_dispatcher_active_total)")), 6.0);
        QVERIFY(firstValue(query(port, "scrape_samples_scraped{job=\"compozy-demo\"}")) > 100);

        stop(m_prometheus);
        m_exporter.terminate();
        QVERIFY(m_exporter.waitForFinished(10000));
        QCOMPARE(m_exporter.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_exporter.exitCode(), 0); // stopped cleanly on SIGTERM
        QVERIFY(m_exporter.readAllStandardError().contains("stopped after"));
    }
};

QTEST_GUILESS_MAIN(PrometheusScrapeTest)
#include "test_prometheus_scrape.moc"
