// The one assessment pipeline over scripted samples: a profile whose metrics appear later joins, rule
// groups run at their intervals, incidents come typed, entity keys survive any label value, the most
// specific heartbeat threshold applies, and what is remembered follows what is watched.
#include "alerts/rule_file.h"
#include "assessment/assessment.h"
#include "assessment/incident_text.h"
#include "model/sample_value.h"
#include "store_samples.h"

#include <QTest>
#include <set>

using namespace dw;

namespace {

constexpr std::int64_t kScrape = 15000;

void sample(SeriesStore& store, const std::string& name, Labels labels, std::int64_t t, double v) {
    appendTargetSample(store, name, std::move(labels), t, v);
}

TargetStatus target(TargetHealth::State state, std::int64_t sinceMs, const std::string& error = {}) {
    TargetStatus status;
    status.spec.job = "compozy";
    status.spec.labels = {{"instance", "host:5001"}, {"job", "compozy"}};
    status.health.state = state;
    status.health.lastScrapeMs = sinceMs;
    status.health.downSinceMs = state == TargetHealth::State::Down ? sinceMs : 0;
    status.health.upSinceMs = state == TargetHealth::State::Up ? sinceMs : 0;
    status.health.lastError = error;
    return status;
}

std::vector<Incident> ofKind(const std::vector<Incident>& all, Incident::Kind kind) {
    std::vector<Incident> out;
    for (const Incident& i : all)
        if (i.kind == kind) out.push_back(i);
    return out;
}

} // namespace

class AssessmentTest : public QObject {
    Q_OBJECT

private slots:
    // Only `up` at first; Compozy's metrics appear a minute later: the profile joins then, its entities
    // are judged, and a dispatcher going stale afterwards is an incident (replay used to miss this).
    void profileJoiningLaterIsAssessed() {
        SeriesStore store;
        Assessment assessment(store, ProfileSet::load({}));
        std::vector<Incident> incidents;
        for (std::int64_t t = 0; t <= 8 * 60000; t += kScrape) {
            sample(store, "up", {}, t, 1);
            if (t >= 60000) // heartbeats until 2 minutes, then silence
                sample(store, "compozy_dispatcher_heartbeat_total", {{"dispatcher_id", "d1"}}, t,
                       double(std::min<std::int64_t>(t, 120000) / kScrape));
            const AssessmentResult& r = assessment.evaluate(t, {target(TargetHealth::State::Up, 0)});
            if (t < 60000) QVERIFY(r.profiles.empty());
            incidents.insert(incidents.end(), r.incidents.begin(), r.incidents.end());
        }
        QCOMPARE(assessment.latest().profiles, std::vector<std::string>{"compozy"});
        const auto changed = ofKind(incidents, Incident::Kind::EntityChanged);
        QCOMPARE(changed.size(), std::size_t(1));
        QCOMPARE(changed[0].to, HealthState::Stale);
        QCOMPARE(changed[0].from, HealthState::Healthy);
        QCOMPARE(changed[0].entityId, std::string("d1"));
        QCOMPARE(changed[0].timeMs, std::int64_t(120000 + 120000 + 1)); // strictly after the threshold
        QCOMPARE(incidentSubject(changed[0]), std::string("dispatcher d1"));
        QVERIFY(incidentWhat(changed[0]).starts_with("stale: no heartbeat for"));
        QVERIFY(assessment.latest().unhealthy());
    }

