// `dispatchwatch dashboard check`, `dashboard export` and `rules export` as users run them: the dashboards
// the watched services ship, checked against the matching demo scenario scraped live, against a
// recording and against the real Prometheus server; exit codes; a profile exported and checked back.
#include "app_process.h"
#include "prometheus_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kApp = QStringLiteral(DW_APP_PATH);

QString dashboardFile(const QString& name) {
    return QStringLiteral(DW_SOURCE_DIR "/tests/data/dashboards/%1.json").arg(name);
}

QJsonObject parseReport(const AppRun& run) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s\n%s", qPrintable(run.out), qPrintable(run.err));
    return document.object();
}

QJsonObject panelNamed(const QJsonObject& report, const QString& title) {
    for (const QJsonValue& panel : report["panels"].toArray())
        if (panel.toObject()["title"].toString() == title) return panel.toObject();
    return {};
}

QStringList strings(const QJsonValue& array) {
    QStringList out;
    for (const QJsonValue& v : array.toArray())
        out << v.toString();
    return out;
}

} // namespace

class DashboardCliTest : public QObject {
    Q_OBJECT

private slots:
    // Each service's dashboard against its demo: the panels whose metrics the demo emits show data; the
    // others are named with the metrics the demo does not emit (drift between dashboard and exporter).
    void realDashboardsAgainstDemo_data() {
        QTest::addColumn<QString>("dashboard");
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("withData");
        QTest::addColumn<QStringList>("withoutData"); // "title=missing_metric"
        QTest::newRow("compozy") << "compozy-monitoring"
                                 << "compozy" << QStringList{"Dispatcher Health Status",
                                                             "Active Dispatchers",
                                                             "Dispatcher Uptime",
                                                             "Dispatcher Heartbeat Rate",
                                                             "Dispatcher Lifecycle Events",
                                                             "HTTP Requests In Flight",
                                                             "HTTP Request Rate"}
                                 << QStringList{"Service Uptime=compozy_uptime_seconds",
                                                "Build Information=compozy_build_info"};
        QTest::newRow("pupsourcing") << "pupsourcing-orchestrator"
                                     << "pupsourcing"
                                     << QStringList{"Active Workers by Replica Set",
                                                    "Generation Creation Rate", "Coordination Duration",
                                                    "Reconfiguration Rate", "Workers Running"}
                                     << QStringList{};
        QTest::newRow("daisi") << "daisi-events-processor"
                               << "daisi"
                               << QStringList{"Total Event Rate", "95th Percentile Event Processing Duration",
                                              "Event Processing Duration", "DLQ Worker Queue Length",
                                              "Onboarding Worker Queue Length"}
                               << QStringList{"Rate of DLQ Messages Dropped=dlq_tasks_dropped_total"};
    }
    void realDashboardsAgainstDemo() {
        QFETCH(QString, dashboard);
        QFETCH(QString, scenario);
        QFETCH(QStringList, withData);
        QFETCH(QStringList, withoutData);
        QProcess demo;
        const QString url = startDemo(kApp, demo, {"--scenario", scenario, "--speed", "30"});
        QVERIFY(!url.isEmpty());
        const AppRun run =
            runApp(kApp, {"dashboard", "check", dashboardFile(dashboard), "--against", url, "--json"});
        PrometheusServer::stopProcess(demo);
        const QJsonObject report = parseReport(run);
        QVERIFY2(!report.isEmpty(), qPrintable(run.err));
        for (const QString& title : withData) {
            const QJsonObject panel = panelNamed(report, title);
            QVERIFY2(!panel.isEmpty(), qPrintable(title));
            QVERIFY2(!panel["no_data"].toBool(), qPrintable(title + " has no data: " + run.out));
        }
        for (const QString& entry : withoutData) {
            const QString title = entry.section('=', 0, 0), metric = entry.section('=', 1);
            const QJsonObject panel = panelNamed(report, title);
            QVERIFY2(panel["no_data"].toBool(), qPrintable(title));
            QVERIFY2(strings(panel["missing_metrics"]).contains(metric), qPrintable(title));
        }
        // A panel without data is a problem to report: exit 1 exactly when there is one.
        const bool anyProblem = report["summary"].toObject()["panels_with_problems"].toInt() > 0;
        QCOMPARE(run.exitCode, anyProblem ? 1 : 0);
    }

