#include "exporter/compozy_simulator.h"

#include "util/duration.h"

#include <limits>

namespace dw {

namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

const prometheus::Histogram::BucketBoundaries kScanBuckets = {0.005, 0.01, 0.025, 0.05, 0.1,
                                                              0.25,  0.5,  1,     2.5,  5};

struct HttpRoute {
    const char* method;
    const char* route;
    double share;
    double medianSeconds;
    const char* okStatus;
    double errorShare;
};
constexpr HttpRoute kRoutes[] = {
    {"GET", "/api/v0/workflows", 0.30, 0.012, "200", 0.0},
    {"POST", "/api/v0/workflows/{workflow_id}/executions", 0.15, 0.045, "202", 0.02},
    {"GET", "/api/v0/executions/workflows/{exec_id}", 0.30, 0.008, "200", 0.01},
    {"GET", "/api/v0/health", 0.20, 0.002, "200", 0.0},
    {"GET", "unmatched", 0.05, 0.001, "404", 0.0},
};
constexpr const char* kWorkflowTypes[] = {"order-processing", "invoice-sync", "email-dispatch"};

} // namespace

CompozySimulator::CompozySimulator(const Scenario& scenario, std::uint64_t seed)
    : Simulator(scenario, seed), m_docsNaming(scenario.naming == "docs") {
    buildFamilies();
    m_metrics.seal();
    m_dispatchers.reserve(m_scenario.entities.size());
    for (const ScenarioEntity& entity : m_scenario.entities) {
        Dispatcher d;
        d.entity = &entity;
        // Heartbeats of different dispatchers are spread over the interval, as their workflows start apart.
        d.phaseMs = std::int64_t(uniform(0, double(m_scenario.heartbeatIntervalMs)));
        m_dispatchers.push_back(d);
    }
    for (Dispatcher& d : m_dispatchers)
        if (d.entity->joinAtMs == 0) start(d, 0);
    for (const ScenarioIncident& incident : m_scenario.incidents)
        if (incident.action != "endpoint_unavailable" && incident.action != "endpoint_slow")
            m_incidents.push_back({&incident, incident.atMs});
}

prometheus::Labels CompozySimulator::scoped(prometheus::Labels labels) const {
    labels.emplace("otel_scope_name", "compozy");
    labels.emplace("otel_scope_schema_url", "");
    labels.emplace("otel_scope_version", "");
    return labels;
}

