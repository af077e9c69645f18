// The demo scenarios' timelines, checked deterministically with a manual clock: what a scrape at a given
// scenario time sees, following the real services' algorithms.

#include "exporter/compozy_simulator.h"
#include "exporter/demo_exporter.h"
#include "exporter/pupsourcing_simulator.h"
#include "exposition_samples.h"

#include <QtTest>

using namespace dw;

namespace {

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;

struct Demo {
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(0);
    std::unique_ptr<DemoExporter> exporter;

    explicit Demo(const char* scenarioName, std::optional<std::uint64_t> seed = {}) {
        std::string error;
        auto scenario = Scenario::load(scenarioName, error);
        if (!scenario) qFatal("%s", error.c_str());
        DemoExporter::Options options;
        options.seed = seed;
        exporter = std::make_unique<DemoExporter>(*scenario, clock, options);
    }
    ExpositionSamples scrapeAt(std::int64_t tMs) {
        clock->setMs(tMs);
        return ExpositionSamples(exporter->render());
    }
    std::string bodyAt(std::int64_t tMs) {
        clock->setMs(tMs);
        return exporter->render();
    }
};

QString dispatcher(const char* id) {
    return QStringLiteral("dispatcher_id=\"%1\"").arg(id);
}

} // namespace

class DemoSimulatorsTest : public QObject {
    Q_OBJECT

private slots:
    // The stale dispatcher: health turns 0 at the first evaluation strictly after the threshold, and
    // consecutive_failures then counts evaluations (one per scrape).
    void compozyStaleDispatcherFollowsTheAlgorithm() {
        Demo demo("compozy");
        auto& sim = static_cast<CompozySimulator&>(demo.exporter->simulator());
        const QString billing = dispatcher("dispatcher-acme-billing");
        int expectedFailures = 0;
        std::int64_t lastHeartbeat = -1;
        for (std::int64_t t = 0; t <= 14 * kMinute; t += 15 * kSecond) {
            const ExpositionSamples samples = demo.scrapeAt(t);
            QVERIFY(samples.ok());
            const auto state = sim.dispatcher("dispatcher-acme-billing");
            if (t >= 3 * kMinute) {
                if (lastHeartbeat < 0) lastHeartbeat = state.lastHeartbeatMs;
                QCOMPARE(state.lastHeartbeatMs, lastHeartbeat); // no heartbeat after 3m
                QVERIFY(lastHeartbeat <= 3 * kMinute && lastHeartbeat > 3 * kMinute - 30 * kSecond);
            }
            const bool stale = t - state.lastHeartbeatMs > 2 * kMinute;
            expectedFailures = stale ? expectedFailures + 1 : 0;
            const QMap<QString, double> health =
                samples.matching("compozy_dispatcher_health_status", {billing});
            QCOMPARE(health.size(), 1);
            QCOMPARE(health.first(), stale ? 0.0 : 1.0);
            QVERIFY(health.firstKey().contains(stale ? "is_stale=\"true\"" : "is_stale=\"false\""));
            QCOMPARE(samples.sum("compozy_dispatcher_consecutive_failures", {billing}),
                     double(expectedFailures));
            QCOMPARE(samples.sum("compozy_dispatcher_heartbeat_age_seconds", {billing}),
                     double(t - state.lastHeartbeatMs) / 1000.0);
        }
        QVERIFY(expectedFailures > 10);
        // It recovers when heartbeats resume at 15m.
        const ExpositionSamples recovered = demo.scrapeAt(15 * kMinute);
        QCOMPARE(recovered.sum("compozy_dispatcher_health_status", {billing}), 1.0);
        QCOMPARE(recovered.sum("compozy_dispatcher_consecutive_failures", {billing}), 0.0);
    }

    // Exactly at the threshold it is still healthy: stale means strictly greater.
    void compozyThresholdIsStrict() {
        Demo probe("compozy");
        probe.scrapeAt(4 * kMinute);
        const std::int64_t last = static_cast<CompozySimulator&>(probe.exporter->simulator())
                                      .dispatcher("dispatcher-acme-billing")
                                      .lastHeartbeatMs;
        Demo demo("compozy");
        const QString billing = dispatcher("dispatcher-acme-billing");
        QCOMPARE(demo.scrapeAt(last + 2 * kMinute).sum("compozy_dispatcher_health_status", {billing}), 1.0);
        const ExpositionSamples after = demo.scrapeAt(last + 2 * kMinute + 1);
        QCOMPARE(after.sum("compozy_dispatcher_health_status", {billing}), 0.0);
        QCOMPARE(after.sum("compozy_dispatcher_consecutive_failures", {billing}), 1.0);
    }

