// `dispatchwatch watch` as support staff and scripts use it: against the embedded demo at high speed, its
// JSON Lines parse and its changes agree with `replay` of the recording it made (which SIGTERM leaves
// verified); its alerts reach two real Alertmanagers (one from --alertmanager, one from a configuration's
// alerting section with external labels), read back through the API and amtool, and resolve when the
// scenario recovers; an Alertmanager that is down at first gets the alerts still firing when it comes up.

#include "alertmanager_server.h"
#include "app_process.h"
#include "prometheus_server.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <functional>

namespace {

// A running `watch --json`, read line by line as it prints.
class Watch {
public:
    explicit Watch(const QStringList& arguments) {
        m_process.start(QStringLiteral(DW_APP_PATH), QStringList{"watch", "--json"} + arguments);
    }
    ~Watch() { PrometheusServer::stopProcess(m_process); }
    QProcess& process() { return m_process; }

    // Reads lines until one satisfies want or timeoutMs passes (what is there, at least); that line, or an
    // empty object.
    QJsonObject waitFor(const std::function<bool(const QJsonObject&)>& want, int timeoutMs) {
        QElapsedTimer timer;
        timer.start();
        do {
            while (m_process.canReadLine()) {
                const QByteArray line = m_process.readLine();
                QJsonParseError error;
                const QJsonDocument document = QJsonDocument::fromJson(line, &error);
                if (error.error != QJsonParseError::NoError || !document.isObject()) {
                    m_badLines << QString::fromUtf8(line);
                    continue;
                }
                m_lines.append(document.object());
                if (want(document.object())) return document.object();
            }
            if (m_process.state() == QProcess::NotRunning) break;
            m_process.waitForReadyRead(100);
        } while (timer.elapsed() < timeoutMs);
        return {};
    }
    // Reads what is left after the process ended.
    void drain() {
        waitFor([](const QJsonObject&) { return false; }, 0);
        m_process.waitForFinished(1000);
        waitFor([](const QJsonObject&) { return false; }, 0);
    }
    const QJsonArray& lines() const { return m_lines; }
    const QStringList& badLines() const { return m_badLines; }

private:
    QProcess m_process;
    QJsonArray m_lines;
    QStringList m_badLines;
};

std::function<bool(const QJsonObject&)> change(const QString& kind, const QString& alertname = {}) {
    return [kind, alertname](const QJsonObject& o) {
        return o["event"] == "change" && o["kind"] == kind &&
               (alertname.isEmpty() || o["alertname"] == alertname);
    };
}

QJsonArray withName(const QJsonArray& alerts, const QString& alertname) {
    QJsonArray out;
    for (const QJsonValue& a : alerts)
        if (a["labels"]["alertname"] == alertname) out.append(a);
    return out;
}

// Polls until pred holds for the Alertmanager's alerts, at most timeoutMs; the last alerts read.
QJsonArray pollAlerts(const AlertmanagerServer& am, const std::function<bool(const QJsonArray&)>& pred,
                      int timeoutMs, bool* held) {
    QElapsedTimer timer;
    timer.start();
    QJsonArray alerts;
    do {
        alerts = am.alerts();
        if (pred(alerts)) {
            *held = true;
            return alerts;
        }
        QTest::qWait(200);
    } while (timer.elapsed() < timeoutMs);
    *held = false;
    return alerts;
}

QString stateOf(const QString& what) {
    return what.section(':', 0, 0);
}

} // namespace

