#include "exporter/pupsourcing_simulator.h"

#include <algorithm>

namespace dw {

namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

constexpr const char* kProjections[] = {"orders_projection", "inventory_projection",
                                        "notifications_projection"};
constexpr const char* kStateNames[] = {"pending", "ready", "running", "stopping", "stopped"};
constexpr int kTotalPartitions = 12;
constexpr std::int64_t kRunLoopMs = 5'000;

} // namespace

PupsourcingSimulator::PupsourcingSimulator(const Scenario& scenario, std::uint64_t seed)
    : Simulator(scenario, seed), m_runtime(m_metrics, "go1.22.5", 1.7e9),
      m_generations(track(BuildCounter()
                              .Name("pupsourcing_orchestrator_generations_total")
                              .Help("Total number of generations created.")
                              .Register(m_metrics.registry()))),
      m_registered(track(BuildCounter()
                             .Name("pupsourcing_orchestrator_workers_registered_total")
                             .Help("Total number of workers registered.")
                             .Register(m_metrics.registry()))),
      m_assignments(track(BuildCounter()
                              .Name("pupsourcing_orchestrator_partition_assignments_total")
                              .Help("Total number of partition assignments.")
                              .Register(m_metrics.registry()))),
      m_reconfigurations(track(BuildCounter()
                                   .Name("pupsourcing_orchestrator_reconfiguration_total")
                                   .Help("Total number of reconfigurations.")
                                   .Register(m_metrics.registry()))),
      m_staleCleaned(track(BuildCounter()
                               .Name("pupsourcing_orchestrator_stale_workers_cleaned_total")
                               .Help("Total number of stale workers cleaned up.")
                               .Register(m_metrics.registry()))),
      m_eventsProcessed(track(BuildCounter()
                                  .Name("pupsourcing_orchestrator_events_processed_total")
                                  .Help("Total number of events processed.")
                                  .Register(m_metrics.registry()))),
      m_projectionErrors(track(BuildCounter()
                                   .Name("pupsourcing_orchestrator_projection_errors_total")
                                   .Help("Total number of projection errors.")
                                   .Register(m_metrics.registry()))),
      m_activeWorkers(track(BuildGauge()
                                .Name("pupsourcing_orchestrator_active_workers")
                                .Help("Number of active workers.")
                                .Register(m_metrics.registry()))),
      m_partitions(track(BuildGauge()
                             .Name("pupsourcing_orchestrator_current_generation_partitions")
                             .Help("Number of partitions in the current generation.")
                             .Register(m_metrics.registry()))),
      m_workerState(track(BuildGauge()
                              .Name("pupsourcing_orchestrator_worker_state")
                              .Help("Current state of each worker (1 for the current state).")
                              .Register(m_metrics.registry()))),
      m_coordination(track(BuildHistogram()
                               .Name("pupsourcing_orchestrator_coordination_duration_seconds")
                               .Help("Time spent coordinating a generation.")
                               .Register(m_metrics.registry()))),
      m_eventDuration(track(BuildHistogram()
                                .Name("pupsourcing_orchestrator_event_processing_duration_seconds")
                                .Help("Time spent processing one event.")
                                .Register(m_metrics.registry()))),
      m_heartbeatLatency(track(BuildHistogram()
                                   .Name("pupsourcing_orchestrator_heartbeat_latency_seconds")
                                   .Help("Latency of worker heartbeats.")
                                   .Register(m_metrics.registry()))) {
    for (const ScenarioEntity& entity : m_scenario.entities) {
        m_workers.push_back({&entity});
        m_replicaSets.emplace(entity.group, ReplicaSet{});
    }
    for (const ScenarioIncident& incident : m_scenario.incidents)
        if (!incident.action.starts_with("endpoint_") && incident.action != "error_burst")
            m_incidents.emplace_back(&incident, incident.atMs);
    m_metrics.seal();
    advanceTo(0);
}

PupsourcingSimulator::State PupsourcingSimulator::workerState(std::string_view id) const {
    for (const Worker& worker : m_workers)
        if (worker.entity->id == id) return worker.state;
    return State::Stopped;
}

void PupsourcingSimulator::setState(Worker& worker, State state, std::int64_t tMs) {
    worker.state = state;
    worker.stateSinceMs = tMs;
    for (int s = 0; s < 5; ++s)
        add(m_workerState, {{"replica_set", worker.entity->group},
                            {"worker_id", worker.entity->id},
                            {"state", kStateNames[s]}})
            .Set(s == int(state) ? 1 : 0);
}