void CompozySimulator::buildFamilies() {
    auto& r = m_metrics.registry();
    m_health = &track(BuildGauge()
                          .Name("compozy_dispatcher_health_status")
                          .Help("Dispatcher health status (1=healthy, 0=unhealthy)")
                          .Register(r));
    if (!m_docsNaming) {
        m_age = &track(BuildGauge()
                           .Name("compozy_dispatcher_heartbeat_age_seconds")
                           .Help("Seconds since the dispatcher's last heartbeat")
                           .Register(r));
        m_failures = &track(BuildGauge()
                                .Name("compozy_dispatcher_consecutive_failures")
                                .Help("Consecutive unhealthy evaluations of the dispatcher")
                                .Register(r));
    }
    m_active = &track(BuildGauge()
                          .Name("compozy_dispatcher_active_total")
                          .Help("Number of active dispatchers")
                          .Register(r));
    m_uptime = &track(BuildGauge()
                          .Name("compozy_dispatcher_uptime_seconds")
                          .Help("Dispatcher uptime in seconds")
                          .Register(r));
    m_heartbeats = &track(BuildCounter()
                              .Name("compozy_dispatcher_heartbeat_total")
                              .Help("Total number of dispatcher heartbeats")
                              .Register(r));
    m_lifecycle = &track(BuildCounter()
                             .Name("compozy_dispatcher_lifecycle_events_total")
                             .Help("Total number of dispatcher lifecycle events")
                             .Register(r));
    m_takeovers = &track(BuildCounter()
                             .Name("compozy_dispatcher_takeover_total")
                             .Help("Dispatcher takeover attempts by outcome")
                             .Register(r));
    m_takeoverLatency = &track(BuildHistogram()
                                   .Name("compozy_dispatcher_takeover_latency_seconds")
                                   .Help("Dispatcher takeover latency in seconds")
                                   .Register(r));
    m_keysScanned = &track(BuildCounter()
                               .Name("compozy_dispatcher_keys_scanned_total")
                               .Help("Dispatcher heartbeat keys scanned")
                               .Register(r))
                         .Add(scoped({}));
    m_staleHeartbeats = &track(BuildCounter()
                                   .Name("compozy_dispatcher_stale_heartbeats_total")
                                   .Help("Stale dispatcher heartbeats found by scans")
                                   .Register(r))
                             .Add(scoped({}));
    m_scanDuration = &track(BuildHistogram()
                                .Name("compozy_dispatcher_scan_duration_seconds")
                                .Help("Duration of dispatcher heartbeat scans in seconds")
                                .Register(r))
                          .Add(scoped({}), kScanBuckets);
    m_workflowsStarted = &track(BuildCounter()
                                    .Name("compozy_temporal_workflow_started_total")
                                    .Help("Total number of workflows started")
                                    .Register(r));
    m_workflowsCompleted = &track(BuildCounter()
                                      .Name("compozy_temporal_workflow_completed_total")
                                      .Help("Total number of workflows completed")
                                      .Register(r));
    m_workflowsFailed = &track(BuildCounter()
                                   .Name("compozy_temporal_workflow_failed_total")
                                   .Help("Total number of workflows failed")
                                   .Register(r));
    m_workflowDuration = &track(BuildHistogram()
                                    .Name("compozy_temporal_workflow_duration_seconds")
                                    .Help("Workflow execution time in seconds")
                                    .Register(r));
    track(BuildGauge()
              .Name("compozy_temporal_workers_running_total")
              .Help("Number of Temporal workers running")
              .Register(r))
        .Add(scoped({}))
        .Set(4);
    track(BuildGauge()
              .Name("compozy_temporal_workers_configured_total")
              .Help("Number of Temporal workers configured")
              .Register(r))
        .Add(scoped({}))
        .Set(4);
    m_httpRequests = &track(
        BuildCounter().Name("compozy_http_requests_total").Help("Total number of HTTP requests").Register(r));
    m_httpDuration = &track(BuildHistogram()
                                .Name("compozy_http_request_duration_seconds")
                                .Help("HTTP request latency in seconds")
                                .Register(r));
    m_httpInFlight = &track(BuildGauge()
                                .Name("compozy_http_requests_in_flight")
                                .Help("Number of HTTP requests being served")
                                .Register(r));
    const prometheus::Labels build = {
        {"version", "v0.9.2"}, {"commit_hash", "8c1f2e7"}, {"go_version", "go1.24.2"}};
    track(BuildGauge()
              .Name(m_docsNaming ? "compozy_build_info" : "compozy_system_build_info")
              .Help("Build information")
              .Register(r))
        .Add(scoped(build))
        .Set(1);
    m_systemUptime =
        &track(BuildGauge()
                   .Name(m_docsNaming ? "compozy_uptime_seconds" : "compozy_system_uptime_seconds")
                   .Help("Service uptime in seconds")
                   .Register(r))
             .Add(scoped({}));
    track(BuildGauge().Name("target_info").Help("Target metadata").Register(r))
        .Add({{"service_name", "compozy"},
              {"service_version", "v0.9.2"},
              {"telemetry_sdk_language", "go"},
              {"telemetry_sdk_name", "opentelemetry"},
              {"telemetry_sdk_version", "1.36.0"}})
        .Set(1);
    for (const HttpRoute& route : kRoutes)
        add(*m_httpInFlight, scoped({{"http_method", route.method}, {"http_route", route.route}}));
}

CompozySimulator::Dispatcher* CompozySimulator::find(std::string_view id) {
    for (Dispatcher& d : m_dispatchers)
        if (d.entity->id == id) return &d;
    return nullptr;
}

CompozySimulator::DispatcherState CompozySimulator::dispatcher(std::string_view id) const {
    for (const Dispatcher& d : m_dispatchers)
        if (d.entity->id == id)
            return {d.registered, d.healthy, d.failures, d.lastHeartbeatMs,
                    d.heartbeatCounter ? d.heartbeatCounter->Value() : 0};
    return {};
}

void CompozySimulator::lifecycle(const Dispatcher& d, const char* event) {
    add(*m_lifecycle, scoped({{"dispatcher_id", d.entity->id}, {"event", event}})).Increment();
}

void CompozySimulator::start(Dispatcher& d, std::int64_t tMs) {
    // Register: healthy, last heartbeat now, no failures; then the start event, as Compozy's worker does.
    d.joined = true;
    d.registered = true;
    d.heartbeating = true;
    d.healthy = true;
    d.failures = 0;
    d.startMs = tMs;
    d.lastHeartbeatMs = tMs;
    d.nextHeartbeatMs = tMs + (d.phaseMs == 0 ? m_scenario.heartbeatIntervalMs : d.phaseMs);
    const prometheus::Labels id = {{"dispatcher_id", d.entity->id}};
    if (!d.active) d.active = &add(*m_active, scoped(id));
    d.active->Increment();
    if (!d.heartbeatCounter) d.heartbeatCounter = &add(*m_heartbeats, scoped(id));
    d.uptime = &add(*m_uptime, scoped(id));
    if (m_age) d.age = &add(*m_age, scoped(id));
    if (m_failures) d.failuresGauge = &add(*m_failures, scoped(id));
    setHealthSeries(d, tMs);
    lifecycle(d, "start");
}