class WatchCliTest : public QObject {
    Q_OBJECT

private slots:
    void jsonLinesMatchReplayAndSigtermLeavesAVerifiedRecording() {
        QTemporaryDir dir;
        const QString recording = dir.filePath("watch.dwrec");
        // pupsourcing: a worker dies, one stops, the fleet is reconfigured, the endpoint is down for 30 s.
        // (Not Compozy's scenario: its endpoint then answers 4 s late in wall time, so at 60x a live session
        // learns of that scrape minutes of scenario time after the replay places it.) watch and replay
        // judge at the same cadence, every 3 s of scenario time.
        Watch watch({"--demo", "--scenario", "pupsourcing", "--speed", "60", "--refresh", "3s", "--record",
                     recording});
        QVERIFY(watch.process().waitForStarted(10000));
        const QJsonObject up = watch.waitFor(change("target_up"), 40000);
        QVERIFY2(!up.isEmpty(), qPrintable(watch.process().readAllStandardError()));
        QTest::qWait(3000);
        ::kill(pid_t(watch.process().processId()), SIGTERM);
        QVERIFY(watch.process().waitForFinished(15000));
        QCOMPARE(watch.process().exitStatus(), QProcess::NormalExit);
        const int code = watch.process().exitCode();
        QVERIFY2(code == 0 || code == 1 || code == 2, qPrintable(QString::number(code)));
        watch.drain();
        QVERIFY2(watch.badLines().isEmpty(), qPrintable(watch.badLines().join("")));

        // First the state (the demo target, then every entity), then only changes.
        const QJsonArray& lines = watch.lines();
        QVERIFY(lines.size() > 8);
        QCOMPARE(lines[0]["event"].toString(), QString("state"));
        QCOMPARE(lines[0]["type"].toString(), QString("target"));
        int states = 0;
        while (states < lines.size() && lines[states]["event"] == "state")
            ++states;
        QVERIFY(states >= 7);  // the target and the workers
        QSet<QString> watched; // "time subject state" of entity and target changes
        for (int i = states; i < lines.size(); ++i) {
            const QJsonObject o = lines[i].toObject();
            QVERIFY2(o["event"] == "change" || o["event"] == "notice", qPrintable(o["event"].toString()));
            QVERIFY(QDateTime::fromString(o["time"].toString(), Qt::ISODateWithMs).isValid());
            if (o["kind"] == "entity" || o["kind"] == "target_down" || o["kind"] == "target_up")
                watched.insert(o["time"].toString() + " " + o["subject"].toString() + " " +
                               stateOf(o["what"].toString()));
        }
        QVERIFY(watched.size() >= 5);

        const AppRun verify = runApp(QStringLiteral(DW_APP_PATH), {"recording", "verify", recording});
        QVERIFY2(verify.exitCode == 0, qPrintable(verify.out + verify.err));
        const AppRun replay =
            runApp(QStringLiteral(DW_APP_PATH), {"replay", recording, "--json", "--step", "3s"});
        QVERIFY2(replay.exitCode >= 0 && replay.exitCode <= 2, qPrintable(replay.err));
        const QJsonObject report = QJsonDocument::fromJson(replay.out.toUtf8()).object();
        QSet<QString> replayed;
        const QDateTime lastWatched =
            QDateTime::fromString(lines[lines.size() - 1]["time"].toString(), Qt::ISODateWithMs);
        for (const QJsonValue& i : report["incidents"].toArray()) {
            const QString subject = i["subject"].toString();
            if (subject.startsWith("alert ")) continue; // alerts fire at evaluation times, which differ
            // The replay starts from nothing: entities seen unhealthy at once are in watch's state instead.
            if (QDateTime::fromString(i["time"].toString(), Qt::ISODateWithMs) > lastWatched) continue;
            replayed.insert(i["time"].toString() + " " + subject + " " + stateOf(i["what"].toString()));
        }
        const QSet<QString> onlyWatched = watched - replayed;
        const QSet<QString> onlyReplayed = replayed - watched;
        QVERIFY2(onlyWatched.isEmpty() && onlyReplayed.isEmpty(),
                 qPrintable("watch only: " + QStringList(onlyWatched.values()).join("; ") +
                            "\nreplay only: " + QStringList(onlyReplayed.values()).join("; ")));
    }

    // Piped, as support staff pipe it into grep or a log: plain text, no colour codes; the state first,
    // changes after it; exit code as check's for the last state.
    void pipedTextHasNoColour() {
        const AppRun run = runApp(QStringLiteral(DW_APP_PATH),
                                  {"watch", "--demo", "--speed", "60", "--duration", "6s"}, 60000);
        QVERIFY2(run.exitCode == 1, qPrintable(QString::number(run.exitCode) + run.err)); // stale by then
        QVERIFY(!run.out.contains("\x1b["));
        QVERIFY(run.out.startsWith("TARGET"));
        QVERIFY2(run.out.contains(
                     QRegularExpression("\\d\\d:\\d\\d:\\d\\d dispatcher-acme-billing healthy → stale: "
                                        "no heartbeat for \\S+, threshold 2m\\n")),
                 qPrintable(run.out));
    }

