#pragma once

#include "exporter/simulator.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <vector>

namespace dw {

// Simulates a Compozy instance's /metrics as its OpenTelemetry Prometheus exporter writes it: the
// dispatcher metrics with Compozy's health algorithm (evaluated at every collection; stale when
// now - last heartbeat > threshold; consecutive failures count evaluations), lifecycle events, takeovers
// and scans, Temporal workflow metrics, HTTP traffic, build info and uptime, otel_scope_* labels on every
// series and a target_info series. Scenario naming "docs" writes the older names and labels of Compozy's
// docs instead. Thread-safety: none (see Simulator).
class CompozySimulator final : public Simulator {
public:
    CompozySimulator(const Scenario& scenario, std::uint64_t seed);

    void advanceTo(std::int64_t tMs) override;
    void onCollect(std::int64_t tMs) override;

    // What a test or the UI may want to know about one dispatcher.
    struct DispatcherState {
        bool registered = false;
        bool healthy = true;
        int consecutiveFailures = 0;
        std::int64_t lastHeartbeatMs = 0;
        double heartbeats = 0;
    };
    DispatcherState dispatcher(std::string_view id) const;

private:
    struct Dispatcher {
        const ScenarioEntity* entity = nullptr;
        bool joined = false;
        bool registered = false;
        bool heartbeating = true;
        bool healthy = true;
        int failures = 0;
        std::int64_t startMs = 0;
        std::int64_t lastHeartbeatMs = 0;
        std::int64_t nextHeartbeatMs = -1;
        std::int64_t phaseMs = 0;
        prometheus::Gauge* health = nullptr;
        std::string healthStaleLabel;
        prometheus::Gauge* age = nullptr;
        prometheus::Gauge* failuresGauge = nullptr;
        prometheus::Gauge* uptime = nullptr;
        prometheus::Gauge* active = nullptr;
        prometheus::Counter* heartbeatCounter = nullptr;
    };
    struct PendingIncident {
        const ScenarioIncident* incident;
        std::int64_t nextMs;
    };

    void buildFamilies();
    void start(Dispatcher& d, std::int64_t tMs);
    void stop(Dispatcher& d);
    void restart(Dispatcher& d, std::int64_t tMs);
    void heartbeat(Dispatcher& d, std::int64_t tMs);
    void runIncident(const ScenarioIncident& incident, std::int64_t tMs);
    void trafficTick();
    void scan(std::int64_t tMs);
    void lifecycle(const Dispatcher& d, const char* event);
    void setHealthSeries(Dispatcher& d, std::int64_t tMs);
    void removeSeries(Dispatcher& d);
    prometheus::Labels scoped(prometheus::Labels labels) const;
    Dispatcher* find(std::string_view id);

    bool m_docsNaming;
    std::int64_t m_now = 0;
    std::int64_t m_nextTrafficMs = 1000;
    std::int64_t m_nextScanMs = 30'000;
    std::vector<Dispatcher> m_dispatchers;
    std::vector<PendingIncident> m_incidents;

    prometheus::Family<prometheus::Gauge>* m_health = nullptr;
    prometheus::Family<prometheus::Gauge>* m_age = nullptr;
    prometheus::Family<prometheus::Gauge>* m_failures = nullptr;
    prometheus::Family<prometheus::Gauge>* m_active = nullptr;
    prometheus::Family<prometheus::Gauge>* m_uptime = nullptr;
    prometheus::Family<prometheus::Counter>* m_heartbeats = nullptr;
    prometheus::Family<prometheus::Counter>* m_lifecycle = nullptr;
    prometheus::Family<prometheus::Counter>* m_takeovers = nullptr;
    prometheus::Family<prometheus::Histogram>* m_takeoverLatency = nullptr;
    prometheus::Counter* m_keysScanned = nullptr;
    prometheus::Counter* m_staleHeartbeats = nullptr;
    prometheus::Histogram* m_scanDuration = nullptr;
    prometheus::Family<prometheus::Counter>* m_workflowsStarted = nullptr;
    prometheus::Family<prometheus::Counter>* m_workflowsCompleted = nullptr;
    prometheus::Family<prometheus::Counter>* m_workflowsFailed = nullptr;
    prometheus::Family<prometheus::Histogram>* m_workflowDuration = nullptr;
    prometheus::Family<prometheus::Counter>* m_httpRequests = nullptr;
    prometheus::Family<prometheus::Histogram>* m_httpDuration = nullptr;
    prometheus::Family<prometheus::Gauge>* m_httpInFlight = nullptr;
    prometheus::Gauge* m_systemUptime = nullptr;
};

} // namespace dw
