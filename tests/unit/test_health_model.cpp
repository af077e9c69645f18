// The health model's judgement over scripted sample sequences: heartbeats arriving and stopping, counter
// resets, target outages, clean stops, disappearing series, restarts, and the exporter's own report
// against the observed heartbeats. Time is whatever the test says it is.
#include "health/health_model.h"
#include "health/profile_set.h"
#include "model/sample_value.h"
#include "store_samples.h"

#include <QTest>
#include <optional>

using namespace dw;

namespace {

constexpr std::int64_t kScrape = 15000;

// A target "compozy/host:5001" scraped every 15 s; what each scrape saw is scripted per series.
class Script {
public:
    explicit Script(SeriesStore& store) : m_store(store) {}
    // Appends value at time t to the series name{dispatcher_id=id, extra...}.
    void sample(const std::string& name, Labels extra, std::int64_t t, double v) {
        appendTargetSample(m_store, name, std::move(extra), t, v);
    }
    void up(std::int64_t t, double v) { sample("up", {}, t, v); }
    // A dispatcher's counter as scrapes see it: heartbeats[i] is the counter at scrape i.
    void heartbeats(const std::string& id, const std::vector<double>& values, std::int64_t from = 0) {
        for (std::size_t i = 0; i < values.size(); ++i) {
            const std::int64_t t = from + std::int64_t(i) * kScrape;
            up(t, 1);
            if (values[i] >= 0)
                sample("compozy_dispatcher_heartbeat_total", {{"dispatcher_id", id}}, t, values[i]);
        }
    }

private:
    SeriesStore& m_store;
};

std::vector<Profile> compozy() {
    return {*ProfileSet::load({}).find("compozy")};
}

std::optional<EntityHealth> find(const std::vector<EntityHealth>& all, const std::string& id) {
    for (const EntityHealth& h : all)
        if (h.id == id) return h;
    return std::nullopt;
}

} // namespace

class HealthModelTest : public QObject {
    Q_OBJECT

private slots:
    // Heartbeats every 30 s until 60 s (counter 0, 1, 2), then nothing: stale strictly after 2 minutes.
    void turnsStaleAtTheExactMoment_data() {
        QTest::addColumn<qint64>("now");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("reason");
        // The last increase is seen by the scrape at 60 s.
        QTest::newRow("fresh") << qint64(75000) << int(HealthState::Healthy) << "heartbeat 15s ago";
        QTest::newRow("at the threshold")
            << qint64(180000) << int(HealthState::Healthy) << "heartbeat 2m ago";
        QTest::newRow("just past it")
            << qint64(180001) << int(HealthState::Stale) << "no heartbeat for 2m, threshold 2m";
        QTest::newRow("later") << qint64(211000) << int(HealthState::Stale)
                               << "no heartbeat for 2m31s, threshold 2m";
    }
    void turnsStaleAtTheExactMoment() {
        QFETCH(qint64, now);
        QFETCH(int, state);
        QFETCH(QString, reason);
        SeriesStore store;
        Script script(store);
        std::vector<double> counter = {0, 0, 1, 1, 2};
        counter.resize(16, 2);
        script.heartbeats("d1", counter);
        HealthModel model(store, compozy());
        const auto all = model.evaluate(now);
        const std::optional<EntityHealth> h = find(all, "d1");
        QVERIFY(h);
        QCOMPARE(int(h->state), state);
        QCOMPARE(QString::fromStdString(describe(h->reason)), reason);
        QCOMPARE(*h->lastHeartbeatMs, std::int64_t(60000));
    }

    void historyRecordsWhenItChanged() {
        SeriesStore store;
        Script script(store);
        std::vector<double> counter = {0, 1, 2, 3, 4};
        counter.resize(20, 4);
        script.heartbeats("d1", counter);
        HealthModel model(store, compozy());
        for (std::int64_t t = 0; t <= 19 * kScrape; t += kScrape)
            model.evaluate(t);
        const auto all = model.evaluate(19 * kScrape);
        const std::optional<EntityHealth> h = find(all, "d1");
        QCOMPARE(h->state, HealthState::Stale);
        // Last heartbeat seen at 60 s: stale from 180.001 s, though the evaluations run every 15 s.
        QCOMPARE(h->sinceMs, std::int64_t(180001));
        QCOMPARE(h->history.size(), std::size_t(2));
        QCOMPARE(h->history[1].from, HealthState::Healthy);
        QCOMPARE(h->history[1].to, HealthState::Stale);
        QCOMPARE(h->history[1].timeMs, std::int64_t(180001));
    }

