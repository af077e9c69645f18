// The window watching a real Prometheus server (Debian's, scraping the demo exporter every second), driven
// offscreen: the server's targets and entities appear, marked as the server's; when the server stops the
// window goes on, says the server is unreachable and shows the entities unknown with the reason; when it
// comes back everything recovers. Explore's queries and metric browser reach the server; the server's own
// alerts are shown, marked as the server's. Everything on
// 127.0.0.1, started here and stopped by process id.
#include "main_window.h"
#include "monitor/server_panels.h"
#include "prometheus_server.h"

#include <QApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace dw;

class PrometheusWindowTest : public QObject {
    Q_OBJECT

    QProcess exporter;

private slots:
    void cleanup() { PrometheusServer::stopProcess(exporter); }

    void serverThatStopsAndComesBack() {
        exporter.start(QStringLiteral(DW_APP_PATH), {"serve-demo", "--scenario", "compozy"});
        QVERIFY(exporter.waitForStarted(10000) && exporter.waitForReadyRead(10000));
        const QUrl target(QString::fromUtf8(exporter.readLine()).trimmed().section(' ', 1));
        // The server evaluates a rule of its own, firing at once.
        QTemporaryDir dir;
        QFile rules(dir.filePath("rules.yml"));
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write("groups:\n  - name: demo\n    rules:\n      - alert: DemoScraped\n        expr: up == 1\n"
                    "        annotations: {summary: the demo is scraped}\n");
        rules.close();
        PrometheusServer prometheus;
        QString error =
            prometheus.start(QStringLiteral("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                                            "rule_files: ['%1']\nscrape_configs:\n"
                                            "  - job_name: compozy\n    static_configs: [{targets: "
                                            "['127.0.0.1:%2']}]\n")
                                 .arg(rules.fileName())
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
        // Nobody chose the PromQL semantics: the window follows the server's, Debian's Prometheus 2.42.
        QCOMPARE(session.promqlGeneration(), promql::Generation::Prometheus3);
        QSignalSpy generation(&session, &MonitorSession::promqlGenerationChanged);
        session.followServerGeneration();
        QVERIFY(generation.wait(10000));
        QCOMPARE(generation.first().first().toInt(), 2);
        QCOMPARE(session.promqlGeneration(), promql::Generation::Prometheus2);
        QCOMPARE(latest()->targets.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(latest()->targets.front().source), name);
        QTRY_VERIFY2_WITH_TIMEOUT(window.statusText().contains(name + " (1 targets)"),
                                  qPrintable(window.statusText()), 10000);
        // The server's own alert is shown beside DispatchWatch's, marked as the server's.
        auto serverAlert = [&]() -> std::optional<Alert> {
            for (const Alert& a : latest()->alerts)
                if (a.rule == "DemoScraped") return a;
            return std::nullopt;
        };
        QTRY_VERIFY_WITH_TIMEOUT(serverAlert().has_value(), 20000);
        QCOMPARE(QString::fromStdString(serverAlert()->source), name);
        QCOMPARE(serverAlert()->state, Alert::State::Firing);
        // check lists it too, marked, without letting the server's alert decide its exit code.
        QProcess check;
        check.start(QStringLiteral(DW_APP_PATH), {"check", "--prometheus", prometheus.baseUrl(), "--json"});
        QVERIFY(check.waitForFinished(60000));
        const QJsonObject report = QJsonDocument::fromJson(check.readAllStandardOutput()).object();
        QCOMPARE(check.exitCode(), 0);
        bool listed = false;
        for (const QJsonValue& alert : report.value("alerts").toArray())
            listed = listed || (alert.toObject().value("name") == "DemoScraped" &&
                                alert.toObject().value("source") == name);
        QVERIFY2(listed, QJsonDocument(report).toJson().constData());

        // Explore asks the server for what health did not copy here (Prometheus's own scrape_series_added),
        // at the chart's resolution, and its metric browser lists the server's names.
        std::optional<MonitorSession::QueryOutcome> outcome;
        session.runQuery("scrape_series_added", 60000, 120, &window,
                         [&](MonitorSession::QueryOutcome o) { outcome = std::move(o); });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QVERIFY2(outcome->error.empty(), outcome->error.c_str());
        QCOMPARE(outcome->result.series.size(), std::size_t(1));
        QCOMPARE(outcome->lines.size(), std::size_t(1));
        QVERIFY(outcome->result.series.front().points.size() >=
                2); // a point per 1 s step since scraping began
        // A series both the store (health's copy) and the server answer for is shown once.
        outcome.reset();
        session.runQuery("compozy_dispatcher_heartbeat_total", 60000, 120, &window,
                         [&](MonitorSession::QueryOutcome o) { outcome = std::move(o); });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QCOMPARE(outcome->result.series.size(), std::size_t(6));
        QCOMPARE(outcome->lines.size(), std::size_t(6));
        outcome.reset();
        session.runQuery("rate(up[", 0, 120, &window,
                         [&](MonitorSession::QueryOutcome o) { outcome = std::move(o); });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QVERIFY(outcome->errorColumn >= 0); // the local parser places syntax errors
        std::optional<MonitorSession::MetricList> metrics;
        session.listMetrics(&window, [&](MonitorSession::MetricList list) { metrics = std::move(list); });
        QTRY_VERIFY_WITH_TIMEOUT(metrics.has_value(), 10000);
        QVERIFY(
            std::any_of(metrics->metrics.begin(), metrics->metrics.end(),
                        [](const MonitorSession::MetricInfo& m) { return m.name == "scrape_series_added"; }));
        // Metadata the store does not have comes from the server (/api/v1/metadata).
        QVERIFY(std::any_of(metrics->metrics.begin(), metrics->metrics.end(),
                            [](const MonitorSession::MetricInfo& m) {
                                return m.name == "compozy_dispatcher_lifecycle_events_total" &&
                                       m.metadata.type == MetricType::Counter;
                            }));
        QVERIFY(std::any_of(metrics->metrics.begin(), metrics->metrics.end(),
                            [](const MonitorSession::MetricInfo& m) {
                                return m.name == "compozy_dispatcher_heartbeat_total" && m.series == 6;
                            }));

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
    }

    // Charts over a range longer than the store keeps (the health window, 65 minutes) are drawn from the
    // server's query_range: a dispatcher whose uptime the server holds from three to two hours ago appears
    // in the 4-hour uptime chart.
    void longChartsComeFromTheServer() {
        QTemporaryDir dir;
        QFile data(dir.filePath("fleet.om"));
        QVERIFY(data.open(QIODevice::WriteOnly));
        const std::int64_t now = QDateTime::currentMSecsSinceEpoch() / 1000;
        QByteArray text = "# TYPE compozy_dispatcher_uptime_seconds gauge\n";
        for (std::int64_t t = now - 3 * 3600; t <= now - 2 * 3600; t += 15)
            text += QByteArray("compozy_dispatcher_uptime_seconds{job=\"old\",instance=\"a:1\",dispatcher_id="
                               "\"dispatcher-old\"} ") +
                    QByteArray::number(t - (now - 3 * 3600)) + " " + QByteArray::number(t) + "\n";
        text += "# TYPE compozy_dispatcher_heartbeat counter\n";
        for (std::int64_t t = now - 20 * 60; t <= now - 60; t += 15)
            text += QByteArray("compozy_dispatcher_heartbeat_total{job=\"new\",instance=\"b:1\",dispatcher_"
                               "id=\"dispatcher-new\"} ") +
                    QByteArray::number((t - now) / 15 + 100) + " " + QByteArray::number(t) + "\n";
        text += "# EOF\n";
        data.write(text);
        data.close();
        QVERIFY2(PrometheusServer::backfill(data.fileName(), dir.filePath("tsdb")).isEmpty(),
                 "backfill failed");
        PrometheusServer prometheus;
        const QString error = prometheus.startOnStorage(dir.filePath("tsdb"));
        QVERIFY2(error.isEmpty(), qPrintable(error));

        Theme theme(Theme::Kind::Light);
        MonitorSession session(std::make_shared<SystemClock>(), ProfileSet::load({}));
        MainWindow window(session, theme, "test");
        std::string message;
        session.setPrometheusServers({*PrometheusServerSpec::fromUrl(prometheus.baseUrl(), message)});
        SnapshotBuilder::Options options;
        options.rangeMs = 4 * 3600 * 1000;
        options.columns = 240; // one point a minute
        session.setOptions(options);
        session.setRefreshInterval(1000);
        session.start();
        auto oldLine = [&]() -> std::optional<ChartLine> {
            const auto snapshot = session.latest();
            if (!snapshot) return std::nullopt;
            for (const PanelData& panel : snapshot->panels)
                if (panel.panel.title == "Dispatcher Uptime")
                    for (const ChartLine& line : panel.lines)
                        if (line.legend == "dispatcher-old") return line;
            return std::nullopt;
        };
        QTRY_VERIFY_WITH_TIMEOUT(oldLine().has_value(), 30000);
        std::size_t points = 0;
        const ChartLine line = *oldLine();
        for (const auto& segment : line.segments)
            points += segment.size();
        QVERIFY2(points >= 50,
                 qPrintable(QString::number(points))); // the hour, at one-minute steps, decimated
        // After the first answer, a refresh a minute later asks only for the new step and the last one again.
        {
            ServerPanels panels({"compozy_dispatcher_heartbeat_total"});
            QNetworkAccessManager network;
            QObject owner;
            const auto server = *PrometheusServerSpec::fromUrl(prometheus.baseUrl(), message);
            const std::int64_t at = (now - 60) * 1000;
            int answers = 0;
            panels.refresh(network, server, owner, at, 3600 * 1000, 60, [&] { ++answers; });
            QTRY_COMPARE_WITH_TIMEOUT(answers, 1, 10000);
            const std::size_t first = panels.lastAnswerPoints(); // one series, a point per minute of data
            QVERIFY2(first >= 15, qPrintable(QString::number(first)));
            panels.refresh(network, server, owner, at + 60000, 3600 * 1000, 60, [&] { ++answers; });
            QTRY_COMPARE_WITH_TIMEOUT(answers, 2, 10000);
            QVERIFY2(panels.lastAnswerPoints() <= 2, qPrintable(QString::number(panels.lastAnswerPoints())));
            QCOMPARE(panels.results().at("compozy_dispatcher_heartbeat_total")->front().points.size(),
                     std::size_t(20));
        }
        // The store itself never held it: health's copy reaches back 65 minutes only.
        for (SeriesRef ref : session.store().seriesWithName("compozy_dispatcher_uptime_seconds"))
            QVERIFY(labelValue(session.store().labels(ref), "dispatcher_id") != "dispatcher-old");
        prometheus.stop();
    }
};

QTEST_MAIN(PrometheusWindowTest)
#include "test_prometheus_window.moc"
