// The window watching a real Prometheus server (Debian's, scraping the demo exporter every second), driven
// offscreen: the server's targets and entities appear, marked as the server's; when the server stops the
// window goes on, says the server is unreachable and shows the entities unknown with the reason; when it
// comes back everything recovers. Everything on 127.0.0.1, started here and stopped by process id.
#include "main_window.h"
#include "prometheus_server.h"

#include <QApplication>
#include <QtTest>

using namespace dw;

class PrometheusWindowTest : public QObject {
    Q_OBJECT

private slots:
    void serverThatStopsAndComesBack() {
        QProcess exporter;
        exporter.start(QStringLiteral(DW_APP_PATH), {"serve-demo", "--scenario", "compozy"});
        QVERIFY(exporter.waitForStarted(10000) && exporter.waitForReadyRead(10000));
        const QUrl target(QString::fromUtf8(exporter.readLine()).trimmed().section(' ', 1));
        PrometheusServer prometheus;
        QString error =
            prometheus.start(QStringLiteral("global:\n  scrape_interval: 1s\nscrape_configs:\n"
                                            "  - job_name: compozy\n    static_configs: [{targets: "
                                            "['127.0.0.1:%1']}]\n")
                                 .arg(target.port()));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(prometheus.waitUntilReady().isEmpty(), qPrintable(prometheus.output()));
        QTRY_VERIFY_WITH_TIMEOUT(prometheus.value("up{job=\"compozy\"}") == 1.0, 30000);

        Theme theme(Theme::Kind::Light);
        MonitorSession session(std::make_shared<SystemClock>(), ProfileSet::load({}));
        MainWindow window(session, theme, "test");
        window.resize(1200, 800);
        window.show();
        std::string message;
        PrometheusServerSpec server = *PrometheusServerSpec::fromUrl(prometheus.baseUrl(), message);
        server.http.timeoutMs = 2000;
        session.setRefreshInterval(1000);
        session.setPrometheusServers({server});
        session.start();
        const QString name = "Prometheus " + prometheus.baseUrl();
        auto latest = [&] { return session.latest(); };
        auto allEntities = [&](HealthState state) {
            const auto snapshot = latest();
            if (!snapshot || snapshot->entities.size() != 6) return false;
            for (const EntityHealth& e : snapshot->entities)
                if (e.state != state) return false;
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allEntities(HealthState::Healthy), 30000);
        QCOMPARE(latest()->targets.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(latest()->targets.front().source), name);
        QTRY_VERIFY2_WITH_TIMEOUT(window.statusText().contains(name + " (1 targets)"),
                                  qPrintable(window.statusText()), 10000);

        prometheus.stop();
        QTRY_VERIFY_WITH_TIMEOUT(allEntities(HealthState::Unknown), 30000);
        const EntityHealth& unknown = latest()->entities.front();
        QCOMPARE(unknown.reason.kind, Reason::Kind::TargetDown);
        QVERIFY2(QString::fromStdString(describe(unknown.reason)).contains("connection refused"),
                 describe(unknown.reason).c_str());
        QTRY_VERIFY2_WITH_TIMEOUT(window.statusText().contains(name + " (unreachable)"),
                                  qPrintable(window.statusText()), 10000);
        // The UI thread stayed free: events are handled at once.
        QElapsedTimer responsive;
        responsive.start();
        QCoreApplication::processEvents();
        QVERIFY(responsive.elapsed() < 500);

        QVERIFY(prometheus.restart().isEmpty());
        QVERIFY2(prometheus.waitUntilReady().isEmpty(), qPrintable(prometheus.output()));
        QTRY_VERIFY_WITH_TIMEOUT(allEntities(HealthState::Healthy), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(window.statusText().contains(name + " (1 targets)"), 10000);
        prometheus.stop();
        PrometheusServer::stopProcess(exporter);
    }
};

QTEST_MAIN(PrometheusWindowTest)
#include "test_prometheus_window.moc"
