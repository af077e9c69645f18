// DispatchWatch next to the real Prometheus server: Prometheus scrapes `dispatchwatch serve-demo`, and both
// scrape a real prometheus-node-exporter and must agree on what they got. Everything runs on 127.0.0.1,
// started here and stopped by process id. Needs the Debian packages prometheus and prometheus-node-exporter.

#include "prometheus_server.h"
#include "scrape/target_scraper.h"

#include <QJsonObject>
#include <QStandardPaths>
#include <QtTest>

using namespace dw;

class PrometheusScrapeTest : public QObject {
    Q_OBJECT

    QProcess m_exporter;
    PrometheusServer m_prometheus;

private slots:
    void cleanup() {
        m_prometheus.stop();
        PrometheusServer::stopProcess(m_exporter);
    }

    void prometheusScrapesTheDemo() {
        m_exporter.start(QStringLiteral(DW_APP_PATH), {"serve-demo", "--scenario", "compozy"});
        QVERIFY(m_exporter.waitForStarted(10000));
        QVERIFY(m_exporter.waitForReadyRead(10000));
        const QString firstLine = QString::fromUtf8(m_exporter.readLine()).trimmed();
        QVERIFY2(firstLine.startsWith("serving http://127.0.0.1:") && firstLine.endsWith("/metrics"),
                 qPrintable(firstLine));
        const QUrl target(firstLine.section(' ', 1));

        const QString error = m_prometheus.start(
            QStringLiteral("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                           "scrape_configs:\n  - job_name: compozy-demo\n    static_configs:\n"
                           "      - targets: ['127.0.0.1:%1']\n")
                .arg(target.port()));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // up becomes 1 once Prometheus has scraped the exporter successfully.
        QTRY_VERIFY2_WITH_TIMEOUT(m_prometheus.value("up{job=\"compozy-demo\"}") == 1.0,
                                  qPrintable("Prometheus never saw the target up:\n" + m_prometheus.output()),
                                  30000);
        const QJsonArray health = m_prometheus.query("compozy_dispatcher_health_status");
        QCOMPARE(health.size(), 6);
        for (const QJsonValue& series : health) {
            const QJsonObject labels = series.toObject().value("metric").toObject();
            QVERIFY(labels.value("dispatcher_id").toString().startsWith("dispatcher-"));
            QCOMPARE(labels.value("is_stale").toString(), QString("false"));
            QCOMPARE(labels.value("otel_scope_name").toString(), QString("compozy"));
            QCOMPARE(labels.value("instance").toString(), QStringLiteral("127.0.0.1:%1").arg(target.port()));
        }
        QCOMPARE(m_prometheus.value("sum(compozy_dispatcher_active_total)"), 6.0);
        QVERIFY(m_prometheus.value("scrape_samples_scraped{job=\"compozy-demo\"}") > 100);

        // DispatchWatch scrapes the same exporter and stores what Prometheus stored.
        SeriesStore store;
        SystemClock clock;
        QNetworkAccessManager network;
        TargetSpec spec;
        spec.url = target;
        spec.job = "compozy-demo";
        spec.labels = {{"instance", spec.instance()}, {"job", "compozy-demo"}};
        spec.labels.front().value = QStringLiteral("127.0.0.1:%1").arg(target.port()).toStdString();
        TargetScraper scraper(spec, store, network, clock);
        bool done = false;
        scraper.scrapeNow([&] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QVERIFY2(scraper.health().state == TargetHealth::State::Up, scraper.health().lastError.c_str());
        QVERIFY(scraper.health().samples > 100);
        QCOMPARE(store.seriesWithName("compozy_dispatcher_health_status").size(), std::size_t(6));

        m_prometheus.stop();
        m_exporter.terminate();
        QVERIFY(m_exporter.waitForFinished(10000));
        QCOMPARE(m_exporter.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_exporter.exitCode(), 0); // stopped cleanly on SIGTERM
        QVERIFY(m_exporter.readAllStandardError().contains("stopped after"));
    }

    // The same node exporter scraped by Prometheus and by DispatchWatch: both up, the same sample count.
    void nodeExporterAgreesWithPrometheus() {
        const QString binary = QStandardPaths::findExecutable("prometheus-node-exporter");
        QVERIFY2(!binary.isEmpty(),
                 "prometheus-node-exporter is not installed (Debian package prometheus-node-exporter)");
        const quint16 port = PrometheusServer::freePort();
        // A fixed set of collectors whose series do not come and go between two scrapes.
        m_exporter.start(binary, {QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port),
                                  "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo",
                                  "--collector.loadavg", "--collector.stat", "--collector.uname",
                                  "--collector.time"});
        QVERIFY(m_exporter.waitForStarted(10000));
        const QString error =
            m_prometheus.start(QStringLiteral("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                                              "scrape_configs:\n  - job_name: node\n    static_configs:\n"
                                              "      - targets: ['127.0.0.1:%1']\n")
                                   .arg(port));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(m_prometheus.value("up{job=\"node\"}") == 1.0, 30000);

        SeriesStore store;
        SystemClock clock;
        QNetworkAccessManager network;
        TargetSpec spec;
        spec.url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port));
        spec.job = "node";
        spec.labels = {{"instance", spec.instance()}, {"job", "node"}};
        TargetScraper scraper(spec, store, network, clock);
        bool done = false;
        scraper.scrapeNow([&] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        const TargetHealth health = scraper.health();
        QVERIFY2(health.state == TargetHealth::State::Up, health.lastError.c_str());

        const double prometheusSamples = m_prometheus.value("scrape_samples_scraped{job=\"node\"}");
        QVERIFY(prometheusSamples > 50);
        QCOMPARE(double(health.samples), prometheusSamples);
        // Every sample became one series here, as there (no duplicates), plus the four report series.
        QCOMPARE(double(store.stats().series), prometheusSamples + 4);
    }
};

QTEST_GUILESS_MAIN(PrometheusScrapeTest)
#include "test_prometheus_scrape.moc"
