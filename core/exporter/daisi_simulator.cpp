#include "exporter/daisi_simulator.h"

#include <cmath>

namespace dw {

namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

prometheus::Histogram::BucketBoundaries exponentialBuckets(double start, double factor, int count) {
    prometheus::Histogram::BucketBoundaries buckets;
    for (int i = 0; i < count; ++i)
        buckets.push_back(start * std::pow(factor, i));
    return buckets;
}

const auto kProcessingBuckets = exponentialBuckets(0.01, 2, 12);
const auto kRoutingBuckets = exponentialBuckets(0.005, 2, 12);
struct EventType {
    const char* name;
    double share;
};
constexpr EventType kEventTypes[] = {{"message", 0.55},
                                     {"message_ack", 0.25},
                                     {"presence", 0.1},
                                     {"chat_update", 0.06},
                                     {"contact_update", 0.04}};
constexpr const char* kMessageEventPrefix = "message_event_service_";

std::string named(const char* suffix) {
    return std::string(kMessageEventPrefix) + suffix;
}

} // namespace

DaisiSimulator::DaisiSimulator(const Scenario& scenario, std::uint64_t seed)
    : Simulator(scenario, seed), m_runtime(m_metrics, "go1.23.4", 1.7e9),
      m_received(track(BuildCounter()
                           .Name(named("events_received_total"))
                           .Help("Total number of events received.")
                           .Register(m_metrics.registry()))),
      m_processed(track(BuildCounter()
                            .Name(named("events_processed_total"))
                            .Help("Total number of events processed successfully.")
                            .Register(m_metrics.registry()))),
      m_failed(track(BuildCounter()
                         .Name(named("events_failed_total"))
                         .Help("Total number of events that failed processing.")
                         .Register(m_metrics.registry()))),
      m_withAgent(track(BuildCounter()
                            .Name(named("event_with_agent_received_total"))
                            .Help("Total number of events received with an agent.")
                            .Register(m_metrics.registry()))),
      m_processing(track(BuildHistogram()
                             .Name(named("event_processing_duration_seconds"))
                             .Help("Event processing duration in seconds.")
                             .Register(m_metrics.registry()))),
      m_routing(track(BuildHistogram()
                          .Name(named("event_routing_duration_seconds"))
                          .Help("Event routing duration in seconds.")
                          .Register(m_metrics.registry()))),
      m_actions(track(BuildCounter()
                          .Name(named("event_processing_actions_total"))
                          .Help("Actions taken while processing events.")
                          .Register(m_metrics.registry()))),
      m_db(track(BuildHistogram()
                     .Name(named("db_operation_duration_seconds"))
                     .Help("Database operation duration in seconds.")
                     .Register(m_metrics.registry()))),
      m_dlqFetches(track(BuildCounter()
                             .Name("dlq_fetch_requests_total")
                             .Help("Total DLQ fetch requests.")
                             .Register(m_metrics.registry()))
                       .Add({})),
      m_dlqFetchErrors(track(BuildCounter()
                                 .Name("dlq_fetch_errors_total")
                                 .Help("Total DLQ fetch errors.")
                                 .Register(m_metrics.registry()))
                           .Add({})),
      m_dlqLength(track(BuildGauge()
                            .Name("dlq_queue_length")
                            .Help("Current number of tasks in the DLQ worker queue.")
                            .Register(m_metrics.registry()))
                      .Add({})),
      m_dlqWorkers(track(BuildGauge()
                             .Name("dlq_workers_active")
                             .Help("Number of active DLQ workers.")
                             .Register(m_metrics.registry()))
                       .Add({})),
      m_dlqSubmitted(track(BuildCounter()
                               .Name("dlq_tasks_submitted_total")
                               .Help("Total DLQ tasks submitted.")
                               .Register(m_metrics.registry()))),
      m_dlqDuration(track(BuildHistogram()
                              .Name("dlq_processing_duration_seconds")
                              .Help("DLQ task processing duration in seconds.")
                              .Register(m_metrics.registry()))),
      m_dlqRetries(track(BuildCounter()
                             .Name("dlq_task_retries_total")
                             .Help("Total DLQ task retries.")
                             .Register(m_metrics.registry()))),
      m_dlqAckSuccess(track(BuildCounter()
                                .Name("dlq_acks_success_total")
                                .Help("Total successful DLQ acknowledgements.")
                                .Register(m_metrics.registry()))),
      m_dlqAckFailure(track(BuildCounter()
                                .Name("dlq_acks_failure_total")
                                .Help("Total failed DLQ acknowledgements.")
                                .Register(m_metrics.registry()))),
      m_dlqDropped(track(BuildCounter()
                             .Name("dlq_tasks_dropped_total")
                             .Help("Total DLQ tasks dropped after retries.")
                             .Register(m_metrics.registry()))),
      m_onboardingSubmitted(track(BuildCounter()
                                      .Name("onboarding_tasks_submitted_total")
                                      .Help("Total onboarding tasks submitted.")
                                      .Register(m_metrics.registry()))
                                .Add({})),
      m_onboardingProcessed(track(BuildCounter()
                                      .Name("onboarding_tasks_processed_total")
                                      .Help("Total onboarding tasks processed.")
                                      .Register(m_metrics.registry()))),
      m_onboardingDuration(track(BuildHistogram()
                                     .Name("onboarding_processing_duration_seconds")
                                     .Help("Onboarding task processing duration in seconds.")
                                     .Register(m_metrics.registry()))
                               .Add({}, defaultBuckets())),
      m_onboardingQueue(track(BuildGauge()
                                  .Name("onboarding_queue_length")
                                  .Help("Current onboarding queue length.")
                                  .Register(m_metrics.registry()))
                            .Add({})) {
    for (const ScenarioEntity& entity : m_scenario.entities) {
        const std::string type = entity.id.substr(0, entity.id.find('-'));
        m_consumers.push_back({&entity, type == "historical" ? "historical" : "realtime", false});
    }
    m_dlqWorkers.Set(4);
    m_metrics.seal();
    advanceTo(0);
}