    // A restarted service starts its counter again: a reset to 0 is no heartbeat, a reset to a positive
    // value is one, and a drop is never a negative heartbeat rate.
    void counterResets_data() {
        QTest::addColumn<QList<double>>("counter");
        QTest::addColumn<qint64>("lastHeartbeat");
        QTest::newRow("reset to zero") << QList<double>{5, 6, 0, 0, 0} << qint64(15000);
        QTest::newRow("reset to positive") << QList<double>{5, 6, 1, 1, 1} << qint64(30000);
        QTest::newRow("steady") << QList<double>{5, 6, 7, 8, 9} << qint64(60000);
    }
    void counterResets() {
        QFETCH(QList<double>, counter);
        QFETCH(qint64, lastHeartbeat);
        SeriesStore store;
        Script script(store);
        script.heartbeats("d1", std::vector<double>(counter.begin(), counter.end()));
        HealthModel model(store, compozy());
        const std::optional<EntityHealth> h = find(model.evaluate(60000), "d1");
        QCOMPARE(*h->lastHeartbeatMs, std::int64_t(lastHeartbeat));
        QVERIFY(h->heartbeatRate && *h->heartbeatRate >= 0);
    }

    // The rate is over the span the samples cover, at most the 5-minute window: two scrapes 15 s apart
    // with one heartbeat are 1/15 per second, not rate()'s extrapolation divided by five minutes.
    void heartbeatRateOverWhatWasWatched_data() {
        QTest::addColumn<QList<double>>("counter");
        QTest::addColumn<double>("rate");
        QTest::addColumn<double>("span");
        QTest::newRow("two scrapes") << QList<double>{5, 6} << 1.0 / 15 << 15.0;
        QTest::newRow("a minute") << QList<double>{0, 1, 2, 3, 4} << 4.0 / 60 << 60.0;
        QTest::newRow("a restart") << QList<double>{5, 6, 1, 1, 1} << 2.0 / 60 << 60.0;
        QList<double> long_;
        for (int i = 0; i < 30; ++i)
            long_ << 3.0 * i;
        QTest::newRow("longer than the window") << long_ << 3.0 / 15 << 300.0;
        QTest::newRow("one scrape") << QList<double>{5} << -1.0 << 0.0;
    }
    void heartbeatRateOverWhatWasWatched() {
        QFETCH(QList<double>, counter);
        QFETCH(double, rate);
        QFETCH(double, span);
        SeriesStore store;
        Script script(store);
        script.heartbeats("d1", std::vector<double>(counter.begin(), counter.end()));
        HealthModel model(store, compozy());
        const std::optional<EntityHealth> h = find(model.evaluate((counter.size() - 1) * kScrape), "d1");
        QVERIFY(h);
        if (rate < 0) {
            QVERIFY(!h->heartbeatRate);
            return;
        }
        QVERIFY(h->heartbeatRate);
        QVERIFY2(qAbs(*h->heartbeatRate - rate) < 1e-9, qPrintable(QString::number(*h->heartbeatRate)));
        QCOMPARE(h->heartbeatRateSpanSeconds, span);
    }

    void targetOutageIsUnknown() {
        SeriesStore store;
        Script script(store);
        script.heartbeats("d1", {0, 1, 2, 3});
        script.up(60000, 0);
        script.up(75000, 0);
        script.sample("compozy_dispatcher_heartbeat_total", {{"dispatcher_id", "d1"}}, 60000, staleMarker());
        HealthModel model(store, compozy());
        model.setTargetError("compozy", "host:5001", "connection refused");
        const std::optional<EntityHealth> h = find(model.evaluate(75000), "d1");
        QCOMPARE(h->state, HealthState::Unknown);
        QCOMPARE(h->reason.kind, Reason::Kind::TargetDown);
        const std::string words = describe(h->reason);
        QVERIFY2(words.starts_with("target down since ") && words.ends_with(": connection refused"),
                 words.c_str());
        QCOMPARE(h->sinceMs, std::int64_t(60000));
    }