void CompozySimulator::removeSeries(Dispatcher& d) {
    if (d.health) remove(*m_health, d.health);
    if (d.uptime) remove(*m_uptime, d.uptime);
    if (d.age) remove(*m_age, d.age);
    if (d.failuresGauge) remove(*m_failures, d.failuresGauge);
    d.health = d.uptime = d.age = d.failuresGauge = nullptr;
}

void CompozySimulator::stop(Dispatcher& d) {
    if (!d.registered) return;
    // Stopping unregisters the dispatcher: its health and uptime series disappear.
    d.registered = false;
    d.heartbeating = false;
    d.active->Decrement();
    removeSeries(d);
    lifecycle(d, "stop");
    add(*m_takeovers, scoped({{"dispatcher_id", d.entity->id}, {"outcome", "terminated"}})).Increment();
}

void CompozySimulator::restart(Dispatcher& d, std::int64_t tMs) {
    if (!d.registered) return;
    d.startMs = tMs;
    d.lastHeartbeatMs = tMs;
    d.healthy = true;
    d.failures = 0;
    d.heartbeating = true;
    d.nextHeartbeatMs = tMs + m_scenario.heartbeatIntervalMs;
    lifecycle(d, "restart");
    const prometheus::Labels started = {{"dispatcher_id", d.entity->id}, {"outcome", "started"}};
    add(*m_takeovers, scoped(started)).Increment();
    add(*m_takeoverLatency, scoped(started), defaultBuckets()).Observe(latency(0.06, 0.5));
}

void CompozySimulator::heartbeat(Dispatcher& d, std::int64_t tMs) {
    d.lastHeartbeatMs = tMs;
    d.healthy = true;
    d.failures = 0;
    d.heartbeatCounter->Increment();
}

void CompozySimulator::runIncident(const ScenarioIncident& incident, std::int64_t tMs) {
    Dispatcher* d = find(incident.target);
    if (!d) return;
    if (incident.action == "stop_heartbeats") d->heartbeating = false;
    if (incident.action == "resume_heartbeats" && d->registered && !d->heartbeating) {
        d->heartbeating = true;
        heartbeat(*d, tMs);
        d->nextHeartbeatMs = tMs + m_scenario.heartbeatIntervalMs;
    }
    if (incident.action == "restart") restart(*d, tMs);
    if (incident.action == "stop") stop(*d);
}

void CompozySimulator::trafficTick() {
    const double perSecond = m_scenario.trafficPerSecond;
    for (const HttpRoute& route : kRoutes) {
        const int requests = poisson(perSecond * route.share);
        const int errors = route.errorShare > 0 ? poisson(perSecond * route.share * route.errorShare) : 0;
        const prometheus::Labels ok = {
            {"http_method", route.method}, {"http_route", route.route}, {"http_status_code", route.okStatus}};
        auto& counter = add(*m_httpRequests, scoped(ok));
        auto& histogram = add(*m_httpDuration, scoped(ok), defaultBuckets());
        counter.Increment(requests);
        for (int i = 0; i < requests; ++i)
            histogram.Observe(latency(route.medianSeconds, 0.6));
        if (errors > 0) {
            const prometheus::Labels failed = {
                {"http_method", route.method}, {"http_route", route.route}, {"http_status_code", "500"}};
            add(*m_httpRequests, scoped(failed)).Increment(errors);
            auto& errorHistogram = add(*m_httpDuration, scoped(failed), defaultBuckets());
            for (int i = 0; i < errors; ++i)
                errorHistogram.Observe(latency(route.medianSeconds * 3, 0.8));
        }
        add(*m_httpInFlight, scoped({{"http_method", route.method}, {"http_route", route.route}}))
            .Set(poisson(perSecond * route.share * route.medianSeconds * 4));
    }
    for (const char* type : kWorkflowTypes) {
        const int started = poisson(perSecond * 0.05);
        if (started == 0) continue;
        add(*m_workflowsStarted, scoped({{"workflow_type", type}})).Increment(started);
        for (int i = 0; i < started; ++i) {
            const double draw = uniform(0, 1);
            const char* result = draw < 0.95   ? "completed"
                                 : draw < 0.98 ? "failed"
                                 : draw < 0.99 ? "timeout"
                                               : "canceled";
            if (draw < 0.95)
                add(*m_workflowsCompleted, scoped({{"workflow_type", type}})).Increment();
            else
                add(*m_workflowsFailed, scoped({{"workflow_type", type}, {"result", result}})).Increment();
            add(*m_workflowDuration, scoped({{"workflow_type", type}, {"result", result}}), defaultBuckets())
                .Observe(latency(1.2, 0.7));
        }
    }
}

