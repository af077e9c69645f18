// The headless commands as users run them: exit codes, diagnostics on stderr, --help, stdin, URLs.

#include "http_fixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs dispatchwatch while spinning the event loop, so an HttpFixture in this thread can answer it.
Run runApp(const QStringList& arguments, const QByteArray& stdinData = {}) {
    QProcess process;
    process.start(QStringLiteral(DW_APP_PATH), arguments);
    if (!process.waitForStarted(10000)) return {};
    if (!stdinData.isNull()) process.write(stdinData);
    process.closeWriteChannel();
    QElapsedTimer timer;
    timer.start();
    while (process.state() != QProcess::NotRunning && timer.elapsed() < 30000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        process.waitForFinished(5);
    }
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

QString dataFile(const char* name) {
    return QStringLiteral(DW_SOURCE_DIR "/tests/data/") + name;
}

} // namespace

class CliTest : public QObject {
    Q_OBJECT

private slots:
    void topLevelHelp() {
        const Run run = runApp({"--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("validate"));
        QVERIFY(run.out.contains("lint"));
        QVERIFY(run.out.contains("Prometheus notation"));
        QCOMPARE(runApp({"frobnicate"}).exitCode, 2);
    }

    void commandHelp_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("validate") << "validate"
                                  << "--format";
        QTest::newRow("lint") << "lint"
                              << "--labels";
    }
    void commandHelp() {
        QFETCH(QString, command);
        QFETCH(QString, mentions);
        const Run run = runApp({command, "--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(mentions));
    }

    void validate_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrContains");
        QTest::newRow("valid file") << QStringList{"validate", dataFile("compozy_otel.prom")} << QByteArray()
                                    << 0 << "";
        QTest::newRow("valid stdin") << QStringList{"validate", "-"} << QByteArray("a 1\n") << 0 << "";
        QTest::newRow("invalid stdin") << QStringList{"validate", "-"} << QByteArray("a 1\nb{ 2\n") << 1
                                       << "<stdin>:2:4: invalid label name: \"2\"";
        QTest::newRow("openmetrics guessed")
            << QStringList{"validate", "-"} << QByteArray("a 1\n# EOF\n") << 0 << "";
        QTest::newRow("openmetrics forced")
            << QStringList{"validate", "--format", "openmetrics", "-"} << QByteArray("a 1\n") << 1 << "# EOF";
        QTest::newRow("bad format") << QStringList{"validate", "--format", "json", "-"} << QByteArray("") << 2
                                    << "unknown --format";
        QTest::newRow("no input") << QStringList{"validate"} << QByteArray() << 2 << "exactly one FILE";
        QTest::newRow("missing file") << QStringList{"validate", "/nonexistent/x.prom"} << QByteArray() << 1
                                      << "cannot read /nonexistent/x.prom";
        QTest::newRow("unknown option")
            << QStringList{"validate", "--frob", "-"} << QByteArray() << 2 << "frob";
    }
    void validate() {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, input);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrContains);
        const Run run = runApp(arguments, input);
        QCOMPARE(run.exitCode, exitCode);
        if (stderrContains.isEmpty())
            QCOMPARE(run.err, QString());
        else
            QVERIFY2(run.err.contains(stderrContains), qPrintable(run.err));
    }