    void compozyStoppedDispatcherSeriesDisappear() {
        Demo demo("compozy");
        const QString emails = dispatcher("dispatcher-acme-emails");
        const ExpositionSamples before = demo.scrapeAt(8 * kMinute - kSecond);
        QCOMPARE(before.matching("compozy_dispatcher_health_status", {emails}).size(), 1);
        QCOMPARE(before.sum("compozy_dispatcher_active_total", {emails}), 1.0);
        const ExpositionSamples after = demo.scrapeAt(8 * kMinute);
        for (const char* metric :
             {"compozy_dispatcher_health_status", "compozy_dispatcher_uptime_seconds",
              "compozy_dispatcher_heartbeat_age_seconds", "compozy_dispatcher_consecutive_failures"})
            QVERIFY2(after.matching(metric, {emails}).isEmpty(), metric);
        QCOMPARE(after.sum("compozy_dispatcher_lifecycle_events_total", {emails, "event=\"stop\""}), 1.0);
        QCOMPARE(after.sum("compozy_dispatcher_active_total", {emails}), 0.0);
        QVERIFY(after.sum("compozy_dispatcher_heartbeat_total", {emails}) > 0); // counters stay
        QCOMPARE(after.sum("compozy_dispatcher_active_total"),
                 6.0); // seven started (one joined at 6m), one stopped
    }

    void compozyRestartsAndJoins() {
        Demo demo("compozy");
        const QString payments = dispatcher("dispatcher-acme-payments");
        const QString etl = dispatcher("dispatcher-initech-etl");
        QVERIFY(demo.scrapeAt(6 * kMinute - kSecond)
                    .matching("compozy_dispatcher_lifecycle_events_total", {etl})
                    .isEmpty());
        const ExpositionSamples joined = demo.scrapeAt(6 * kMinute);
        QCOMPARE(joined.sum("compozy_dispatcher_lifecycle_events_total", {etl, "event=\"start\""}), 1.0);
        QCOMPARE(joined.sum("compozy_dispatcher_active_total", {etl}), 1.0);
        const ExpositionSamples later = demo.scrapeAt(14 * kMinute);
        // Restarts every 90 s from 4m until 13m: 4m, 5m30, 7m, 8m30, 10m, 11m30, 13m.
        QCOMPARE(later.sum("compozy_dispatcher_lifecycle_events_total", {payments, "event=\"restart\""}),
                 7.0);
        QCOMPARE(later.sum("compozy_dispatcher_uptime_seconds", {payments}), 60.0); // since the 13m restart
        QCOMPARE(later.sum("compozy_dispatcher_takeover_total", {payments, "outcome=\"started\""}), 7.0);
    }

    void compozyOtelShape() {
        Demo demo("compozy");
        const std::string body = demo.bodyAt(2 * kMinute);
        const ExpositionSamples samples(body);
        for (const QString& key : samples.matching("compozy_").keys())
            QVERIFY2(key.contains("otel_scope_name=\"compozy\"") &&
                         key.contains("otel_scope_schema_url=\"\""),
                     qPrintable(key));
        QCOMPARE(samples.matching("target_info", {"telemetry_sdk_language=\"go\""}).size(), 1);
        QVERIFY(body.find("# TYPE compozy_dispatcher_active_total gauge") != std::string::npos);
        QCOMPARE(samples.matching("compozy_system_build_info").size(), 1);
        QVERIFY(samples.sum("compozy_http_requests_total") > 0);
        QVERIFY(body.find("go_goroutines") == std::string::npos); // a fresh OTel registry has no Go metrics
        QVERIFY(body.find("le=\"+Inf\"} ") != std::string::npos);
    }

    void compozyDocsNaming() {
        Demo demo("compozy-docs");
        const ExpositionSamples samples = demo.scrapeAt(5 * kMinute);
        const auto health =
            samples.matching("compozy_dispatcher_health_status", {dispatcher("dispatcher-acme-billing")});
        QCOMPARE(health.size(), 1);
        QVERIFY2(health.firstKey().contains("time_since_heartbeat=\"") &&
                     health.firstKey().contains("consecutive_failures=\""),
                 qPrintable(health.firstKey()));
        QCOMPARE(samples.matching("compozy_uptime_seconds").size(), 1);
        QCOMPARE(samples.matching("compozy_build_info").size(), 1);
        QVERIFY(samples.matching("compozy_dispatcher_heartbeat_age_seconds").isEmpty());
        QVERIFY(samples.matching("compozy_system_uptime_seconds").isEmpty());
    }