void PupsourcingSimulator::reconfigure(const std::string& replicaSet, std::int64_t) {
    ReplicaSet& set = m_replicaSets[replicaSet];
    ++set.generation;
    set.partitions = kTotalPartitions;
    const prometheus::Labels labels = {{"replica_set", replicaSet}};
    add(m_generations, labels).Increment();
    add(m_reconfigurations, labels).Increment();
    int members = 0;
    for (const Worker& worker : m_workers)
        if (worker.entity->group == replicaSet && worker.state != State::Stopped &&
            worker.state != State::Stopping)
            ++members;
    add(m_assignments, labels).Increment(members);
    add(m_partitions, labels).Set(set.partitions);
    add(m_coordination, labels, defaultBuckets()).Observe(latency(0.35, 0.6));
}

bool PupsourcingSimulator::errorBurstAt(std::int64_t tMs) const {
    for (const ScenarioIncident& incident : m_scenario.incidents)
        if (incident.action == "error_burst" && tMs >= incident.atMs && tMs < incident.untilMs) return true;
    return false;
}

void PupsourcingSimulator::step(std::int64_t tMs) {
    for (auto& [incident, nextMs] : m_incidents) {
        if (nextMs < 0 || nextMs > tMs) continue;
        for (Worker& worker : m_workers) {
            if (worker.entity->id != incident->target || !worker.joined) continue;
            if (incident->action == "die")
                worker.heartbeating = false; // the heartbeat loop exits on an error
            if (incident->action == "stop" && worker.state != State::Stopped)
                setState(worker, State::Stopping, tMs);
            if (incident->action == "reconfigure") reconfigure(worker.entity->group, tMs);
        }
        nextMs = incident->everyMs > 0 &&
                         (incident->untilMs < 0 || nextMs + incident->everyMs <= incident->untilMs)
                     ? nextMs + incident->everyMs
                     : -1;
    }
    for (Worker& worker : m_workers) {
        if (!worker.joined && worker.entity->joinAtMs <= tMs) {
            worker.joined = true;
            worker.lastHeartbeatMs = tMs;
            add(m_registered, {{"replica_set", worker.entity->group}}).Increment();
            setState(worker, State::Pending, tMs);
        }
        if (!worker.joined || worker.state == State::Stopped) continue;
        if (worker.heartbeating && (tMs - worker.lastHeartbeatMs) >= m_scenario.heartbeatIntervalMs) {
            worker.lastHeartbeatMs = tMs;
            add(m_heartbeatLatency, {{"replica_set", worker.entity->group}}, defaultBuckets())
                .Observe(latency(0.003, 0.5));
        }
    }
    if (tMs % kRunLoopMs == 0) {
        // A run-loop iteration: clean up stale workers first, then advance the others' states.
        for (Worker& worker : m_workers) {
            if (!worker.joined || worker.state == State::Stopped) continue;
            const bool changedNow = worker.stateSinceMs == tMs; // each state lasts at least one iteration
            if (tMs - worker.lastHeartbeatMs > m_scenario.staleThresholdMs) {
                setState(worker, State::Stopped, tMs);
                add(m_staleCleaned, {{"replica_set", worker.entity->group}}).Increment();
                reconfigure(worker.entity->group, tMs);
            } else if (changedNow) {
                continue;
            } else if (worker.state == State::Stopping) {
                setState(worker, State::Stopped, tMs);
                reconfigure(worker.entity->group, tMs);
            } else if (worker.state == State::Pending) {
                setState(worker, State::Ready, tMs);
                reconfigure(worker.entity->group, tMs);
            } else if (worker.state == State::Ready) {
                setState(worker, State::Running, tMs);
            }
        }
        for (auto& [name, set] : m_replicaSets) {
            int running = 0;
            for (const Worker& worker : m_workers)
                if (worker.entity->group == name && worker.state == State::Running) ++running;
            add(m_activeWorkers, {{"replica_set", name}}).Set(running);
        }
    }
    const bool burst = errorBurstAt(tMs);
    for (const Worker& worker : m_workers) {
        if (worker.state != State::Running || !worker.heartbeating) continue;
        for (const char* projection : kProjections) {
            const prometheus::Labels labels = {{"replica_set", worker.entity->group},
                                               {"projection", projection}};
            const int events = poisson(m_scenario.trafficPerSecond / 3);
            add(m_eventsProcessed, labels).Increment(events);
            auto& duration = add(m_eventDuration, labels, defaultBuckets());
            for (int i = 0; i < events; ++i)
                duration.Observe(latency(0.004, 0.7));
            const int errors = poisson(events * (burst ? 0.12 : 0.002));
            auto& errorCounter = add(m_projectionErrors, labels);
            errorCounter.Increment(errors);
        }
    }
    m_runtime.tick(m_random);
}

void PupsourcingSimulator::advanceTo(std::int64_t tMs) {
    runSecondSteps(tMs, [this](std::int64_t t) { step(t); });
}

} // namespace dw