    // A recording rule in a 15 s group, evaluated every second: it writes only every 15 s.
    void rulesRunAtTheirInterval() {
        SeriesStore store;
        Assessment::Options options;
        std::string error;
        auto groups = parseRuleFile("groups:\n  - name: doubled\n    interval: 15s\n    rules:\n"
                                    "      - record: queue_doubled\n        expr: queue * 2\n",
                                    "test.rules", error);
        QVERIFY2(groups, error.c_str());
        options.extraRuleGroups = *groups;
        Assessment assessment(store, ProfileSet::load({}), options);
        for (std::int64_t t = 0; t <= 40000; t += 1000) {
            sample(store, "queue", {}, t, 3);
            assessment.evaluate(t, {});
        }
        const auto refs = store.seriesWithName("queue_doubled");
        QCOMPARE(refs.size(), std::size_t(1));
        std::vector<Sample> written;
        store.samples(refs[0], 0, 40000, written);
        QCOMPARE(written.size(), std::size_t(3));
        QCOMPARE(written[0].t, std::int64_t(0));
        QCOMPARE(written[1].t, std::int64_t(15000));
        QCOMPARE(written[2].t, std::int64_t(30000));
        QCOMPARE(written[2].v, 6.0);
    }

    // Entity label values may contain "/": the key and the labels keep them whole.
    void keysKeepLabelValuesWhole() {
        SeriesStore store;
        Assessment assessment(store, ProfileSet::load({}));
        for (std::int64_t t = 0; t <= 60000; t += kScrape) {
            sample(store, "up", {}, t, 1);
            for (const char* company : {"acme/eu", "acme"})
                sample(store, "message_event_service_events_received_total",
                       {{"consumer_type", "realtime"}, {"company_id", company}}, t, double(t / 1000));
        }
        const AssessmentResult& r = assessment.evaluate(60000, {target(TargetHealth::State::Up, 0)});
        std::set<std::vector<std::string>> keys;
        for (const EntityHealth& e : r.entities) {
            QCOMPARE(e.profile, std::string("daisi"));
            QCOMPARE(e.idLabels.size(), std::size_t(2));
            QCOMPARE(e.idLabels[0].name, std::string("consumer_type"));
            QCOMPARE(e.idLabels[0].value, std::string("realtime"));
            keys.insert(e.key().values);
        }
        QCOMPARE(keys, (std::set<std::vector<std::string>>{{"realtime", "acme"}, {"realtime", "acme/eu"}}));
    }

    // --stale-after for every target, a job and one target: the most specific wins, whatever the order.
    void mostSpecificThresholdApplies_data() {
        QTest::addColumn<bool>("withTarget");
        QTest::addColumn<bool>("withJob");
        QTest::addColumn<qint64>("threshold");
        QTest::newRow("all three") << true << true << qint64(30000);
        QTest::newRow("job and every target") << false << true << qint64(300000);
        QTest::newRow("every target") << false << false << qint64(600000);
    }
    void mostSpecificThresholdApplies() {
        QFETCH(bool, withTarget);
        QFETCH(bool, withJob);
        QFETCH(qint64, threshold);
        SeriesStore store;
        Assessment::Options options;
        if (withTarget) options.staleAfter.push_back({"compozy", "host:5001", 30000});
        options.staleAfter.push_back({"", "", 600000});
        if (withJob) options.staleAfter.push_back({"compozy", "", 300000});
        options.staleAfter.push_back({"compozy", "elsewhere:1", 1000});
        Assessment assessment(store, ProfileSet::load({}), options);
        sample(store, "up", {}, 0, 1);
        sample(store, "compozy_dispatcher_heartbeat_total", {{"dispatcher_id", "d1"}}, 0, 1);
        const AssessmentResult& r = assessment.evaluate(0, {target(TargetHealth::State::Up, 0)});
        QCOMPARE(r.entities.size(), std::size_t(1));
        QCOMPARE(qint64(r.entities[0].staleAfterMs), threshold);
    }

