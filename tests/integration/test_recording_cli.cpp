// Recordings as users make and use them: `record` of the demo killed with SIGKILL at random moments and
// then verified and replayed; a folder of curl-made snapshots imported and replayed; an export loaded into
// the real Prometheus with promtool and queried, agreeing with `query --recording`; `record` and `watch
// --record` on a disk that fills (a file size limit) or a file deleted or truncated underneath them; replay
// determinism against live monitoring is in test_replay_determinism.

#include "app_process.h"
#include "prometheus_server.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <sys/resource.h>

namespace {

using Run = AppRun;

Run runApp(const QStringList& arguments, int timeoutMs = 60000) {
    return ::runApp(QStringLiteral(DW_APP_PATH), arguments, timeoutMs);
}

// serve-demo on an ephemeral loopback port at a speed; its URL.
QString startDemo(QProcess& demo, const QString& speed) {
    return ::startDemo(QStringLiteral(DW_APP_PATH), demo, {"--speed", speed});
}

} // namespace

class RecordingCliTest : public QObject {
    Q_OBJECT

private slots:
    // kill -9 at random moments, again and again: the recording always verifies up to a torn tail at
    // most, and replays.
    // The kill times are random but reproducible: DW_TEST_SEED=N repeats a run whose seed was printed.
    void killedRecordingsVerifyAndReplay() {
        const quint32 seed = qEnvironmentVariableIsSet("DW_TEST_SEED")
                                 ? quint32(qEnvironmentVariableIntValue("DW_TEST_SEED"))
                                 : QRandomGenerator::global()->generate();
        qInfo("kill times seeded with DW_TEST_SEED=%u", seed);
        QRandomGenerator random(seed);
        QTemporaryDir dir;
        for (int round = 0; round < 6; ++round) {
            const QString path = dir.filePath(QStringLiteral("killed-%1.dwrec").arg(round));
            QProcess record;
            // 3 s of scenario time between scrapes, at 30x: one every 100 ms.
            record.start(QStringLiteral(DW_APP_PATH),
                         {"record", "--out", path, "--demo", "--speed", "30", "--interval", "3s"});
            QVERIFY(record.waitForStarted(10000));
            const int killAfterMs = 700 + int(random.bounded(1500));
            qInfo("round %d: killed after %d ms", round, killAfterMs);
            QTest::qWait(killAfterMs);
            ::kill(pid_t(record.processId()), SIGKILL);
            QVERIFY(record.waitForFinished(10000));
            QCOMPARE(record.exitStatus(), QProcess::CrashExit);

            const Run verify = runApp({"recording", "verify", path});
            // Intact, or damaged only by the one record being written when the process died.
            if (verify.exitCode != 0) {
                QVERIFY2(verify.err.startsWith("torn record at offset") && !verify.err.contains("corrupted"),
                         qPrintable(verify.err));
            }
            const auto scrapes = QRegularExpression("(\\d+) scrapes read").match(verify.out);
            QVERIFY2(scrapes.hasMatch() && scrapes.captured(1).toInt() >= 2, qPrintable(verify.out));
            // The first minute of the scenario: everything up and healthy, so exit 0 and nothing else.
            const Run replay = runApp({"replay", path});
            QVERIFY2(replay.exitCode == 0, qPrintable(replay.out + replay.err));
            QVERIFY2(replay.out.contains("dispatcher-acme-orders") && replay.out.contains("incidents ("),
                     qPrintable(replay.out));
            // Repair keeps every intact scrape and the copy is intact.
            const Run repair = runApp({"recording", "repair", path, "--out", path + ".repaired"});
            QCOMPARE(repair.exitCode, 0);
            QVERIFY(repair.out.contains(scrapes.captured(1) + " scrapes kept"));
            QCOMPARE(runApp({"recording", "verify", path + ".repaired"}).exitCode, 0);
        }
    }