bool DaisiSimulator::windowActive(const char* action, std::int64_t tMs) const {
    for (const ScenarioIncident& incident : m_scenario.incidents)
        if (incident.action == action && tMs >= incident.atMs && tMs < incident.untilMs) return true;
    return false;
}

void DaisiSimulator::step(std::int64_t tMs) {
    for (const ScenarioIncident& incident : m_scenario.incidents)
        if (incident.action == "stop" && incident.atMs == tMs)
            for (Consumer& consumer : m_consumers)
                if (consumer.entity->id == incident.target) consumer.stopped = true;
    const bool errorBurst = windowActive("error_burst", tMs);
    const bool dlqBurst = windowActive("dlq_burst", tMs);
    for (const Consumer& consumer : m_consumers) {
        if (consumer.stopped || consumer.entity->joinAtMs > tMs) continue;
        const std::string& company = consumer.entity->group;
        for (const EventType& type : kEventTypes) {
            const prometheus::Labels labels = {
                {"event_type", type.name}, {"company_id", company}, {"consumer_type", consumer.type}};
            const double rate =
                m_scenario.trafficPerSecond * type.share * (consumer.type == "historical" ? 0.3 : 1.0);
            const int received = poisson(rate);
            if (received == 0) continue;
            const int failed = std::min(received, poisson(received * (errorBurst ? 0.15 : 0.005)));
            add(m_received, labels).Increment(received);
            add(m_processed, labels).Increment(received - failed);
            if (failed > 0) {
                add(m_failed, labels).Increment(failed);
                prometheus::Labels action = labels;
                action.emplace("action", "save_message");
                action.emplace("error_type", errorBurst ? "db_timeout" : "validation");
                add(m_actions, action).Increment(failed);
                add(m_dlqSubmitted, {{"company_id", company}}).Increment(failed);
                m_dlqQueue += failed;
            }
            prometheus::Labels ok = labels;
            ok.emplace("action", "save_message");
            ok.emplace("error_type", "none");
            add(m_actions, ok).Increment(received - failed);
            auto& processing = add(m_processing, labels, kProcessingBuckets);
            auto& routing = add(m_routing, labels, kRoutingBuckets);
            for (int i = 0; i < received; ++i) {
                processing.Observe(latency(errorBurst ? 0.4 : 0.03, 0.6));
                routing.Observe(latency(0.008, 0.5));
            }
            if (std::string_view(type.name) == "message" && received > 0)
                add(m_withAgent, {{"event_type", type.name},
                                  {"company_id", company},
                                  {"agent_id", "agent-" + company + "-01"},
                                  {"jid", "6281200000001@s.whatsapp.net"}})
                    .Increment(received);
            const bool dbError = errorBurst && uniform(0, 1) < 0.3;
            add(m_db,
                {{"operation", "insert"},
                 {"entity", "message"},
                 {"company_id", company},
                 {"status", dbError ? "error" : "success"}},
                defaultBuckets())
                .Observe(latency(dbError ? 1.5 : 0.006, 0.5));
        }
    }
    // The DLQ worker drains the queue; during a DLQ burst, fetches fail and tasks are retried or dropped.
    m_dlqFetches.Increment();
    if (dlqBurst) {
        m_dlqFetchErrors.Increment(poisson(0.5));
        m_dlqQueue += poisson(3);
    }
    const double drained = std::min(m_dlqQueue, dlqBurst ? 0.5 : 6.0);
    m_dlqQueue -= drained;
    m_dlqLength.Set(std::floor(m_dlqQueue));
    if (!m_consumers.empty() && drained >= 1) {
        const std::string& company =
            m_consumers[std::size_t(uniform(0, double(m_consumers.size())))].entity->group;
        const prometheus::Labels labels = {{"company_id", company}};
        add(m_dlqAckSuccess, labels).Increment(std::floor(drained));
        add(m_dlqDuration, labels, defaultBuckets()).Observe(latency(0.05, 0.5));
        if (dlqBurst) {
            add(m_dlqRetries, labels).Increment(poisson(2));
            add(m_dlqAckFailure, labels).Increment(poisson(0.5));
            add(m_dlqDropped, labels).Increment(poisson(0.2));
        }
    }
    if (tMs % 60'000 == 0 && !m_consumers.empty()) {
        m_onboardingSubmitted.Increment();
        add(m_onboardingProcessed,
            {{"company_id", m_consumers.front().entity->group}, {"status", "completed"}})
            .Increment();
        m_onboardingDuration.Observe(latency(2.5, 0.4));
    }
    m_onboardingQueue.Set(poisson(0.3));
    m_runtime.tick(m_random);
}

void DaisiSimulator::advanceTo(std::int64_t tMs) {
    runSecondSteps(tMs, [this](std::int64_t t) { step(t); });
}

} // namespace dw