    // A target going down and up again, with the TargetDown alert firing and resolving, all typed.
    void targetAndAlertIncidents() {
        SeriesStore store;
        Assessment assessment(store, ProfileSet::load({}));
        sample(store, "up", {}, 0, 1);
        QVERIFY(assessment.evaluate(0, {target(TargetHealth::State::Up, 0)}).incidents.empty());
        sample(store, "up", {}, 15000, 0);
        const auto down =
            assessment.evaluate(15000, {target(TargetHealth::State::Down, 15000, "connection refused")})
                .incidents;
        const auto downs = ofKind(down, Incident::Kind::TargetDown);
        QCOMPARE(downs.size(), std::size_t(1));
        QCOMPARE(downs[0].timeMs, std::int64_t(15000));
        QCOMPARE(downs[0].error, std::string("connection refused"));
        QCOMPARE(incidentSubject(downs[0]), std::string("target compozy/host:5001"));
        const auto firing = ofKind(down, Incident::Kind::AlertFiring);
        QCOMPARE(firing.size(), std::size_t(1));
        QCOMPARE(firing[0].alertName, std::string("TargetDown"));
        QVERIFY(!assessment.latest().unhealthy()); // a target down is exit 2's business, not 1's
        sample(store, "up", {}, 30000, 1);
        const auto up = assessment.evaluate(30000, {target(TargetHealth::State::Up, 30000)}).incidents;
        QCOMPARE(ofKind(up, Incident::Kind::TargetUp).size(), std::size_t(1));
        QCOMPARE(ofKind(up, Incident::Kind::AlertResolved).size(), std::size_t(1));
        QCOMPARE(incidentWhat(ofKind(up, Incident::Kind::AlertResolved)[0]),
                 std::string("resolved {instance=host:5001, job=compozy, severity=critical}"));
    }

    // An alert with `for` is reported pending once when it becomes active, then firing once.
    void pendingThenFiring() {
        SeriesStore store;
        std::string error;
        auto groups = parseRuleFile("groups:\n- name: g\n  interval: 15s\n  rules:\n"
                                    "  - alert: Down\n    expr: up == 0\n    for: 30s\n",
                                    "rules.yml", error);
        QVERIFY2(groups.has_value(), error.c_str());
        Assessment::Options options;
        options.extraRuleGroups = *groups;
        Assessment assessment(store, ProfileSet::load({}), options);
        std::vector<Incident> all;
        for (std::int64_t t = 0; t <= 60000; t += 15000) {
            sample(store, "up", {}, t, 0);
            const auto& incidents =
                assessment.evaluate(t, {target(TargetHealth::State::Down, 0, "refused")}).incidents;
            for (const Incident& i : incidents)
                if (i.alertName == "Down") all.push_back(i);
        }
        QCOMPARE(all.size(), std::size_t(2));
        QCOMPARE(int(all[0].kind), int(Incident::Kind::AlertPending));
        QCOMPARE(all[0].timeMs, std::int64_t(0));
        QCOMPARE(incidentWhat(all[0]), std::string("pending {instance=host:5001, job=compozy}"));
        QCOMPARE(int(all[1].kind), int(Incident::Kind::AlertFiring));
        QCOMPARE(all[1].timeMs, std::int64_t(30000));
    }

    // Entities come and go for six hours (a new dispatcher every 5 minutes, each living 10): the model
    // remembers only those still in its window, not all 72 ever seen.
    void memoryFollowsWhatIsWatched() {
        SeriesStore store;
        HealthModel::Options model;
        model.windowMs = 15 * 60000;
        Assessment::Options options;
        options.model = model;
        Assessment assessment(store, ProfileSet::load({}), options);
        std::size_t most = 0;
        for (std::int64_t t = 0; t <= 6 * 3600000; t += kScrape) {
            sample(store, "up", {}, t, 1);
            for (std::int64_t born = std::max<std::int64_t>(0, t - 600000) / 300000 * 300000; born <= t;
                 born += 300000)
                if (t - born < 600000)
                    sample(store, "compozy_dispatcher_heartbeat_total",
                           {{"dispatcher_id", std::to_string(born)}}, t, double(t - born) / kScrape);
            if (t % 300000 == 0) {
                assessment.evaluate(t, {target(TargetHealth::State::Up, 0)});
                most = std::max(most, assessment.rememberedEntities());
            }
        }
        QVERIFY2(most <= 2 * 6, qPrintable(QString::number(most))); // ≤ 6 in the window, each counted twice
        QVERIFY(assessment.rememberedEntities() >= 2);
    }
};

QTEST_GUILESS_MAIN(AssessmentTest)
#include "test_assessment.moc"