    void cleanStopAndDisappearance() {
        SeriesStore store;
        Script script(store);
        script.heartbeats("d1", {0, 1, 2, 3, 4, 5});
        script.heartbeats("d2", {0, 1, 2, 3, 4, 5});
        for (std::int64_t t = 0; t <= 75000; t += kScrape) {
            script.sample("compozy_dispatcher_health_status",
                          {{"dispatcher_id", "d2"}, {"is_stale", "false"}}, t, t < 45000 ? 1 : staleMarker());
            script.sample("compozy_dispatcher_health_status",
                          {{"dispatcher_id", "d1"}, {"is_stale", "false"}}, t, 1);
            script.sample("compozy_dispatcher_lifecycle_events_total",
                          {{"dispatcher_id", "d1"}, {"event", "start"}}, t, 1);
            if (t >= 30000)
                script.sample("compozy_dispatcher_lifecycle_events_total",
                              {{"dispatcher_id", "d1"}, {"event", "stop"}}, t, 1);
        }
        HealthModel model(store, compozy());
        const auto all = model.evaluate(75000);
        QCOMPARE(find(all, "d1")->state, HealthState::Stopped);
        QCOMPARE(find(all, "d1")->reason.kind, Reason::Kind::StopEvent);
        QVERIFY(describe(find(all, "d1")->reason).ends_with("(stop event)"));
        QCOMPARE(find(all, "d1")->sinceMs, std::int64_t(30000));
        QCOMPARE(find(all, "d2")->state, HealthState::Stopped);
        QCOMPARE(find(all, "d2")->reason.kind, Reason::Kind::SeriesDisappeared);
        QVERIFY2(describe(find(all, "d2")->reason).starts_with("its series disappeared at "),
                 describe(find(all, "d2")->reason).c_str());
        QCOMPARE(find(all, "d2")->sinceMs, std::int64_t(45000));
    }

    void restartsMakeItFlapping_data() {
        QTest::addColumn<int>("restarts");
        QTest::addColumn<int>("state");
        QTest::newRow("two") << 2 << int(HealthState::Healthy);
        QTest::newRow("three") << 3 << int(HealthState::Flapping);
        QTest::newRow("five") << 5 << int(HealthState::Flapping);
    }
    void restartsMakeItFlapping() {
        QFETCH(int, restarts);
        QFETCH(int, state);
        SeriesStore store;
        Script script(store);
        std::vector<double> counter(41);
        for (std::size_t i = 0; i < counter.size(); ++i)
            counter[i] = double(i / 2);
        script.heartbeats("d1", counter);
        for (std::int64_t t = 0; t <= 40 * kScrape; t += kScrape)
            script.sample("compozy_dispatcher_lifecycle_events_total",
                          {{"dispatcher_id", "d1"}, {"event", "restart"}}, t,
                          double(std::min<std::int64_t>(restarts, t / 60000)));
        HealthModel model(store, compozy());
        const std::optional<EntityHealth> h = find(model.evaluate(40 * kScrape), "d1");
        QCOMPARE(int(h->state), state);
        QCOMPARE(h->recentRestarts, restarts);
        if (state == int(HealthState::Flapping))
            QCOMPARE(describe(h->reason),
                     std::to_string(restarts) + " restarts in the last 10m (threshold 3)");
    }