    // Same scenario, seed and scrape times: the same bytes, whatever else happened in between.
    void deterministic() {
        Demo a("compozy", 99), b("compozy", 99), c("compozy", 100);
        for (std::int64_t t = 15 * kSecond; t <= 10 * kMinute; t += 15 * kSecond) {
            for (std::int64_t step = t - 15 * kSecond; step < t; step += kSecond)
                a.exporter->simulator().advanceTo(step);
            QCOMPARE(a.bodyAt(t), b.bodyAt(t));
        }
        QVERIFY(a.bodyAt(11 * kMinute) != c.bodyAt(11 * kMinute)); // another seed, other traffic
    }

    void pupsourcingDeadWorkerIsCleanedUp() {
        Demo demo("pupsourcing");
        auto& sim = static_cast<PupsourcingSimulator&>(demo.exporter->simulator());
        const QString a2 = "worker_id=\"worker-orders-a2\"";
        const QString orders = "replica_set=\"orders\"";
        // Dies at 2m (last heartbeat 1m55s); stale after 30 s; cleaned at the next 5 s run-loop iteration.
        const ExpositionSamples before = demo.scrapeAt(2 * kMinute + 29 * kSecond);
        QCOMPARE(before.sum("pupsourcing_orchestrator_worker_state", {a2, "state=\"running\""}), 1.0);
        QCOMPARE(before.sum("pupsourcing_orchestrator_stale_workers_cleaned_total", {orders}), 0.0);
        const double generations = before.sum("pupsourcing_orchestrator_generations_total", {orders});
        const ExpositionSamples after = demo.scrapeAt(2 * kMinute + 30 * kSecond);
        QCOMPARE(after.sum("pupsourcing_orchestrator_worker_state", {a2, "state=\"stopped\""}), 1.0);
        QCOMPARE(after.sum("pupsourcing_orchestrator_stale_workers_cleaned_total", {orders}), 1.0);
        QCOMPARE(after.sum("pupsourcing_orchestrator_generations_total", {orders}), generations + 1);
        QCOMPARE(after.sum("pupsourcing_orchestrator_active_workers", {orders}), 2.0);
        QCOMPARE(sim.workerState("worker-orders-a2"), PupsourcingSimulator::State::Stopped);
        QVERIFY(after.sum("go_goroutines") > 0);
    }

    void pupsourcingWorkerStateIsOneHot() {
        Demo demo("pupsourcing");
        for (std::int64_t t = 0; t <= 10 * kMinute; t += 20 * kSecond) {
            const ExpositionSamples samples = demo.scrapeAt(t);
            QMap<QString, double> perWorker;
            for (auto [key, value] : samples.matching("pupsourcing_orchestrator_worker_state").toStdMap()) {
                QVERIFY(value == 0 || value == 1);
                perWorker[key.section("worker_id=", 1).section(',', 0, 0)] += value;
            }
            for (const double ones : perWorker)
                QCOMPARE(ones, 1.0);
        }
        // A clean stop goes through stopping to stopped.
        Demo stopping("pupsourcing");
        QCOMPARE(stopping.scrapeAt(8 * kMinute)
                     .sum("pupsourcing_orchestrator_worker_state",
                          {"worker_id=\"worker-analytics-b1\"", "state=\"stopping\""}),
                 1.0);
        QCOMPARE(stopping.scrapeAt(8 * kMinute + 5 * kSecond)
                     .sum("pupsourcing_orchestrator_worker_state",
                          {"worker_id=\"worker-analytics-b1\"", "state=\"stopped\""}),
                 1.0);
    }

    void daisiConsumers() {
        Demo demo("daisi");
        const QStringList globex = {"company_id=\"company-globex\"", "consumer_type=\"realtime\""};
        const ExpositionSamples at4 = demo.scrapeAt(4 * kMinute);
        const ExpositionSamples at6 = demo.scrapeAt(6 * kMinute);
        const double quietFailures = at4.sum("message_event_service_events_failed_total");
        const double burstFailures = at6.sum("message_event_service_events_failed_total") - quietFailures;
        QVERIFY2(burstFailures > 5 * quietFailures,
                 qPrintable(QString("%1 vs %2").arg(burstFailures).arg(quietFailures)));
        const double received =
            demo.scrapeAt(10 * kMinute).sum("message_event_service_events_received_total", globex);
        QVERIFY(received > 0);
        QCOMPARE(demo.scrapeAt(12 * kMinute).sum("message_event_service_events_received_total", globex),
                 received);
        QVERIFY(
            at6.matching("message_event_service_event_processing_duration_seconds_bucket", {"le=\"20.48\""})
                .size() > 0);
        QVERIFY(at6.matching("message_event_service_event_routing_duration_seconds_bucket", {"le=\"10.24\""})
                    .size() > 0);
        QVERIFY(demo.scrapeAt(7 * kMinute).sum("dlq_queue_length") > 0);
    }
};

QTEST_GUILESS_MAIN(DemoSimulatorsTest)
#include "test_demo_simulators.moc"
