#pragma once

#include "exporter/go_runtime_metrics.h"
#include "exporter/simulator.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <vector>

namespace dw {

// Simulates the Daisi WA events processor as its Go code exposes it: events received, processed and failed
// per event type, company and consumer type (realtime or historical, the part of an entity id before its
// first '-'); processing and routing histograms with their exponential buckets; processing actions; DB
// operation durations with error status; the DLQ worker (queue length, workers, retries, acks, drops) and
// onboarding queue; go_*/process_* as the Go client adds them. Consumers are the entities; a stopped
// consumer receives nothing more. Thread-safety: none (see Simulator).
class DaisiSimulator final : public Simulator {
public:
    DaisiSimulator(const Scenario& scenario, std::uint64_t seed);
    void advanceTo(std::int64_t tMs) override;
    void onCollect(std::int64_t) override {}

private:
    struct Consumer {
        const ScenarioEntity* entity = nullptr;
        std::string type; // realtime | historical
        bool stopped = false;
    };

    void step(std::int64_t tMs);
    bool windowActive(const char* action, std::int64_t tMs) const;

    std::vector<Consumer> m_consumers;
    GoRuntimeMetrics m_runtime;
    double m_dlqQueue = 0;
    prometheus::Family<prometheus::Counter>& m_received;
    prometheus::Family<prometheus::Counter>& m_processed;
    prometheus::Family<prometheus::Counter>& m_failed;
    prometheus::Family<prometheus::Counter>& m_withAgent;
    prometheus::Family<prometheus::Histogram>& m_processing;
    prometheus::Family<prometheus::Histogram>& m_routing;
    prometheus::Family<prometheus::Counter>& m_actions;
    prometheus::Family<prometheus::Histogram>& m_db;
    prometheus::Counter& m_dlqFetches;
    prometheus::Counter& m_dlqFetchErrors;
    prometheus::Gauge& m_dlqLength;
    prometheus::Gauge& m_dlqWorkers;
    prometheus::Family<prometheus::Counter>& m_dlqSubmitted;
    prometheus::Family<prometheus::Histogram>& m_dlqDuration;
    prometheus::Family<prometheus::Counter>& m_dlqRetries;
    prometheus::Family<prometheus::Counter>& m_dlqAckSuccess;
    prometheus::Family<prometheus::Counter>& m_dlqAckFailure;
    prometheus::Family<prometheus::Counter>& m_dlqDropped;
    prometheus::Counter& m_onboardingSubmitted;
    prometheus::Family<prometheus::Counter>& m_onboardingProcessed;
    prometheus::Histogram& m_onboardingDuration;
    prometheus::Gauge& m_onboardingQueue;
};

} // namespace dw
