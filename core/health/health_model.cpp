#include "health/health_model.h"

#include "health/judgement.h"
#include "health/series_facts.h"
#include "model/sample_value.h"
#include "promql/step_series.h"
#include "util/duration.h"

#include <QString>
#include <algorithm>
#include <cmath>

namespace dw {

namespace {

std::optional<double> parseNumberOrDuration(const std::string& text) {
    if (text.empty()) return std::nullopt;
    if (const auto ms = parseDurationMs(text)) return double(*ms) / 1000;
    bool ok = false;
    const double value = QString::fromStdString(text).toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

// The increase of a counter between its first and last sample in [from, to] (a drop is a restart from
// zero, as rate() counts it) over the time between them; nothing for fewer than two samples.
struct ObservedRate {
    double perSecond = 0;
    double spanSeconds = 0;
};
std::optional<ObservedRate> observedRate(const std::vector<Sample>& samples, std::int64_t from,
                                         std::int64_t to) {
    const Sample* first = nullptr;
    const Sample* previous = nullptr;
    double increase = 0;
    for (const Sample& x : samples) {
        if (x.t < from || x.t > to || isStaleMarker(x.v)) continue;
        if (!first)
            first = &x;
        else
            increase += x.v >= previous->v ? x.v - previous->v : x.v;
        previous = &x;
    }
    if (!first || previous->t <= first->t) return std::nullopt;
    const double span = double(previous->t - first->t) / 1000;
    return ObservedRate{increase / span, span};
}

} // namespace

struct HealthModel::Entity {
    struct Series {
        Labels labels;
        std::vector<Sample> samples;
    };
    std::string id, job, instance;
    Labels idLabels;
    std::vector<Series> heartbeats, uptime, presence, reportedHealth, heartbeatAge, failures;
    std::map<std::string, std::vector<Series>> lifecycle; // by event
    std::map<std::string, std::vector<Series>> states;    // by state
    std::vector<Series> staleMarked;                      // target-level counters
    std::vector<Sample> up;
};

HealthModel::HealthModel(const SeriesStore& store, std::vector<Profile> profiles, Options options)
    : m_store(store), m_profiles(std::move(profiles)), m_options(std::move(options)) {}

HealthModel::HealthModel(const SeriesStore& store, std::vector<Profile> profiles)
    : HealthModel(store, std::move(profiles), Options{}) {}

void HealthModel::setTargetDownSince(const std::string& job, const std::string& instance,
                                     std::optional<std::int64_t> sinceMs) {
    if (sinceMs)
        m_targetsDown[{job, instance}] = *sinceMs;
    else
        m_targetsDown.erase({job, instance});
}

void HealthModel::setTargetError(const std::string& job, const std::string& instance, std::string error) {
    m_targetErrors[{job, instance}] = std::move(error);
}

void HealthModel::setProfiles(std::vector<Profile> profiles) {
    m_profiles = std::move(profiles);
}

std::vector<Sample> HealthModel::read(SeriesRef ref, std::int64_t nowMs) const {
    std::vector<Sample> samples;
    m_store.samples(ref, nowMs - m_options.windowMs - m_options.lookbackMs, nowMs, samples);
    return samples;
}

void HealthModel::collect(const Profile& p, std::int64_t nowMs, std::map<EntityKey, Entity>& entities) const {
    auto each = [&](const std::string& metric, bool perEntity, auto&& attach) {
        if (metric.empty()) return;
        for (const SeriesRef ref : m_store.seriesWithName(metric)) {
            Labels labels = m_store.labels(ref);
            const std::string id = p.entityId(labels);
            if (perEntity && id.empty()) continue;
            std::vector<Sample> samples = read(ref, nowMs);
            if (samples.empty()) continue;
            const std::string job(labelValue(labels, "job")), instance(labelValue(labels, "instance"));
            if (!perEntity) {
                for (auto& [key, e] : entities)
                    if (e.job == job && e.instance == instance) attach(e, Entity::Series{labels, samples});
                continue;
            }
            EntityKey key{p.name, job, instance, {}};
            Labels idLabels;
            for (const std::string& name : p.entityLabels) {
                key.values.emplace_back(labelValue(labels, name));
                idLabels.push_back({name, key.values.back()});
            }
            Entity& e = entities[std::move(key)];
            e.id = id;
            e.job = job;
            e.instance = instance;
            e.idLabels = std::move(idLabels);
            attach(e, Entity::Series{std::move(labels), std::move(samples)});
        }
    };
    for (const std::string& m : p.heartbeatCounters)
        each(m, true, [](Entity& e, Entity::Series s) { e.heartbeats.push_back(std::move(s)); });
    for (const std::string& m : p.uptime)
        each(m, true, [](Entity& e, Entity::Series s) { e.uptime.push_back(std::move(s)); });
    for (const std::string& m : p.presence)
        each(m, true, [](Entity& e, Entity::Series s) { e.presence.push_back(std::move(s)); });
    each(p.lifecycle.counter, true, [&](Entity& e, Entity::Series s) {
        const std::string event(labelValue(s.labels, p.lifecycle.label));
        e.lifecycle[event].push_back(std::move(s));
    });
    each(p.state.metric, true, [&](Entity& e, Entity::Series s) {
        const std::string state(labelValue(s.labels, p.state.label));
        e.states[state].push_back(std::move(s));
    });
    each(p.reported.health, true,
         [](Entity& e, Entity::Series s) { e.reportedHealth.push_back(std::move(s)); });
    for (const std::string& m : p.reported.heartbeatAge)
        each(m, true, [](Entity& e, Entity::Series s) { e.heartbeatAge.push_back(std::move(s)); });
    each(p.reported.failures, true, [](Entity& e, Entity::Series s) { e.failures.push_back(std::move(s)); });
    // Target-level series, attached to the entities of their target once those are known.
    each(p.state.staleMarkedCounter, false,
         [](Entity& e, Entity::Series s) { e.staleMarked.push_back(std::move(s)); });
    each("up", false, [](Entity& e, Entity::Series s) { e.up = std::move(s.samples); });
}

std::vector<EntityHealth> HealthModel::evaluate(std::int64_t nowMs) {
    std::vector<EntityHealth> out;
    std::map<EntityKey, EntityHealth> seen;
    for (const Profile& p : m_profiles) {
        std::map<EntityKey, Entity> entities;
        collect(p, nowMs, entities);
        for (const auto& [key, entity] : entities) {
            EntityHealth h = judge(p, entity, nowMs);
            auto last = m_last.find(key);
            if (last == m_last.end()) {
                h.history.push_back({h.sinceMs, HealthState::Unknown, h.state, h.reason});
            } else {
                h.history = std::move(last->second.history);
                if (last->second.state == h.state) {
                    h.sinceMs = last->second.sinceMs;
                } else {
                    // The change happened after the previous evaluation's change, and not after now.
                    h.sinceMs = std::clamp(h.sinceMs, last->second.sinceMs, nowMs);
                    h.history.push_back({h.sinceMs, last->second.state, h.state, h.reason});
                    if (h.history.size() > m_options.historyLimit) h.history.erase(h.history.begin());
                }
            }
            seen[key] = h;
            out.push_back(std::move(h));
        }
    }
    // Only the entities seen now are remembered: one whose series left the window is forgotten, so
    // memory follows what is watched, not everything ever seen (a returning entity's history starts anew).
    m_last = std::move(seen);
    return out;
}

EntityHealth HealthModel::judge(const Profile& p, const Entity& e, std::int64_t now) const {
    EntityHealth h;
    h.profile = p.name;
    h.kind = p.entityName;
    h.id = e.id;
    h.idLabels = e.idLabels;
    h.job = e.job;
    h.instance = e.instance;
    const std::int64_t lookback = m_options.lookbackMs;
    const auto threshold = m_options.staleAfterByTarget.find({e.job, e.instance});
    h.staleAfterMs = threshold != m_options.staleAfterByTarget.end() ? threshold->second : p.staleAfterMs;
    Evidence ev;
    ev.nowMs = now;

    // A series that appeared after its target was first scraped was born while watched: its first value
    // is events that happened since (counters start at zero).
    auto born = [&](const Entity::Series& s) {
        return !e.up.empty() && s.samples.front().t > e.up.front().t;
    };

    for (const auto& s : e.uptime)
        if (const auto v = latestAt(s.samples, now, lookback)) h.uptimeSeconds = v->v;
    std::optional<std::int64_t> firstSeen;
    for (const auto& s : e.heartbeats) {
        if (const auto t = lastIncrease(s.samples, now, born(s));
            t && (!h.lastHeartbeatMs || *t > *h.lastHeartbeatMs))
            h.lastHeartbeatMs = t;
        if (!firstSeen || s.samples.front().t < *firstSeen) firstSeen = s.samples.front().t;
        if (const auto r = observedRate(s.samples, now - m_options.rateWindowMs, now)) {
            h.heartbeatRate = h.heartbeatRate.value_or(0) + r->perSecond;
            h.heartbeatRateSpanSeconds = std::max(h.heartbeatRateSpanSeconds, r->spanSeconds);
        }
    }
    h.windowSeconds = double(m_options.windowMs) / 1000;
    auto events = [&](const std::string& event, std::int64_t from) {
        double n = 0;
        const auto it = e.lifecycle.find(event);
        if (it != e.lifecycle.end())
            for (const auto& s : it->second)
                n += increaseBetween(s.samples, from, now, born(s));
        return n;
    };
    auto lastEvent = [&](const std::string& event) {
        std::optional<std::int64_t> last;
        const auto it = e.lifecycle.find(event);
        if (it != e.lifecycle.end())
            for (const auto& s : it->second)
                if (const auto t = lastIncrease(s.samples, now, born(s)); t && (!last || *t > *last))
                    last = t;
        return last;
    };
    auto total = [&](const std::string& event) {
        double n = 0;
        const auto it = e.lifecycle.find(event);
        if (it != e.lifecycle.end())
            for (const auto& s : it->second)
                if (const auto v = latestAt(s.samples, now, lookback)) n += v->v;
        return n;
    };
    h.starts = events(p.lifecycle.start, now - m_options.windowMs);
    h.stops = events(p.lifecycle.stop, now - m_options.windowMs);
    h.restarts = events(p.lifecycle.restart, now - m_options.windowMs);
    // Restarts in the flapping window: restart events, plus uptime resets when there is no lifecycle metric.
    const std::int64_t flapFrom = now - p.flappingWindowMs;
    if (const auto it = e.lifecycle.find(p.lifecycle.restart); it != e.lifecycle.end())
        for (const auto& s : it->second)
            for (const std::int64_t t : increaseTimes(s.samples, flapFrom, now, born(s)))
                ev.restartTimes.push_back(t);
    if (e.lifecycle.empty())
        for (const auto& s : e.uptime)
            for (std::size_t i = 1; i < s.samples.size(); ++i)
                if (s.samples[i].t > flapFrom && s.samples[i].t <= now && !isStaleMarker(s.samples[i].v) &&
                    s.samples[i].v < s.samples[i - 1].v)
                    ev.restartTimes.push_back(s.samples[i].t);
    std::sort(ev.restartTimes.begin(), ev.restartTimes.end());
    h.recentRestarts = int(ev.restartTimes.size());

    for (const auto& s : e.reportedHealth) {
        const auto v = latestAt(s.samples, now, lookback);
        if (!v) continue;
        h.reported.healthy = v->v == 1;
        if (!p.reported.staleLabel.empty() && !labelValue(s.labels, p.reported.staleLabel).empty())
            h.reported.stale = labelValue(s.labels, p.reported.staleLabel) == "true";
        if (!p.reported.heartbeatAgeLabel.empty())
            if (const auto a =
                    parseNumberOrDuration(std::string(labelValue(s.labels, p.reported.heartbeatAgeLabel))))
                h.reported.heartbeatAgeSeconds = a;
        if (!p.reported.failuresLabel.empty())
            if (const auto f =
                    parseNumberOrDuration(std::string(labelValue(s.labels, p.reported.failuresLabel))))
                h.reported.consecutiveFailures = f;
    }
    for (const auto& s : e.heartbeatAge)
        if (const auto v = latestAt(s.samples, now, lookback)) h.reported.heartbeatAgeSeconds = v->v;
    for (const auto& s : e.failures)
        if (const auto v = latestAt(s.samples, now, lookback)) h.reported.consecutiveFailures = v->v;

    std::optional<std::int64_t> stateSince;
    for (const auto& [state, series] : e.states)
        for (const auto& s : series)
            if (const auto v = latestAt(s.samples, now, lookback); v && v->v == 1) {
                h.currentState = state;
                stateSince = valueSince(s.samples, now, lookback);
            }

    // The evidence the judgement's rules read.
    if (const auto up = latestAt(e.up, now, lookback)) {
        ev.up = up->v;
        ev.upSinceMs = valueSince(e.up, now, lookback).value_or(up->t);
    }
    if (const auto down = m_targetsDown.find({e.job, e.instance}); down != m_targetsDown.end()) {
        ev.up = 0;
        ev.upSinceMs = down->second;
    }
    if (const auto error = m_targetErrors.find({e.job, e.instance}); error != m_targetErrors.end())
        ev.targetError = error->second;
    ev.hasLifecycle = !p.lifecycle.counter.empty();
    ev.lastStopMs = lastEvent(p.lifecycle.stop);
    ev.lastStartMs = std::max(lastEvent(p.lifecycle.start), lastEvent(p.lifecycle.restart));
    if (ev.hasLifecycle && !ev.lastStopMs && !ev.lastStartMs) {
        ev.stopsCounted = total(p.lifecycle.stop);
        ev.startsCounted = total(p.lifecycle.start);
    }
    ev.hasPresence = !e.presence.empty();
    for (const auto& s : e.presence) {
        if (const auto t = disappearedAt(s.samples, now, lookback))
            ev.goneMs = ev.goneMs ? std::max(*ev.goneMs, *t) : *t;
        else if (latestAt(s.samples, now, lookback))
            ev.present = true;
    }
    ev.state = h.currentState;
    ev.stateSinceMs = stateSince.value_or(now);
    ev.stateIsStopped = h.currentState && std::find(p.state.stopped.begin(), p.state.stopped.end(),
                                                    *h.currentState) != p.state.stopped.end();
    for (const auto& s : e.staleMarked)
        ev.markedStale = ev.markedStale || increaseBetween(s.samples, ev.stateSinceMs - 30000,
                                                           ev.stateSinceMs + 30000, born(s)) > 0;
    ev.flappingRestarts = p.flappingRestarts;
    ev.flappingWindowMs = p.flappingWindowMs;
    ev.judgesHeartbeats = h.staleAfterMs > 0 && !e.heartbeats.empty();
    ev.lastHeartbeatMs = h.lastHeartbeatMs;
    ev.firstSeenMs = firstSeen.value_or(now);
    ev.staleAfterMs = h.staleAfterMs;
    ev.reportedBad = (h.reported.healthy && !*h.reported.healthy) || (h.reported.stale && *h.reported.stale);
    ev.reportedHeartbeatAgeSeconds = h.reported.heartbeatAgeSeconds;
    ev.reportedFailures = h.reported.consecutiveFailures;

    Verdict verdict = dw::judge(ev);
    h.state = verdict.state;
    h.reason = std::move(verdict.reason);
    h.sinceMs = verdict.sinceMs;

    // The exporter's own view against the observed one, once the heartbeats can tell.
    const std::int64_t silent = now - h.lastHeartbeatMs.value_or(ev.firstSeenMs);
    if (verdict.fromHeartbeats && (h.lastHeartbeatMs || silent > h.staleAfterMs) && h.reported.healthy &&
        *h.reported.healthy != (silent <= h.staleAfterMs))
        h.disagreement = Disagreement{*h.reported.healthy, silent, h.staleAfterMs,
                                      *h.reported.healthy ? std::nullopt : h.reported.consecutiveFailures};
    return h;
}

std::string_view healthStateName(HealthState state) {
    switch (state) {
    case HealthState::Healthy:
        return "healthy";
    case HealthState::Stale:
        return "stale";
    case HealthState::Stopped:
        return "stopped";
    case HealthState::Flapping:
        return "flapping";
    case HealthState::Unknown:
        return "unknown";
    }
    return "";
}

} // namespace dw