    // A demo recorded at 60x is timed on the scenario's clock: 7 s of wall time are 7 minutes of
    // scenario, and replaying it judges the dispatcher whose heartbeats stopped at 3m as stale by 7m (on
    // wall time it would still look healthy, with its own "unhealthy" report beside it).
    void demoRecordingTellsTheScenarioAtItsTimes() {
        QTemporaryDir dir;
        const QString path = dir.filePath("demo.dwrec");
        const Run record = runApp(
            {"record", "--out", path, "--demo", "--speed", "60", "--interval", "15s", "--duration", "7s"});
        QVERIFY2(record.exitCode == 0, qPrintable(record.err));
        const Run replay = runApp({"replay", path, "--json"});
        const QJsonObject document = QJsonDocument::fromJson(replay.out.toUtf8()).object();
        const QDateTime start = QDateTime::fromString(document.value("start").toString(), Qt::ISODate);
        const QDateTime end = QDateTime::fromString(document.value("end").toString(), Qt::ISODate);
        QVERIFY2(start.secsTo(end) >= 6 * 60 && start.secsTo(end) <= 8 * 60,
                 qPrintable(replay.out.left(400)));
        QString billing;
        for (const QJsonValue& e :
             document.value("reports").toArray().last().toObject().value("entities").toArray())
            if (e.toObject().value("id").toString() == "dispatcher-acme-billing")
                billing = e.toObject().value("state").toString();
        QCOMPARE(billing, QString("stale"));
        QCOMPARE(replay.exitCode, 1);
    }

    // What support staff receive: files made with curl, named with their times, one of them broken.
    void curlSnapshotsImportAndReplay() {
        QProcess demo;
        const QString url = startDemo(demo, "10");
        QVERIFY(!url.isEmpty());
        QTemporaryDir dir;
        const QString folder = dir.filePath("compozy-prod");
        QVERIFY(QDir().mkpath(folder));
        const QDateTime base = QDateTime::currentDateTimeUtc().addSecs(-600);
        for (int i = 0; i < 3; ++i) {
            const QString name =
                folder + "/metrics-" + base.addSecs(i * 60).toString("yyyy-MM-ddTHH-mm-ss") + "Z.prom";
            QProcess curl;
            curl.start("curl", {"-sS", "-o", name, url});
            QVERIFY(curl.waitForFinished(10000));
            QCOMPARE(curl.exitCode(), 0);
            QTest::qWait(300);
        }
        PrometheusServer::stopProcess(demo);
        QFile broken(folder + "/metrics-" + base.addSecs(240).toString("yyyy-MM-ddTHH-mm-ss") + "Z.prom");
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("# TYPE up gauge\nup{job=\"x\" 1\n");
        broken.close();

        const QString recording = dir.filePath("imported.dwrec");
        const Run imported = runApp({"recording", "import", "--out", recording, folder});
        QCOMPARE(imported.exitCode, 0);
        QVERIFY2(imported.out.contains("(from the file name) as import/compozy-prod"),
                 qPrintable(imported.out));
        QVERIFY2(imported.out.contains("4 snapshots imported"), qPrintable(imported.out));
        QVERIFY2(imported.out.contains("a failed scrape: ") && imported.out.contains(":2:"),
                 qPrintable(imported.out));

        // At the third snapshot the target is up with its dispatchers; at the broken one it is down with
        // the parser's error, as a live scrape of that body would be.
        const QString third = base.addSecs(120).toString(Qt::ISODate);
        const QString last = base.addSecs(240).toString(Qt::ISODate);
        const Run replay = runApp({"replay", recording, "--at", third, "--at", last});
        QVERIFY2(replay.out.contains("dispatcher-acme-orders"), qPrintable(replay.out));
        const QString atLast = replay.out.section("== at ", 2);
        QVERIFY2(atLast.contains("down") && atLast.contains("parse error at"), qPrintable(replay.out));
        QCOMPARE(replay.exitCode, 2);
        QVERIFY2(replay.out.contains("target import/compozy-prod  down: parse error at"),
                 qPrintable(replay.out));
    }