    void lintExitCodes_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrContains");
        QTest::newRow("policy errors")
            << QStringList{"lint", dataFile("compozy_otel.prom")} << 1 << "6 errors, 1 warnings";
        QTest::newRow("warnings only")
            << QStringList{"lint", "--no-label-policy", dataFile("compozy_otel.prom")} << 0
            << "0 errors, 1 warnings";
        QTest::newRow("werror") << QStringList{"lint", "--werror", "--no-label-policy",
                                               dataFile("compozy_otel.prom")}
                                << 1 << "non-counter metrics";
        QTest::newRow("bad timeout") << QStringList{"lint", "--timeout", "soon", "-"} << 2
                                     << "invalid --timeout";
        QTest::newRow("missing policy")
            << QStringList{"lint", "--labels", "/nonexistent.yaml", "-"} << 2 << "cannot read label policy";
    }
    void lintExitCodes() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrContains);
        const Run run = runApp(arguments, QByteArray(""));
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(stderrContains), qPrintable(run.err));
    }

    void lintCustomPolicy() {
        QTemporaryDir dir;
        const QString policy = dir.filePath("policy.yaml");
        QFile file(policy);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("rules:\n  - metrics: [\"compozy_dispatcher_*\"]\n    allowed: [dispatcher_id]\n");
        file.close();
        const Run run = runApp({"lint", "--labels", policy, "--json", dataFile("compozy_otel.prom")});
        QCOMPARE(run.exitCode, 1);
        const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
        // is_stale and the three otel_scope labels on the health gauge; HTTP labels are now unrestricted.
        QCOMPARE(report.value("errors").toInt(), 4 + 3 * 3);
        QVERIFY(run.out.contains("is_stale"));
        QVERIFY(!run.out.contains("http_method"));

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("rules:\n  - metrics: a\n    allowd: [b]\n");
        file.close();
        const Run bad = runApp({"lint", "--labels", policy, "-"}, "");
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("policy.yaml:2:5: each rule needs"), qPrintable(bad.err));
    }

    void serveDemoList() {
        const Run run = runApp({"serve-demo", "--list"});
        QCOMPARE(run.exitCode, 0);
        for (const char* name : {"compozy", "compozy-docs", "pupsourcing", "daisi"})
            QVERIFY2(run.out.contains(QString("\n") + name + " ") || run.out.startsWith(QString(name) + " "),
                     name);
    }

    void serveDemoUsageErrors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("stderrContains");
        QTest::newRow("speed zero") << QStringList{"serve-demo", "--speed", "0"} << "invalid --speed";
        QTest::newRow("speed word") << QStringList{"serve-demo", "--speed", "fast"} << "invalid --speed";
        QTest::newRow("listen without port")
            << QStringList{"serve-demo", "--listen", "127.0.0.1"} << "ADDRESS:PORT";
        QTest::newRow("listen host name")
            << QStringList{"serve-demo", "--listen", "example:80"} << "use an IP address";
        QTest::newRow("unknown scenario")
            << QStringList{"serve-demo", "--scenario", "nomad"} << "no built-in scenario \"nomad\"";
        QTest::newRow("bad seed") << QStringList{"serve-demo", "--seed", "x"} << "invalid --seed";
    }
    void serveDemoUsageErrors() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, stderrContains);
        const Run run = runApp(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(stderrContains), qPrintable(run.err));
    }

    void serveDemoScenarioFileErrorsNameTheLine() {
        QTemporaryDir dir;
        QFile file(dir.filePath("broken.yaml"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("system: compozy\nentities:\n  - id: a\nincidents:\n  - at: soon\n    action: stop\n    "
                   "target: a\n");
        file.close();
        const Run run = runApp({"serve-demo", "--scenario", file.fileName()});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("broken.yaml:5:9: \"at\" must be a duration"), qPrintable(run.err));
    }

    void serveDemoRunsAndStopsOnSignal() {
        QProcess process;
        process.start(QStringLiteral(DW_APP_PATH),
                      {"serve-demo", "--scenario", "pupsourcing", "--speed", "10", "--seed", "5"});
        QVERIFY(process.waitForReadyRead(10000));
        const QString first = QString::fromUtf8(process.readLine());
        QVERIFY2(
            QRegularExpression("^serving http://127\\.0\\.0\\.1:\\d+/metrics\n$").match(first).hasMatch(),
            qPrintable(first));
        const Run lint = runApp({"lint", "--no-label-policy", first.section(' ', 1).trimmed()});
        QCOMPARE(lint.exitCode, 0);
        QVERIFY2(lint.err.contains("0 errors, 0 warnings"), qPrintable(lint.err));
        process.terminate();
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains("speed 10x, seed 5") && err.contains("stopped after 1 scrapes"),
                 qPrintable(err));
    }

    void checkReportsDispatcherHealth() {
        HttpFixture server;
        server.route("/healthy",
                     {200, "text/plain; version=0.0.4",
                      "# TYPE compozy_dispatcher_heartbeat_total counter\n"
                      "compozy_dispatcher_heartbeat_total{dispatcher_id=\"d1\"} 5\n"
                      "# TYPE compozy_dispatcher_health_status gauge\n"
                      "compozy_dispatcher_health_status{dispatcher_id=\"d1\",is_stale=\"false\"} 1\n"});
        server.route("/troubled",
                     {200, "text/plain; version=0.0.4",
                      "# TYPE compozy_dispatcher_heartbeat_total counter\n"
                      "compozy_dispatcher_heartbeat_total{dispatcher_id=\"d1\"} 5\n"
                      "compozy_dispatcher_heartbeat_total{dispatcher_id=\"d2\"} 3\n"
                      "# TYPE compozy_dispatcher_health_status gauge\n"
                      "compozy_dispatcher_health_status{dispatcher_id=\"d1\",is_stale=\"false\"} 1\n"
                      "compozy_dispatcher_health_status{dispatcher_id=\"d2\",is_stale=\"true\"} 0\n"
                      "# TYPE compozy_dispatcher_consecutive_failures gauge\n"
                      "compozy_dispatcher_consecutive_failures{dispatcher_id=\"d2\"} 7\n"});
        const QString base = QStringLiteral("http://127.0.0.1:%1/").arg(server.port());

        const Run healthy = runApp({"check", "--samples", "1", base + "healthy"});
        QCOMPARE(healthy.exitCode, 0);
        QVERIFY2(healthy.out.contains("d1") && healthy.out.contains("healthy"), qPrintable(healthy.out));

        const Run troubled = runApp({"check", "--samples", "2", "--interval", "100ms", base + "troubled"});
        QCOMPARE(troubled.exitCode, 1);
        QVERIFY2(troubled.out.contains("reported stale by the exporter, 7 consecutive failures"),
                 qPrintable(troubled.out));
        QVERIFY2(troubled.out.contains("FIRING  DispatcherStale: d2: reported stale"),
                 qPrintable(troubled.out));
        QVERIFY2(troubled.out.contains("pending CompozyDispatcherConsecutiveFailures"),
                 qPrintable(troubled.out));

        const Run json = runApp({"check", "--samples", "1", "--json", base + "troubled"});
        QCOMPARE(json.exitCode, 1);
        const QJsonObject report = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(report.value("summary").toObject().value("healthy").toBool(), false);
        QCOMPARE(report.value("profiles").toArray().first().toString(), QString("compozy"));
        const QJsonArray entities = report.value("entities").toArray();
        QCOMPARE(entities.size(), 2);
        QCOMPARE(entities.at(1).toObject().value("state").toString(), QString("stale"));
        QCOMPARE(entities.at(1).toObject().value("reported").toObject().value("consecutive_failures").toInt(),
                 7);

        // Thresholds per target: with none left to wait for, the quiet dispatcher is judged from heartbeats.
        const Run strict =
            runApp({"check", "--samples", "2", "--interval", "1100ms", "--stale-after",
                    "check/127.0.0.1:" + QString::number(server.port()) + "=1s", base + "healthy"});
        QCOMPARE(strict.exitCode, 1);
        QVERIFY2(strict.out.contains("no heartbeat since watching began 1s ago, threshold 1s"),
                 qPrintable(strict.out));
        QCOMPARE(runApp({"check", "--stale-after", "soon", base + "healthy"}).exitCode, 3);

        // A target down wins: exit 2, and the built-in TargetDown alert fires.
        const Run down = runApp({"check", "--samples", "1", base + "healthy", "http://127.0.0.1:1/metrics"});
        QCOMPARE(down.exitCode, 2);
        QVERIFY2(down.out.contains("FIRING  TargetDown: check/127.0.0.1:1 cannot be scraped"),
                 qPrintable(down.out));
    }

    // Without a display the window says so in one line and names the headless commands.
    void windowWithoutDisplay() {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(name);
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(DW_APP_PATH), {"--demo"});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 2);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.startsWith("dispatchwatch: no display") && err.contains("check, watch, query, replay") &&
                     err.count('\n') == 1,
                 qPrintable(err));
    }

    void queryOverData() {
        QTemporaryDir dir;
        QFile data(dir.filePath("data.om"));
        QVERIFY(data.open(QIODevice::WriteOnly));
        data.write("# TYPE jobs_total counter\n"
                   "jobs_total{job=\"a\"} 0 1700000000\njobs_total{job=\"a\"} 30 1700000015\n"
                   "jobs_total{job=\"a\"} 60 1700000030\n"
                   "jobs_total{job=\"b\"} 0 1700000000\njobs_total{job=\"b\"} 15 1700000015\n"
                   "jobs_total{job=\"b\"} 30 1700000030\n# EOF\n");
        data.close();

        // Without --time the query runs at the file's last sample.
        const Run text = runApp({"query", "sum by (job) (rate(jobs_total[30s]))", "--data", data.fileName()});
        QCOMPARE(text.exitCode, 0);
        QCOMPARE(text.out, QString("{job=\"a\"} => 2 @[1700000030]\n{job=\"b\"} => 1 @[1700000030]\n"));

        const Run json = runApp({"query", "jobs_total{job=\"a\"}", "--data", data.fileName(), "--time",
                                 "2023-11-14T22:13:35.5Z", "--json"});
        QCOMPARE(json.exitCode, 0);
        QCOMPARE(
            json.out,
            QString("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                    "{\"__name__\":\"jobs_total\",\"job\":\"a\"},\"value\":[1700000015.500,\"30\"]}]}}\n"));

        const Run range = runApp({"query", "jobs_total{job=\"b\"} / 15", "--data", data.fileName(), "--start",
                                  "1700000000", "--end", "1700000030", "--step", "15s", "--json"});
        QCOMPARE(range.exitCode, 0);
        QVERIFY2(
            range.out.contains("\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"job\":\"b\"},\"values\":"
                               "[[1700000000,\"0\"],[1700000015,\"1\"],[1700000030,\"2\"]]}]"),
            qPrintable(range.out));

        const Run badQuery = runApp({"query", "sum(jobs_total", "--data", data.fileName(), "--json"});
        QCOMPARE(badQuery.exitCode, 1);
        QVERIFY2(badQuery.err.startsWith("1:15: parse error: unclosed left parenthesis"),
                 qPrintable(badQuery.err));
        QVERIFY(badQuery.out.startsWith("{\"status\":\"error\",\"errorType\":\"bad_data\""));

        const Run manyToMany = runApp({"query", "jobs_total + on() jobs_total", "--data", data.fileName()});
        QCOMPARE(manyToMany.exitCode, 1);
        QVERIFY2(manyToMany.err.contains("many-to-many matching not allowed"), qPrintable(manyToMany.err));

        QFile bad(dir.filePath("bad.om"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("# TYPE x gauge\nx 1 1700000000\nx 2\n# EOF\n");
        bad.close();
        const Run badData = runApp({"query", "x", "--data", bad.fileName()});
        QCOMPARE(badData.exitCode, 1);
        QVERIFY2(badData.err.contains("bad.om:3:1: sample without a timestamp"), qPrintable(badData.err));
    }

    void queryUsageErrors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no expression") << QStringList{"query"};
        QTest::newRow("no samples") << QStringList{"query", "up"};
        QTest::newRow("data and url") << QStringList{"query", "up", "--data", "x.om", "http://127.0.0.1:1/"};
        QTest::newRow("start without end") << QStringList{"query", "up", "--data", "x.om", "--start", "0"};
        QTest::newRow("bad time") << QStringList{"query", "up", "--data", "/dev/null", "--time", "yesterday"};
    }
    void queryUsageErrors() {
        QFETCH(QStringList, arguments);
        const Run run = runApp(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.isEmpty());
    }

    void queryLiveTarget() {
        HttpFixture server;
        server.route("/metrics", {200, "text/plain; version=0.0.4", "# TYPE queue gauge\nqueue 7\n"});
        const QString url = QStringLiteral("http://127.0.0.1:%1/metrics").arg(server.port());
        const Run once = runApp({"query", "queue + up", url});
        QCOMPARE(once.exitCode, 0);
        QVERIFY2(once.out.contains(
                     QStringLiteral("{instance=\"127.0.0.1:%1\", job=\"check\"} => 8 @[").arg(server.port())),
                 qPrintable(once.out));
        // A range in the query makes it scrape for that long first.
        const Run ranged =
            runApp({"query", "count_over_time(queue[2s]) >= 4", url, "--interval", "200ms", "--json"});
        QCOMPARE(ranged.exitCode, 0);
        QVERIFY2(ranged.err.contains("scraping 1 target(s) every 200ms for 2s"), qPrintable(ranged.err));
        QVERIFY2(ranged.out.contains("\"result\":[{\"metric\":{\"instance\""), qPrintable(ranged.out));
    }

    void promqlTest() {
        QTemporaryDir dir;
        QFile script(dir.filePath("mixed.test"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(
            "load 1m\n  m 1+1x3\n\neval instant at 3m m\n  m 4\n\neval instant at 3m m * 2\n  {} 9\n");
        script.close();
        const Run mixed = runApp({"promql-test", script.fileName()});
        QCOMPARE(mixed.exitCode, 1);
        QVERIFY2(
            mixed.out.contains("mixed.test:7: eval instant at 3m m * 2\n    expected 9 for {} but got 8"),
            qPrintable(mixed.out));
        QVERIFY(mixed.out.endsWith("1 passed, 1 failed\n"));

        const QDir shared(QStringLiteral(DW_SHARED_DIR "/conformance/promql"));
        QStringList files;
        for (const QString& name : shared.entryList({"*.test"}))
            files << shared.filePath(name);
        QVERIFY(!files.isEmpty());
        // Prometheus 2.55's scripts expect closed range windows: they pass with --promql-compat 2, and
        // fail with Prometheus 3's default semantics.
        const Run conformance = runApp(QStringList{"promql-test", "--promql-compat", "2"} + files);
        QCOMPARE(conformance.exitCode, 0);
        QVERIFY2(QRegularExpression("^[1-9][0-9]* passed, 0 failed\n$").match(conformance.out).hasMatch(),
                 qPrintable(conformance.out));
        QCOMPARE(runApp(QStringList{"promql-test"} + files).exitCode, 1);
        const QString v3 = QStringLiteral(DW_SHARED_DIR "/conformance/promql-v3/selectors.test");
        const Run current = runApp({"promql-test", v3});
        QCOMPARE(current.exitCode, 0);
        QVERIFY2(current.out.endsWith(" passed, 0 failed\n"), qPrintable(current.out));
        const Run badCompat = runApp({"promql-test", "--promql-compat", "4", v3});
        QCOMPARE(badCompat.exitCode, 2);
        QVERIFY2(badCompat.err.contains("use 2 or 3"), qPrintable(badCompat.err));
    }

    void checkTargets() {
        HttpFixture server;
        server.route("/metrics", {200, "text/plain; version=0.0.4",
                                  "# TYPE jobs_total counter\njobs_total 4\nqueue 2\n"});
        server.route("/down", {503, "text/plain", "Monitoring service not initialized"});
        QTemporaryDir dir;
        QFile sd(dir.filePath("targets.json"));
        QVERIFY(sd.open(QIODevice::WriteOnly));
        sd.write(QStringLiteral("[{\"targets\": [\"127.0.0.1:%1\"], \"labels\": {\"team\": \"core\"}}]")
                     .arg(server.port())
                     .toUtf8());
        sd.close();
        QFile config(dir.filePath("prometheus.yml"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(
            QStringLiteral("global:\n  scrape_interval: 15s\nscrape_configs:\n"
                           "  - job_name: static\n    static_configs:\n      - targets: ['127.0.0.1:%1']\n"
                           "    relabel_configs: []\n"
                           "  - job_name: broken\n    metrics_path: /down\n    static_configs:\n      - "
                           "targets: ['127.0.0.1:%1']\n"
                           "  - job_name: files\n    file_sd_configs:\n      - files: [targets.json]\n")
                .arg(server.port())
                .toUtf8());
        config.close();

        const Run all = runApp(
            {"check", "--config", config.fileName(), "--samples", "2", "--interval", "100ms", "--json"});
        QCOMPARE(all.exitCode, 2); // the broken job's target is down
        const QJsonObject report = QJsonDocument::fromJson(all.out.toUtf8()).object();
        QCOMPARE(report.value("summary").toObject().value("targets").toInt(), 3);
        QCOMPARE(report.value("summary").toObject().value("up").toInt(), 2);
        for (const QJsonValue& value : report.value("targets").toArray()) {
            const QJsonObject target = value.toObject();
            QCOMPARE(target.value("scrapes").toInt(), 2);
            if (target.value("job").toString() == "broken") {
                QCOMPARE(target.value("state").toString(), QString("down"));
                QCOMPARE(target.value("last_error").toString(),
                         QString("HTTP 503: Monitoring service not initialized"));
            } else {
                QCOMPARE(target.value("state").toString(), QString("up"));
                QCOMPARE(target.value("samples").toInt(), 2);
            }
            if (target.value("job").toString() == "files")
                QCOMPARE(target.value("labels").toObject().value("team").toString(), QString("core"));
        }
        QVERIFY2(all.err.contains("prometheus.yml:7: relabel_configs is ignored"), qPrintable(all.err));

        const Run oneJob =
            runApp({"check", "--config", config.fileName(), "--job", "static", "--samples", "1"});
        QCOMPARE(oneJob.exitCode, 0);
        QVERIFY2(oneJob.out.contains("static/127.0.0.1:") && oneJob.out.contains("1 targets: 1 up, 0 down"),
                 qPrintable(oneJob.out));

        const Run withCredentials =
            runApp({"check", "--samples", "1", "http://support:hunter2@127.0.0.1:1/metrics"});
        QCOMPARE(withCredentials.exitCode, 2);
        QVERIFY(withCredentials.out.contains("connection refused"));
        QVERIFY(!withCredentials.out.contains("hunter2") && !withCredentials.err.contains("hunter2"));
    }

    // check, record and query follow a prometheus.yml's file_sd while they run: a target the file gains
    // after the first scrape is scraped from then on and shows in what the command reports.
    void discoveryFollowedWhileRunning_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("check") << QStringList{"check", "--samples", "5", "--interval", "600ms", "--json"};
        QTest::newRow("record") << QStringList{"record", "--duration", "3s", "--interval", "300ms"};
        QTest::newRow("query") << QStringList{"query", "count(up == 1)", "--scrape-for",
                                              "3s",    "--interval",     "300ms"};
    }
    void discoveryFollowedWhileRunning() {
        QFETCH(QStringList, arguments);
        HttpFixture first, second;
        for (HttpFixture* server : {&first, &second})
            server->route("/metrics", {200, "text/plain; version=0.0.4", "# TYPE queue gauge\nqueue 1\n"});
        QTemporaryDir dir;
        const auto writeTargets = [&](const QList<quint16>& ports) {
            QStringList quoted;
            for (quint16 port : ports)
                quoted << QStringLiteral("\"127.0.0.1:%1\"").arg(port);
            QFile sd(dir.filePath("targets.json"));
            QVERIFY(sd.open(QIODevice::WriteOnly | QIODevice::Truncate));
            sd.write(QStringLiteral("[{\"targets\": [%1]}]").arg(quoted.join(", ")).toUtf8());
        };
        writeTargets({first.port()});
        QFile config(dir.filePath("prometheus.yml"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(
            "scrape_configs:\n  - job_name: files\n    file_sd_configs:\n      - files: [targets.json]\n");
        config.close();
        const QString recording = dir.filePath("followed.dwrec");
        arguments << "--config" << config.fileName();
        if (arguments.front() == "record") arguments << "--out" << recording;

        QProcess process;
        process.start(QStringLiteral(DW_APP_PATH), arguments);
        QVERIFY(process.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(first.requestCount() >= 1, 10000);
        writeTargets({first.port(), second.port()});
        QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 30000);
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(second.requestCount() >= 1, qPrintable(err));
        const QString secondInstance = QStringLiteral("127.0.0.1:%1").arg(second.port());
        if (arguments.front() == "check") {
            QCOMPARE(process.exitCode(), 0);
            const QJsonObject report = QJsonDocument::fromJson(out.toUtf8()).object();
            QCOMPARE(report.value("summary").toObject().value("targets").toInt(), 2);
            QVERIFY2(out.contains(secondInstance), qPrintable(out));
        } else if (arguments.front() == "record") {
            QCOMPARE(process.exitCode(), 0);
            const Run info = runApp({"recording", "info", recording});
            QVERIFY2(info.out.contains(secondInstance), qPrintable(info.out));
        } else {
            QCOMPARE(process.exitCode(), 0);
            QVERIFY2(out.contains("{} => 2 @["), qPrintable(out));
        }
    }

    void checkUsageAndConfigErrors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("stderrContains");
        QTest::newRow("nothing to check") << QStringList{"check"} << "nothing to check";
        QTest::newRow("bad samples") << QStringList{"check", "--samples", "0", "http://127.0.0.1:1/"}
                                     << "invalid --samples";
        QTest::newRow("bad interval")
            << QStringList{"check", "--interval", "soon", "http://127.0.0.1:1/"} << "invalid --interval";
        QTest::newRow("not a url") << QStringList{"check", "ftp://x/"} << "not an http(s) URL";
        QTest::newRow("missing config")
            << QStringList{"check", "--config", "/nonexistent.yml"} << "cannot read /nonexistent.yml";
        QTest::newRow("unknown option") << QStringList{"check", "--frob"} << "frob";
    }
    void checkUsageAndConfigErrors() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, stderrContains);
        const Run run = runApp(arguments);
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains(stderrContains), qPrintable(run.err));
    }

    void checkRejectsAnInvalidConfigWithItsLine() {
        QTemporaryDir dir;
        QFile config(dir.filePath("p.yml"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 9s\n");
        config.close();
        const Run run = runApp({"check", "--config", config.fileName()});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains("p.yml:4:21: scrape_timeout (9s) is greater than scrape_interval (5s)"),
                 qPrintable(run.err));
    }

    void lintUrl() {
        HttpFixture server;
        QFile file(dataFile("compozy_otel.prom"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        server.route("/metrics", {200, "text/plain; version=0.0.4; charset=utf-8; escaping=underscores",
                                  file.readAll(), 0});
        server.route("/down", {503, "text/plain", "Monitoring service not initialized\n", 0});
        server.route("/om", {200, "application/openmetrics-text; version=1.0.0", "a_total 1\n", 0});

        const Run ok = runApp({"lint", "--json", server.url("/metrics")});
        QCOMPARE(ok.exitCode, 1);
        QCOMPARE(QJsonDocument::fromJson(ok.out.toUtf8()).object().value("errors").toInt(), 6);
        QVERIFY(
            server.lastRequestHeaders().contains("Accept: application/openmetrics-text;version=1.0.0;q=0.5"));
        QVERIFY(server.lastRequestHeaders().contains("User-Agent: DispatchWatch/"));

        const Run down = runApp({"lint", server.url("/down")});
        QCOMPARE(down.exitCode, 1);
        QVERIFY2(down.err.contains("HTTP 503: Monitoring service not initialized"), qPrintable(down.err));

        // The Content-Type selects OpenMetrics, which requires # EOF.
        const Run om = runApp({"lint", server.url("/om")});
        QCOMPARE(om.exitCode, 1);
        QVERIFY2(om.err.contains("# EOF"), qPrintable(om.err));

        // Credentials in the URL are sent as basic authentication and never printed.
        QUrl withCredentials(server.url("/metrics"));
        withCredentials.setUserInfo("support:hunter2");
        const Run credentials = runApp({"lint", withCredentials.toString()});
        QCOMPARE(credentials.exitCode, 1); // the policy findings, as above
        QVERIFY(server.lastRequestHeaders().contains("Authorization: Basic " +
                                                     QByteArray("support:hunter2").toBase64()));
        QVERIFY(!credentials.out.contains("hunter2") && !credentials.err.contains("hunter2"));

        const Run refused = runApp({"lint", "http://127.0.0.1:1/metrics"});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("connection refused"), qPrintable(refused.err));
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "test_cli.moc"
