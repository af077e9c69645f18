#include "exporter/scenario.h"

#include <QtTest>

using namespace dw;

class ScenarioTest : public QObject {
    Q_OBJECT

private slots:
    void builtinsLoad() {
        const auto names = Scenario::builtinNames();
        QCOMPARE(names, (std::vector<std::string>{"compozy", "compozy-docs", "daisi", "pupsourcing"}));
        for (const std::string& name : names) {
            std::string error;
            const auto scenario = Scenario::load(name, error);
            QVERIFY2(scenario.has_value(), error.c_str());
            QCOMPARE(scenario->name, name);
            QVERIFY(!scenario->entities.empty());
            QVERIFY(!scenario->description.empty());
        }
    }

    void compozyDefaultMatchesTheSpec() {
        std::string error;
        const auto s = Scenario::load("compozy", error);
        QVERIFY(s);
        QCOMPARE(s->system, std::string("compozy"));
        QCOMPARE(s->heartbeatIntervalMs, std::int64_t(30'000));
        QCOMPARE(s->staleThresholdMs, std::int64_t(120'000));
        int fromStart = 0;
        for (const auto& e : s->entities) {
            QVERIFY(QString::fromStdString(e.id).contains(QRegularExpression("^dispatcher-[a-z]+-[a-z]+$")));
            fromStart += e.joinAtMs == 0;
        }
        QCOMPARE(fromStart, 6);
        QCOMPARE(int(s->entities.size()), 7);
        QStringList actions;
        for (const auto& i : s->incidents)
            actions << QString::fromStdString(i.action);
        for (const char* needed :
             {"stop_heartbeats", "restart", "stop", "endpoint_unavailable", "endpoint_slow"})
            QVERIFY2(actions.contains(needed), needed);
    }

    void pupsourcingDefaults() {
        std::string error;
        const auto s =
            Scenario::fromYaml("system: pupsourcing\nentities:\n  - id: w1\n    group: rs\n", "x", error);
        QVERIFY(s);
        QCOMPARE(s->heartbeatIntervalMs, std::int64_t(5'000));
        QCOMPARE(s->staleThresholdMs, std::int64_t(30'000));
    }

    void errors_data() {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("error");
        const QString entities = "entities:\n  - id: d1\n";
        QTest::newRow("no system") << entities << "t.yaml:1:1: a scenario needs \"system\"";
        QTest::newRow("bad system") << "system: nomad\n" + entities << "t.yaml:1:9: unknown system \"nomad\"";
        QTest::newRow("unknown key") << "system: compozy\nspeed: 3\n" + entities
                                     << "t.yaml:2:1: unknown key \"speed\"";
        QTest::newRow("no entities") << "system: compozy\n"
                                     << "a non-empty list \"entities\"";
        QTest::newRow("bad duration") << "system: compozy\nstale_threshold: 2 minutes\n" + entities
                                      << "t.yaml:2:18: \"stale_threshold\" must be a duration";
        QTest::newRow("duplicate entity") << "system: compozy\nentities:\n  - id: d1\n  - id: d1\n"
                                          << "t.yaml:4:9: entity \"d1\" is listed twice";
        QTest::newRow("group needed") << "system: daisi\n" + entities << "needs a \"group\"";
        QTest::newRow("unknown action") << "system: compozy\n" + entities +
                                               "incidents:\n  - at: 1m\n    action: explode\n    target: d1\n"
                                        << "t.yaml:6:13: unknown action \"explode\" for compozy";
        QTest::newRow("missing target")
            << "system: compozy\n" + entities + "incidents:\n  - at: 1m\n    action: stop\n"
            << "needs a \"target\"";
        QTest::newRow("unknown target")
            << "system: compozy\n" + entities + "incidents:\n  - at: 1m\n    action: stop\n    target: d9\n"
            << "t.yaml:7:13: target \"d9\" is not one of the entities";
        QTest::newRow("window without until")
            << "system: compozy\n" + entities + "incidents:\n  - at: 1m\n    action: endpoint_unavailable\n"
            << "needs \"until\" after \"at\"";
        QTest::newRow("slow without delay")
            << "system: compozy\n" + entities +
                   "incidents:\n  - at: 1m\n    action: endpoint_slow\n    until: 2m\n"
            << "endpoint_slow needs a \"delay\"";
        // Found by the file fuzzer: 1e300 requests a second never finished simulating one scrape.
        for (const char* traffic : {"1e300", "-5", ".nan", ".inf"})
            QTest::newRow(qPrintable(QString("traffic %1").arg(traffic)))
                << "system: compozy\ntraffic_per_second: " + QString(traffic) + "\n" + entities
                << "t.yaml:2:21: traffic_per_second must be between 0 and 10000";
        QTest::newRow("yaml syntax") << "system: [compozy\n"
                                     << "t.yaml:2:1:";
    }
    void errors() {
        QFETCH(QString, yaml);
        QFETCH(QString, error);
        std::string message;
        QVERIFY(!Scenario::fromYaml(yaml.toStdString(), "t.yaml", message));
        QVERIFY2(QString::fromStdString(message).contains(error), message.c_str());
    }

    void unknownNameListsBuiltins() {
        std::string error;
        QVERIFY(!Scenario::load("no-such-scenario", error));
        QVERIFY2(
            QString::fromStdString(error).contains("built in: compozy, compozy-docs, daisi, pupsourcing"),
            error.c_str());
    }
};

QTEST_GUILESS_MAIN(ScenarioTest)
#include "test_scenario.moc"