    // The disk fails under a running recorder: the process says why and exits 1 (never killed by
    // SIGXFSZ), and a file that is still there verifies, every scrape written before the failure intact.
    void recordingFaultsEndWithTheReason_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("reason");
        for (const QString command : {"record", "watch"}) {
            QTest::newRow(qPrintable(command + " size limit")) << command << "size-limit"
                                                               << "File too large";
            QTest::newRow(qPrintable(command + " deleted")) << command << "deleted"
                                                            << "deleted";
            QTest::newRow(qPrintable(command + " truncated")) << command << "truncated"
                                                              << "changed by another program";
        }
    }
    void recordingFaultsEndWithTheReason() {
        QFETCH(QString, command);
        QFETCH(QString, fault);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QString path = dir.filePath("faulty.dwrec");
        QProcess process;
        // ulimit -f: the first scrapes fit, a later one does not. Only the limit is set in the child:
        // ignoring SIGXFSZ is the program's own job.
        constexpr rlim_t kLimit = 24 * 1024;
        if (fault == "size-limit")
            process.setChildProcessModifier([] {
                const rlimit limit{kLimit, kLimit};
                ::setrlimit(RLIMIT_FSIZE, &limit);
            });
        const QStringList arguments =
            command == "record"
                ? QStringList{"record", "--out", path, "--demo", "--speed", "30", "--interval", "3s"}
                : QStringList{"watch", "--demo", "--speed", "30", "--record", path};
        process.start(QStringLiteral(DW_APP_PATH), arguments);
        QVERIFY(process.waitForStarted(10000));
        if (fault != "size-limit") {
            QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(path).size() > 4096, 20000); // a few scrapes in
            if (fault == "deleted")
                QVERIFY(QFile::remove(path));
            else
                QVERIFY(QFile::resize(path, 100));
        }
        if (!process.waitForFinished(30000)) PrometheusServer::stopProcess(process);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 1, qPrintable(QString::number(process.exitCode()) + ": " + err));
        QVERIFY2(err.contains("cannot write the recording") && err.contains(reason), qPrintable(err));
        if (fault == "size-limit") {
            QVERIFY(QFileInfo(path).size() <= qint64(kLimit));
            const Run verify = runApp({"recording", "verify", path});
            QVERIFY2(verify.exitCode == 0, qPrintable(verify.out + verify.err));
            const auto scrapes = QRegularExpression("(\\d+) scrapes read").match(verify.out);
            QVERIFY2(scrapes.hasMatch() && scrapes.captured(1).toInt() >= 2, qPrintable(verify.out));
        }
    }

    // An export loads into the real Prometheus and its answers match DispatchWatch's.
    void exportLoadsIntoPrometheus() {
        QTemporaryDir dir;
        const QString recording = dir.filePath("demo.dwrec");
        const Run record = runApp({"record", "--out", recording, "--demo", "--speed", "20", "--interval",
                                   "1s", "--duration", "6s"});
        QCOMPARE(record.exitCode, 0);
        const QString exported = dir.filePath("export.om");
        QCOMPARE(runApp({"recording", "export", recording, "--out", exported}).exitCode, 0);
        const QString storage = dir.filePath("tsdb");
        const QString backfilled = PrometheusServer::backfill(exported, storage);
        QVERIFY2(backfilled.isEmpty(), qPrintable(backfilled));
        PrometheusServer prometheus;
        const QString started = prometheus.startOnStorage(storage);
        QVERIFY2(started.isEmpty(), qPrintable(started));

        const Run end = runApp({"query", "--recording", recording, "--json", "timestamp(up)"});
        const double endSeconds =
            QJsonDocument::fromJson(end.out.toUtf8())["data"]["result"][0]["value"][1].toString().toDouble();
        QVERIFY(endSeconds > 0);
        const QString time = QString::number(endSeconds, 'f', 3);
        for (const QString& expression :
             {QStringLiteral("sum(compozy_dispatcher_heartbeat_total)"),
              QStringLiteral("count(compozy_dispatcher_uptime_seconds)"),
              QStringLiteral("sum by (dispatcher_id) (compozy_dispatcher_uptime_seconds)"),
              QStringLiteral("up")}) {
            const Run ours =
                runApp({"query", "--recording", recording, "--json", "--time", time, expression});
            QCOMPARE(ours.exitCode, 0);
            const QByteArray theirs =
                prometheus.get("/api/v1/query", {{"query", expression}, {"time", time}});
            QCOMPARE(QJsonDocument::fromJson(ours.out.toUtf8())["data"].toObject(),
                     QJsonDocument::fromJson(theirs)["data"].toObject());
        }
        // CSV of chosen series.
        const Run csv = runApp({"recording", "export", recording, "--format", "csv", "--match", "up"});
        QCOMPARE(csv.exitCode, 0);
        QVERIFY(csv.out.startsWith("time,series,value\n"));
        QVERIFY2(csv.out.contains(",\"{__name__=\"\"up\"\"") && csv.out.count('\n') >= 5,
                 qPrintable(csv.out.left(300)));
    }
};

QTEST_GUILESS_MAIN(RecordingCliTest)
#include "test_recording_cli.moc"
