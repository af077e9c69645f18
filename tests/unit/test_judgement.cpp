// The health judgement's rules, each on its own (what it concludes from evidence, and when it stays
// silent), and their precedence: the first rule that speaks decides.
#include "health/judgement.h"

#include <QTest>

using namespace dw;

namespace {

constexpr std::int64_t kNow = 1'000'000;

// An entity with nothing to say against it: up, heartbeats judged, the last one 10 s ago.
Evidence fine() {
    Evidence e;
    e.nowMs = kNow;
    e.up = 1;
    e.upSinceMs = 0;
    e.judgesHeartbeats = true;
    e.lastHeartbeatMs = kNow - 10000;
    e.firstSeenMs = 0;
    e.staleAfterMs = 120000;
    e.flappingRestarts = 3;
    e.flappingWindowMs = 600000;
    return e;
}

std::optional<Verdict> applyRule(std::string_view rule, const Evidence& e) {
    for (const JudgementRule& r : judgementRules())
        if (r.name == rule) return r.apply(e);
    qFatal("no rule named %s", std::string(rule).c_str());
}

// Modifications of the fine entity that each make exactly one rule speak.
using Change = void (*)(Evidence&);
const std::pair<const char*, Change> kChanges[] = {
    {"target down",
     [](Evidence& e) {
         e.up = 0;
         e.upSinceMs = kNow - 5000;
         e.targetError = "connection refused";
     }},
    {"stop event", [](Evidence& e) { e.lastStopMs = kNow - 20000; }},
    {"stopped before watching",
     [](Evidence& e) {
         e.hasLifecycle = true;
         e.stopsCounted = 2;
         e.startsCounted = 2;
     }},
    {"series disappeared",
     [](Evidence& e) {
         e.hasPresence = true;
         e.goneMs = kNow - 30000;
     }},
    {"stopped state",
     [](Evidence& e) {
         e.state = "stopped";
         e.stateIsStopped = true;
         e.stateSinceMs = kNow - 40000;
     }},
    {"flapping",
     [](Evidence& e) {
         e.restartTimes = {kNow - 300000, kNow - 200000, kNow - 100000};
     }},
    {"reported stale, unconfirmed",
     [](Evidence& e) {
         e.lastHeartbeatMs.reset();
         e.firstSeenMs = kNow - 30000;
         e.reportedBad = true;
     }},
    {"heartbeat stale", [](Evidence& e) { e.lastHeartbeatMs = kNow - 120001; }},
};

} // namespace

class JudgementTest : public QObject {
    Q_OBJECT

private slots:
    // Each rule on its own: silent on the fine entity, speaking when its own condition holds.
    void eachRule_data() {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<qint64>("since");
        const std::pair<int, const char*> expected[] = {
            {int(HealthState::Unknown), "connection refused"},
            {int(HealthState::Stopped), "(stop event)"},
            {int(HealthState::Stopped), "stopped before watching began (2 stops, 2 starts counted)"},
            {int(HealthState::Stopped), "its series disappeared at"},
            {int(HealthState::Stopped), "state stopped since"},
            {int(HealthState::Flapping), "3 restarts in the last 10m (threshold 3)"},
            {int(HealthState::Stale), "reported stale by the exporter (watched 30s of 2m, not long enough"},
            {int(HealthState::Stale), "no heartbeat for 2m, threshold 2m"},
        };
        const qint64 since[] = {kNow - 5000,  kNow - 20000,  kNow,         kNow - 30000,
                                kNow - 40000, kNow - 300000, kNow - 30000, kNow - 120001 + 120000 + 1};
        for (std::size_t i = 0; i < std::size(kChanges); ++i)
            QTest::newRow(kChanges[i].first)
                << QString(kChanges[i].first) << expected[i].first << QString(expected[i].second) << since[i];
    }
    void eachRule() {
        QFETCH(QString, rule);
        QFETCH(int, state);
        QFETCH(QString, reason);
        QFETCH(qint64, since);
        QVERIFY(!applyRule(rule.toStdString(), fine()));
        Evidence e = fine();
        for (const auto& [name, change] : kChanges)
            if (rule == name) change(e);
        const auto verdict = applyRule(rule.toStdString(), e);
        QVERIFY(verdict);
        QCOMPARE(int(verdict->state), state);
        const std::string words = describe(verdict->reason);
        QVERIFY2(QString::fromStdString(words).contains(reason), words.c_str());
        QCOMPARE(qint64(verdict->sinceMs), since);
    }

    // Two conditions true at once: the earlier rule decides. (Some pairs exclude each other, such as a stop
    // event and "no event seen while watching"; those are left out.)
    void precedence() {
        const auto& rules = judgementRules();
        for (std::size_t i = 0; i < std::size(kChanges); ++i)
            QCOMPARE(QString(rules[i].name.data()), QString(kChanges[i].first));
        QCOMPARE(rules.back().name, std::string_view("healthy"));
        int pairs = 0;
        for (std::size_t i = 0; i < std::size(kChanges); ++i)
            for (std::size_t j = i + 1; j < std::size(kChanges); ++j) {
                Evidence e = fine();
                kChanges[i].second(e);
                kChanges[j].second(e);
                const auto first = applyRule(kChanges[i].first, e), second = applyRule(kChanges[j].first, e);
                if (!first || !second) continue;
                ++pairs;
                QVERIFY2(
                    judge(e).reason == first->reason,
                    qPrintable(QStringLiteral("%1 before %2").arg(kChanges[i].first, kChanges[j].first)));
            }
        QVERIFY2(pairs >= 20, qPrintable(QString::number(pairs)));
    }

    // Healthy always speaks: from heartbeats when they are judged, from presence or a state otherwise.
    void healthyAlwaysDecides() {
        Evidence e = fine();
        const Verdict byHeartbeat = judge(e);
        QCOMPARE(byHeartbeat.state, HealthState::Healthy);
        QCOMPARE(byHeartbeat.reason.kind, Reason::Kind::Heartbeat);
        QCOMPARE(describe(byHeartbeat.reason), std::string("heartbeat 10s ago"));
        QVERIFY(byHeartbeat.fromHeartbeats);
        e.judgesHeartbeats = false;
        e.state = "running";
        e.stateSinceMs = kNow - 7000;
        const Verdict byState = judge(e);
        QCOMPARE(byState.reason.kind, Reason::Kind::InState);
        QCOMPARE(describe(byState.reason), std::string("state running"));
        QCOMPARE(byState.sinceMs, kNow - 7000);
        QVERIFY(!byState.fromHeartbeats);
    }
};

QTEST_GUILESS_MAIN(JudgementTest)
#include "test_judgement.moc"