    // On a terminal (a pseudo-terminal from script(1)), states are coloured; NO_COLOR turns that off.
    void colourOnATerminalUnlessNoColor_data() {
        QTest::addColumn<QString>("noColor");
        QTest::addColumn<bool>("coloured");
        QTest::newRow("terminal") << "" << true;
        QTest::newRow("NO_COLOR=1") << "1" << false;
    }
    void colourOnATerminalUnlessNoColor() {
        QFETCH(QString, noColor);
        QFETCH(bool, coloured);
        const QString script = QStandardPaths::findExecutable("script");
        QVERIFY2(!script.isEmpty(), "script(1) is missing (Debian package bsdutils)");
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("NO_COLOR");
        if (!noColor.isEmpty()) env.insert("NO_COLOR", noColor);
        env.insert("TERM", "xterm");
        process.setProcessEnvironment(env);
        process.start(script,
                      {"-qec", QStringLiteral("%1 watch --demo --speed 60 --duration 6s").arg(DW_APP_PATH),
                       "/dev/null"});
        QVERIFY(process.waitForFinished(60000));
        const QByteArray out = process.readAllStandardOutput();
        QVERIFY2(out.contains("healthy → "), out.constData());
        QCOMPARE(out.contains("\x1b[33mstale\x1b[0m"), coloured);
    }

