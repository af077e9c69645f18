#pragma once

#include "exporter/go_runtime_metrics.h"
#include "exporter/simulator.h"

#include <map>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <vector>

namespace dw {

// Simulates a pupsourcing orchestrator as its Go code exposes it: replica sets of workers whose
// worker_state is one-hot over pending/ready/running/stopping/stopped, heartbeats every 5 s, stale workers
// (no heartbeat for over 30 s) marked stopped at the start of a run-loop iteration, generations and
// reconfigurations, events processed and projection errors per projection, the three histograms, and
// go_*/process_* as the Go client adds them. Thread-safety: none (see Simulator).
class PupsourcingSimulator final : public Simulator {
public:
    PupsourcingSimulator(const Scenario& scenario, std::uint64_t seed);
    void advanceTo(std::int64_t tMs) override;
    void onCollect(std::int64_t) override {}

    enum class State { Pending, Ready, Running, Stopping, Stopped };
    State workerState(std::string_view id) const;

private:
    struct Worker {
        const ScenarioEntity* entity = nullptr;
        bool joined = false;
        bool heartbeating = true;
        State state = State::Pending;
        std::int64_t lastHeartbeatMs = 0;
        std::int64_t stateSinceMs = 0;
    };
    struct ReplicaSet {
        int generation = 0;
        int partitions = 0;
    };

    void step(std::int64_t tMs);
    void setState(Worker& worker, State state, std::int64_t tMs);
    void reconfigure(const std::string& replicaSet, std::int64_t tMs);
    bool errorBurstAt(std::int64_t tMs) const;

    std::vector<Worker> m_workers;
    std::map<std::string, ReplicaSet> m_replicaSets;
    std::vector<std::pair<const ScenarioIncident*, std::int64_t>> m_incidents;
    GoRuntimeMetrics m_runtime;
    prometheus::Family<prometheus::Counter>& m_generations;
    prometheus::Family<prometheus::Counter>& m_registered;
    prometheus::Family<prometheus::Counter>& m_assignments;
    prometheus::Family<prometheus::Counter>& m_reconfigurations;
    prometheus::Family<prometheus::Counter>& m_staleCleaned;
    prometheus::Family<prometheus::Counter>& m_eventsProcessed;
    prometheus::Family<prometheus::Counter>& m_projectionErrors;
    prometheus::Family<prometheus::Gauge>& m_activeWorkers;
    prometheus::Family<prometheus::Gauge>& m_partitions;
    prometheus::Family<prometheus::Gauge>& m_workerState;
    prometheus::Family<prometheus::Histogram>& m_coordination;
    prometheus::Family<prometheus::Histogram>& m_eventDuration;
    prometheus::Family<prometheus::Histogram>& m_heartbeatLatency;
};

} // namespace dw