    void exitCodes_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString unreachable =
            QStringLiteral("http://127.0.0.1:%1/metrics").arg(PrometheusServer::freePort());
        QTest::newRow("no file") << QStringList{"dashboard", "check"} << 3 << "exactly one FILE";
        QTest::newRow("two sources") << QStringList{"dashboard",
                                                    "check",
                                                    dashboardFile("compozy-monitoring"),
                                                    "--against",
                                                    "http://127.0.0.1:1/metrics",
                                                    "--recording",
                                                    "x"}
                                     << 3 << "at most one source";
        QTest::newRow("unknown option") << QStringList{"dashboard", "check", "--bogus"} << 3 << "bogus";
        QTest::newRow("unknown subcommand")
            << QStringList{"dashboard", "frobnicate"} << 3 << "unknown dashboard command";
        QTest::newRow("missing file")
            << QStringList{"dashboard", "check", "/nonexistent/d.json"} << 1 << "/nonexistent/d.json";
        QTest::newRow("unreachable target")
            << QStringList{"dashboard", "check",     dashboardFile("compozy-monitoring"),
                           "--against", unreachable, "--samples",
                           "1"}
            << 2 << "no target could be scraped";
        QTest::newRow("unreachable server")
            << QStringList{"dashboard", "check", dashboardFile("compozy-monitoring"), "--prometheus",
                           unreachable.chopped(8)}
            << 2 << "could not be reached";
        QTest::newRow("missing recording")
            << QStringList{"dashboard", "check", dashboardFile("compozy-monitoring"), "--recording",
                           "/nonexistent/r.dwrec"}
            << 2 << "/nonexistent/r.dwrec";
        QTest::newRow("parsed only") << QStringList{"dashboard", "check", dashboardFile("compozy-monitoring")}
                                     << 0 << "";
    }
    void exitCodes() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const AppRun run = runApp(kApp, arguments);
        QVERIFY2(run.exitCode == exitCode,
                 qPrintable(QString::number(run.exitCode) + "\n" + run.out + run.err));
        QVERIFY2((run.out + run.err).contains(message), qPrintable(run.out + run.err));
    }

    // Invalid JSON on standard input: where, in the editor's line and column, and what.
    void invalidJsonFromStdin() {
        const AppRun run = runApp(kApp, {"dashboard", "check", "-"}, 60000,
                                  "{\n  \"panels\": [\n    {\"type\": }\n  ]\n}\n");
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith("<stdin>:3:14: invalid JSON"), qPrintable(run.err));
        const AppRun json = runApp(kApp, {"dashboard", "check", "-", "--json"}, 60000, "{");
        QCOMPARE(json.exitCode, 1);
        QVERIFY2(parseReport(json)["error"].toString().contains("invalid JSON"), qPrintable(json.out));
    }

    // A profile's dashboard, exported, opens with the same panels and checks clean against the demo.
    void exportedProfileChecksClean() {
        QTemporaryDir dir;
        const QString file = dir.filePath("compozy.json");
        AppRun run = runApp(kApp, {"dashboard", "export", "--profile", "compozy", "--out", file});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QFile exported(file);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        const QJsonObject dashboard = QJsonDocument::fromJson(exported.readAll()).object();
        QCOMPARE(dashboard["schemaVersion"].toInt(), 39);
        QStringList variables;
        for (const QJsonValue& v : dashboard["templating"].toObject()["list"].toArray())
            variables << v.toObject()["name"].toString();
        QCOMPARE(variables, (QStringList{"datasource", "job", "instance"}));

        QProcess demo;
        const QString url = startDemo(kApp, demo, {"--scenario", "compozy", "--speed", "30"});
        QVERIFY(!url.isEmpty());
        run = runApp(kApp, {"dashboard", "check", file, "--against", url, "--json"});
        PrometheusServer::stopProcess(demo);
        const QJsonObject report = parseReport(run);
        QStringList titles;
        for (const QJsonValue& p : report["panels"].toArray()) {
            titles << p.toObject()["title"].toString();
            QVERIFY2(strings(p.toObject()["problems"]).isEmpty(), qPrintable(run.out));
        }
        // The profile's own panels, between the stat tiles and the heartbeat timeline.
        for (const char* title :
             {"Dispatcher Health Status", "Active Dispatchers", "Dispatcher Uptime",
              "Dispatcher Heartbeat Rate", "Dispatcher Lifecycle Events", "Dispatcher State"})
            QVERIFY2(titles.contains(title), title);
        QVERIFY(titles.contains("Dispatchers") && titles.contains("Dispatcher heartbeats"));
        QVERIFY2(run.exitCode == 0, qPrintable(run.out));
    }

    void exportErrors() {
        AppRun run = runApp(kApp, {"dashboard", "export"});
        QCOMPARE(run.exitCode, 2);
        run = runApp(kApp, {"dashboard", "export", "--profile", "nosuch"});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("no profile \"nosuch\"; the profiles are: compozy"), qPrintable(run.err));
    }

    // Every built-in profile's rules export as a file promtool accepts.
    void rulesExportPassesPromtool_data() {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<int>("rules");
        QTest::newRow("compozy") << "compozy" << 5;
        QTest::newRow("pupsourcing") << "pupsourcing" << 0;
        QTest::newRow("daisi") << "daisi" << 0;
    }
    void rulesExportPassesPromtool() {
        QFETCH(QString, profile);
        QFETCH(int, rules);
        const QString promtool = QStandardPaths::findExecutable("promtool");
        QVERIFY2(!promtool.isEmpty(), "promtool is not installed (Debian package prometheus)");
        QTemporaryDir dir;
        const QString file = dir.filePath("rules.yml");
        const AppRun run = runApp(kApp, {"rules", "export", "--profile", profile, "--out", file});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QProcess check;
        check.setProcessChannelMode(QProcess::MergedChannels);
        check.start(promtool, {"check", "rules", file});
        QVERIFY(check.waitForFinished(30000));
        const QString output = QString::fromUtf8(check.readAll());
        QVERIFY2(check.exitCode() == 0, qPrintable(output));
        if (rules > 0)
            QVERIFY2(output.contains(QStringLiteral("SUCCESS: %1 rules found").arg(rules)),
                     qPrintable(output));
    }

    // A recording of the demo, checked after the fact.
    void againstRecording() {
        QTemporaryDir dir;
        const QString recording = dir.filePath("demo.dwrec");
        AppRun run = runApp(kApp, {"record", "--demo", "--speed", "30", "--interval", "1s", "--duration",
                                   "4s", "--out", recording});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        run = runApp(kApp, {"dashboard", "check", dashboardFile("compozy-monitoring"), "--recording",
                            recording, "--json"});
        const QJsonObject report = parseReport(run);
        QVERIFY2(report["summary"].toObject()["source"].toString() == "recording demo.dwrec",
                 qPrintable(run.out));
        QVERIFY(!panelNamed(report, "Dispatcher Health Status")["no_data"].toBool());
        QVERIFY(panelNamed(report, "Build Information")["no_data"].toBool());
        QCOMPARE(run.exitCode, 1);
    }

    // The real Prometheus scraping the demo, read through its API as Grafana would.
    void againstPrometheus() {
        QProcess demo;
        const QString url = startDemo(kApp, demo, {"--scenario", "compozy", "--speed", "30"});
        QVERIFY(!url.isEmpty());
        const QString target = QUrl(url).authority();
        PrometheusServer prometheus;
        const QString error = prometheus.start("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                                               "scrape_configs:\n  - job_name: compozy\n    static_configs:\n"
                                               "      - targets: ['" +
                                               target + "']\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(prometheus.value("count(rate(compozy_dispatcher_heartbeat_total[5m]))") > 0,
                                 30000);
        const AppRun run = runApp(kApp, {"dashboard", "check", dashboardFile("compozy-monitoring"),
                                         "--prometheus", prometheus.baseUrl(), "--json"});
        prometheus.stop();
        PrometheusServer::stopProcess(demo);
        const QJsonObject report = parseReport(run);
        QVERIFY2(
            report["summary"].toObject()["source"].toString().startsWith("Prometheus at http://127.0.0.1:"),
            qPrintable(run.out));
        for (const char* title :
             {"Dispatcher Health Status", "Dispatcher Heartbeat Rate", "Dispatcher Lifecycle Events"})
            QVERIFY2(!panelNamed(report, title)["no_data"].toBool(), title);
        QVERIFY(strings(panelNamed(report, "Build Information")["missing_metrics"])
                    .contains("compozy_build_info"));
        QCOMPARE(run.exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(DashboardCliTest)
#include "test_dashboard_cli.moc"