    // A Prometheus server as the source: its targets and samples, refreshed in the background; the demo's
    // endpoint failing (scenario minute 10, about 20 s in at 30x) shows as a change.
    void prometheusAsTheSource() {
        QProcess demo;
        const QString url = ::startDemo(QStringLiteral(DW_APP_PATH), demo, {"--speed", "30"});
        QVERIFY(!url.isEmpty());
        PrometheusServer prometheus;
        const QString error = prometheus.start("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                                               "scrape_configs:\n  - job_name: compozy\n    static_configs:\n"
                                               "      - targets: ['" +
                                               QUrl(url).authority() + "']\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(prometheus.value("count(compozy_dispatcher_heartbeat_total)") > 0, 30000);
        Watch watch({"--prometheus", prometheus.baseUrl()});
        QVERIFY(watch.process().waitForStarted(10000));
        const QJsonObject target = watch.waitFor(
            [](const QJsonObject& o) { return o["event"] == "state" && o["type"] == "target"; }, 30000);
        QVERIFY2(!target.isEmpty(), qPrintable(watch.process().readAllStandardError()));
        QCOMPARE(target["job"].toString(), QString("compozy"));
        QCOMPARE(target["source"].toString(), "Prometheus " + prometheus.baseUrl());
        QVERIFY(!watch.waitFor([](const QJsonObject& o) { return o["type"] == "entity"; }, 5000).isEmpty());
        const QJsonObject down = watch.waitFor(change("target_down"), 60000);
        QVERIFY2(!down.isEmpty(), qPrintable(watch.process().readAllStandardError()));
        QCOMPARE(down["job"].toString(), QString("compozy"));
        PrometheusServer::stopProcess(watch.process());
        prometheus.stop();
        PrometheusServer::stopProcess(demo);
    }

    void alertsReachAlertmanagers() {
        AlertmanagerServer fromOption, fromConfig;
        QString error = fromOption.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = fromConfig.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTemporaryDir dir;
        QFile config(dir.filePath("prometheus.yml"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("global:\n  external_labels:\n    cluster: test-east\n"
                                    "alerting:\n  alertmanagers:\n    - static_configs:\n"
                                    "        - targets: ['127.0.0.1:%1']\n")
                         .arg(fromConfig.port())
                         .toUtf8());
        config.close();
        Watch watch({"--demo", "--speed", "30", "--config", config.fileName(), "--alertmanager",
                     fromOption.url(), "--external-url", "http://dw.test:9090/"});
        QVERIFY(watch.process().waitForStarted(10000));

        // The scenario's outage: TargetDown fires, in both Alertmanagers, with its labels and annotations.
        QVERIFY2(!watch.waitFor(change("alert_firing", "TargetDown"), 60000).isEmpty(),
                 qPrintable(watch.process().readAllStandardError()));
        for (AlertmanagerServer* am : {&fromOption, &fromConfig}) {
            bool held = false;
            const QJsonArray alerts = pollAlerts(
                *am, [](const QJsonArray& a) { return !withName(a, "TargetDown").isEmpty(); }, 10000, &held);
            QVERIFY2(held, qPrintable(QJsonDocument(alerts).toJson()));
            const QJsonArray down = withName(alerts, "TargetDown");
            QCOMPARE(down.size(), 1);
            const QJsonObject alert = down[0].toObject();
            QCOMPARE(alert["labels"]["job"].toString(), QString("demo"));
            QCOMPARE(alert["labels"]["severity"].toString(), QString("critical"));
            QCOMPARE(alert["labels"]["cluster"].toString(), QString("test-east")); // external label
            QVERIFY(!alert["annotations"]["summary"].toString().isEmpty());
            QCOMPARE(alert["generatorURL"].toString(),
                     QString("http://dw.test:9090/graph?g0.expr=up%20%3D%3D%200&g0.tab=1"));
            // Wall-clock times, although the demo's clock runs 30 times faster.
            const QDateTime startsAt = QDateTime::fromString(alert["startsAt"].toString(), Qt::ISODateWithMs);
            QVERIFY(startsAt <= QDateTime::currentDateTimeUtc().addSecs(1));
            QVERIFY(startsAt >= QDateTime::currentDateTimeUtc().addSecs(-60));
            QCOMPARE(alert["status"]["state"].toString(), QString("active"));
        }
        // amtool reads the same alerts.
        QString amtoolError;
        const QJsonArray viaAmtool = fromOption.amtoolAlerts(amtoolError);
        QVERIFY2(amtoolError.isEmpty(), qPrintable(amtoolError));
        QCOMPARE(withName(viaAmtool, "TargetDown").size(), 1);
        // The per-entity health alerts go too: one alert per dispatcher, never a second copy.
        bool held = false;
        const QJsonArray stale = pollAlerts(
            fromOption, [](const QJsonArray& a) { return !withName(a, "DispatcherStale").isEmpty(); }, 10000,
            &held);
        QVERIFY2(held, qPrintable(QJsonDocument(stale).toJson()));
        QSet<QString> dispatchers;
        for (const QJsonValue& a : withName(stale, "DispatcherStale")) {
            const QString id = a["labels"]["dispatcher"].toString();
            QVERIFY2(!dispatchers.contains(id), qPrintable("two alerts for " + id));
            dispatchers.insert(id);
        }

        // The outage ends: TargetDown resolves in Alertmanager.
        QVERIFY(!watch.waitFor(change("alert_resolved", "TargetDown"), 60000).isEmpty());
        for (AlertmanagerServer* am : {&fromOption, &fromConfig}) {
            const QJsonArray alerts = pollAlerts(
                *am, [](const QJsonArray& a) { return withName(a, "TargetDown").isEmpty(); }, 10000, &held);
            QVERIFY2(held, qPrintable(QJsonDocument(alerts).toJson()));
        }
        PrometheusServer::stopProcess(watch.process());
    }

    void alertmanagerDownThenBackGetsWhatStillFires() {
        const quint16 port = PrometheusServer::freePort();
        Watch watch(
            {"--demo", "--speed", "30", "--alertmanager", QStringLiteral("http://127.0.0.1:%1").arg(port)});
        QVERIFY(watch.process().waitForStarted(10000));
        // The first alert cannot be delivered: watch says so once, and keeps it.
        const QJsonObject failed = watch.waitFor(
            [](const QJsonObject& o) {
                return o["event"] == "notice" && o["what"].toString().contains("retrying");
            },
            60000);
        QVERIFY2(!failed.isEmpty(), qPrintable(watch.process().readAllStandardError()));
        QTest::qWait(2000);
        AlertmanagerServer am;
        const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
        const QString error = am.start(port);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        bool held = false;
        const QJsonArray alerts = pollAlerts(
            am, [](const QJsonArray& a) { return !a.isEmpty(); }, 40000, &held);
        QVERIFY2(held, "the Alertmanager that came back received nothing");
        // What arrives began before the Alertmanager was up: it was kept and retried, not lost.
        bool older = false;
        for (const QJsonValue& a : alerts)
            older = older ||
                    QDateTime::fromString(a["startsAt"].toString(), Qt::ISODateWithMs).toMSecsSinceEpoch() <
                        startedMs;
        QVERIFY2(older, qPrintable(QJsonDocument(alerts).toJson()));
        PrometheusServer::stopProcess(watch.process());
    }
};

QTEST_GUILESS_MAIN(WatchCliTest)
#include "test_watch_cli.moc"
