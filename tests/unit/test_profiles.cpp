// Monitoring profiles: the built-in ones load and are complete; a user's directory adds and replaces
// profiles; an invalid profile is rejected with its file, line and column, and the others keep working.
#include "health/profile_set.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace dw;

class ProfilesTest : public QObject {
    Q_OBJECT

    static void write(const QString& path, const QByteArray& text) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }

private slots:
    void builtinsLoad() {
        const ProfileSet set = ProfileSet::load({});
        QVERIFY2(set.problems().empty(), set.problems().empty() ? "" : set.problems().front().c_str());
        QCOMPARE(set.profiles().size(), std::size_t(3));
        const Profile* compozy = set.find("compozy");
        QVERIFY(compozy);
        QCOMPARE(compozy->staleAfterMs, std::int64_t(120000));
        QCOMPARE(compozy->entityLabels, std::vector<std::string>{"dispatcher_id"});
        QCOMPARE(compozy->reported.heartbeatAgeLabel, std::string("time_since_heartbeat"));
        QStringList titles;
        for (const Panel& p : compozy->panels)
            titles << QString::fromStdString(p.title);
        for (const char* title :
             {"Dispatcher Health Status", "Active Dispatchers", "Dispatcher Uptime",
              "Dispatcher Heartbeat Rate", "Dispatcher Lifecycle Events", "Dispatcher State"})
            QVERIFY2(titles.contains(title), title);
        const Panel& lifecycle = compozy->panels[4];
        QCOMPARE(lifecycle.queries.size(), std::size_t(3));
        QCOMPARE(lifecycle.queries[0].color, std::string("green"));
        QCOMPARE(lifecycle.queries[1].color, std::string("red"));
        QCOMPARE(lifecycle.queries[2].color, std::string("orange"));
        QVERIFY(set.find("pupsourcing") && set.find("daisi"));
        QCOMPARE(set.find("daisi")->entityLabels, (std::vector<std::string>{"consumer_type", "company_id"}));
        QVERIFY(!compozy->rules.empty());
    }

    void detection_data() {
        QTest::addColumn<QStringList>("metrics");
        QTest::addColumn<QStringList>("profiles");
        QTest::newRow("compozy") << QStringList{"compozy_dispatcher_heartbeat_total", "up"}
                                 << QStringList{"compozy"};
        QTest::newRow("pupsourcing") << QStringList{"pupsourcing_orchestrator_worker_state"}
                                     << QStringList{"pupsourcing"};
        QTest::newRow("two at once") << QStringList{"dlq_queue_length", "compozy_dispatcher_health_status"}
                                     << QStringList{"compozy", "daisi"};
        QTest::newRow("none") << QStringList{"node_cpu_seconds_total"} << QStringList{};
    }
    void detection() {
        QFETCH(QStringList, metrics);
        QFETCH(QStringList, profiles);
        const ProfileSet set = ProfileSet::load({});
        std::vector<std::string> names;
        for (const QString& m : metrics)
            names.push_back(m.toStdString());
        QStringList found;
        for (const Profile* p : set.detect(names))
            found << QString::fromStdString(p->name);
        QCOMPARE(found, profiles);
    }

    void userDirectoryAddsAndReplaces() {
        QTemporaryDir dir;
        write(dir.filePath("mine.yaml"), "name: mine\nentity: {label: worker}\ndetect: my_heartbeats_total\n"
                                         "heartbeat: {counter: my_heartbeats_total, stale_after: 45s}\n");
        write(dir.filePath("compozy.yaml"),
              "name: compozy\nentity: {label: dispatcher_id}\n"
              "detect: compozy_dispatcher_heartbeat_total\n"
              "heartbeat: {counter: compozy_dispatcher_heartbeat_total, stale_after: 5m}\n");
        const ProfileSet set = ProfileSet::load({dir.path().toStdString()});
        QVERIFY(set.problems().empty());
        QCOMPARE(set.profiles().size(), std::size_t(4));
        QCOMPARE(set.find("mine")->staleAfterMs, std::int64_t(45000));
        QCOMPARE(set.find("compozy")->staleAfterMs, std::int64_t(300000));
    }

    void invalidProfilesAreRejected_data() {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("error");
        QTest::newRow("missing keys")
            << QByteArray("name: x\n") << "1:1: a profile needs \"name\", \"entity\" and \"detect\"";
        QTest::newRow("unknown key") << QByteArray("name: x\nentity: {label: a}\ndetect: m\nheartbaet: {}\n")
                                     << "4:1: unknown key \"heartbaet\" in a profile";
        QTest::newRow("bad promql") << QByteArray("name: x\nentity: {label: a}\ndetect: m\npanels:\n"
                                                  "  - title: T\n    expr: rate(m[5m]\n")
                                    << "6:11: invalid PromQL: 1:11: parse error: unclosed left parenthesis";
        QTest::newRow("bad label") << QByteArray("name: x\nentity: {label: 1a}\ndetect: m\n")
                                   << "2:17: \"1a\" is not a valid label name";
        QTest::newRow("bad duration")
            << QByteArray("name: x\nentity: {label: a}\ndetect: m\nheartbeat: {counter: m, "
                          "stale_after: soon}\n")
            << "4:38:";
        QTest::newRow("not yaml") << QByteArray("name: [x\n") << "2:1:";
    }
    void invalidProfilesAreRejected() {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, error);
        QTemporaryDir dir;
        write(dir.filePath("broken.yaml"), yaml);
        const ProfileSet set = ProfileSet::load({dir.path().toStdString()});
        QCOMPARE(set.profiles().size(), std::size_t(3)); // the built-in ones keep working
        QCOMPARE(set.problems().size(), std::size_t(1));
        const QString problem = QString::fromStdString(set.problems().front());
        const QString expected = "profile rejected: " + dir.filePath("broken.yaml") + ":" + error;
        QVERIFY2(problem.startsWith(expected), qPrintable(problem + "\nexpected: " + expected));
    }

    // A profile folder that cannot be read (here a file where the folder should be) is said to be unused;
    // the built-in profiles keep working.
    void unreadableFolderIsReported() {
        QTemporaryDir dir;
        const QString notAFolder = dir.filePath("profiles");
        write(notAFolder, "name: x\n");
        const ProfileSet set = ProfileSet::load({notAFolder.toStdString()});
        QCOMPARE(set.profiles().size(), std::size_t(3));
        QCOMPARE(set.problems().size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(set.problems().front()),
                 "profiles in " + notAFolder + " are not used: the folder cannot be read");
    }
};

QTEST_GUILESS_MAIN(ProfilesTest)
#include "test_profiles.moc"