void CompozySimulator::scan(std::int64_t tMs) {
    int keys = 0;
    int stale = 0;
    for (const Dispatcher& d : m_dispatchers) {
        if (!d.registered) continue;
        ++keys;
        if (tMs - d.lastHeartbeatMs > m_scenario.staleThresholdMs) ++stale;
    }
    m_keysScanned->Increment(keys);
    m_staleHeartbeats->Increment(stale);
    m_scanDuration->Observe(latency(0.004, 0.5));
}

void CompozySimulator::advanceTo(std::int64_t tMs) {
    constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
    for (;;) {
        std::int64_t next = std::min(m_nextTrafficMs, m_nextScanMs);
        for (const Dispatcher& d : m_dispatchers) {
            if (!d.joined) next = std::min(next, d.entity->joinAtMs);
            if (d.registered && d.heartbeating) next = std::min(next, d.nextHeartbeatMs);
        }
        for (const PendingIncident& pending : m_incidents)
            if (pending.nextMs >= 0) next = std::min(next, pending.nextMs);
        if (next == kNever || next > tMs) break;
        m_now = next;
        for (Dispatcher& d : m_dispatchers)
            if (!d.joined && d.entity->joinAtMs == next) start(d, next);
        for (PendingIncident& pending : m_incidents) {
            if (pending.nextMs != next) continue;
            runIncident(*pending.incident, next);
            const ScenarioIncident& incident = *pending.incident;
            pending.nextMs = incident.everyMs > 0 ? next + incident.everyMs : -1;
            if (pending.nextMs >= 0 && incident.untilMs >= 0 && pending.nextMs > incident.untilMs)
                pending.nextMs = -1;
        }
        for (Dispatcher& d : m_dispatchers) {
            if (d.registered && d.heartbeating && d.nextHeartbeatMs == next) {
                heartbeat(d, next);
                d.nextHeartbeatMs = next + m_scenario.heartbeatIntervalMs;
            }
        }
        if (m_nextTrafficMs == next) {
            trafficTick();
            m_nextTrafficMs += 1000;
        }
        if (m_nextScanMs == next) {
            scan(next);
            m_nextScanMs += 30'000;
        }
    }
    m_now = std::max(m_now, tMs);
}

void CompozySimulator::setHealthSeries(Dispatcher& d, std::int64_t tMs) {
    const bool stale = tMs - d.lastHeartbeatMs > m_scenario.staleThresholdMs;
    prometheus::Labels labels = {{"dispatcher_id", d.entity->id}, {"is_stale", stale ? "true" : "false"}};
    std::string identity = labels["is_stale"];
    if (m_docsNaming) {
        // The older code put these in labels, which is why they moved to gauges (cardinality).
        labels.emplace("time_since_heartbeat", formatDurationMs((tMs - d.lastHeartbeatMs) / 1000 * 1000));
        labels.emplace("consecutive_failures", std::to_string(d.failures));
        identity += labels["time_since_heartbeat"] + "/" + labels["consecutive_failures"];
    }
    if (!d.health || d.healthStaleLabel != identity) {
        if (d.health) remove(*m_health, d.health);
        d.health = &add(*m_health, scoped(labels));
        d.healthStaleLabel = identity;
    }
    d.health->Set(d.healthy ? 1 : 0);
}

void CompozySimulator::onCollect(std::int64_t tMs) {
    for (Dispatcher& d : m_dispatchers) {
        if (!d.registered) continue;
        // Compozy's evaluation, once per collection: stale strictly after the threshold; failures count
        // evaluations, starting at 1 on the first unhealthy one.
        const bool stale = tMs - d.lastHeartbeatMs > m_scenario.staleThresholdMs;
        if (!stale) {
            d.healthy = true;
            d.failures = 0;
        } else {
            d.failures = d.healthy ? 1 : d.failures + 1;
            d.healthy = false;
        }
        setHealthSeries(d, tMs);
        if (d.age) d.age->Set(double(tMs - d.lastHeartbeatMs) / 1000.0);
        if (d.failuresGauge) d.failuresGauge->Set(d.failures);
        d.uptime->Set(double(tMs - d.startMs) / 1000.0);
    }
    m_systemUptime->Set(double(tMs) / 1000.0);
}

} // namespace dw