    // The exporter's health registry can live in another process than the heartbeats.
    void reportedAndObservedDisagree() {
        SeriesStore store;
        Script script(store);
        std::vector<double> silent = {0, 1, 2};
        silent.resize(14, 2);
        script.heartbeats("quiet", silent);
        std::vector<double> busy(14);
        for (std::size_t i = 0; i < busy.size(); ++i)
            busy[i] = double(i);
        script.heartbeats("busy", busy);
        for (std::int64_t t = 0; t <= 13 * kScrape; t += kScrape) {
            script.sample("compozy_dispatcher_health_status",
                          {{"dispatcher_id", "quiet"}, {"is_stale", "false"}}, t, 1);
            script.sample("compozy_dispatcher_health_status",
                          {{"dispatcher_id", "busy"}, {"is_stale", "true"}}, t, 0);
            script.sample("compozy_dispatcher_consecutive_failures", {{"dispatcher_id", "busy"}}, t, 4);
        }
        HealthModel model(store, compozy());
        const auto all = model.evaluate(13 * kScrape);
        const std::optional<EntityHealth> quiet = find(all, "quiet");
        QCOMPARE(quiet->state, HealthState::Stale);
        QCOMPARE(*quiet->reported.healthy, true);
        QVERIFY(quiet->disagreement);
        QCOMPARE(describe(*quiet->disagreement),
                 std::string(
                     "reported healthy, but its heartbeat counter has not moved for 2m45s (threshold 2m)"));
        const std::optional<EntityHealth> busyOne = find(all, "busy");
        QCOMPARE(busyOne->state, HealthState::Healthy);
        QCOMPARE(*busyOne->reported.stale, true);
        QVERIFY(busyOne->disagreement);
        QCOMPARE(describe(*busyOne->disagreement),
                 std::string(
                     "reported unhealthy (4 consecutive failures), but its heartbeat counter moved 0s ago"));
    }

    // check watches for seconds, less than a threshold: until heartbeats can be judged, a dispatcher the
    // exporter reports stale is stale, with the exporter's facts.
    void reportedStaleBeforeObservedLongEnough() {
        SeriesStore store;
        Script script(store);
        script.heartbeats("d1", {7, 7});
        for (const std::int64_t t : {0, 15000}) {
            script.sample("compozy_dispatcher_health_status", {{"dispatcher_id", "d1"}, {"is_stale", "true"}},
                          t, 0);
            script.sample("compozy_dispatcher_heartbeat_age_seconds", {{"dispatcher_id", "d1"}}, t, 333);
            script.sample("compozy_dispatcher_consecutive_failures", {{"dispatcher_id", "d1"}}, t, 4);
        }
        HealthModel model(store, compozy());
        const auto all = model.evaluate(15000);
        const std::optional<EntityHealth> h = find(all, "d1");
        QCOMPARE(h->state, HealthState::Stale);
        QCOMPARE(describe(h->reason),
                 std::string("reported stale by the exporter, heartbeat age 5m33s, 4 consecutive failures "
                             "(watched 15s of 2m, not long enough to confirm)"));
        QVERIFY(!h->disagreement);
    }

    void docsVariantLabels() {
        SeriesStore store;
        Script script(store);
        script.heartbeats("d1", {0, 1, 2});
        script.sample("compozy_dispatcher_health_status",
                      {{"dispatcher_id", "d1"},
                       {"is_stale", "false"},
                       {"time_since_heartbeat", "12.5"},
                       {"consecutive_failures", "0"}},
                      30000, 1);
        HealthModel model(store, compozy());
        const std::optional<EntityHealth> h = find(model.evaluate(30000), "d1");
        QCOMPARE(*h->reported.heartbeatAgeSeconds, 12.5);
        QCOMPARE(*h->reported.consecutiveFailures, 0.0);
        QVERIFY(!h->disagreement);
    }

    void thresholdPerTarget() {
        SeriesStore store;
        Script script(store);
        std::vector<double> counter = {0, 1};
        counter.resize(6, 1);
        script.heartbeats("d1", counter);
        HealthModel::Options options;
        options.staleAfterByTarget[{"compozy", "host:5001"}] = 30000;
        HealthModel model(store, compozy(), options);
        const std::optional<EntityHealth> h = find(model.evaluate(75000), "d1");
        QCOMPARE(h->state, HealthState::Stale);
        QCOMPARE(describe(h->reason), std::string("no heartbeat for 1m, threshold 30s"));
    }
};

QTEST_GUILESS_MAIN(HealthModelTest)
#include "test_health_model.moc"
