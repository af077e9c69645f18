#include "health/judgement.h"

#include <algorithm>

namespace dw {

namespace {

using Kind = Reason::Kind;

std::int64_t silence(const Evidence& e) {
    return e.nowMs - e.lastHeartbeatMs.value_or(e.firstSeenMs);
}

Reason reasonOf(Kind kind) {
    Reason r;
    r.kind = kind;
    return r;
}

Verdict verdict(HealthState state, Reason reason, std::int64_t since, bool fromHeartbeats = false) {
    return Verdict{state, std::move(reason), since, fromHeartbeats};
}

std::optional<Verdict> targetDown(const Evidence& e) {
    if (!e.up || *e.up != 0) return std::nullopt;
    Reason r = reasonOf(Kind::TargetDown);
    r.atMs = e.upSinceMs;
    r.text = e.targetError;
    return verdict(HealthState::Unknown, r, e.upSinceMs);
}

std::optional<Verdict> stopEvent(const Evidence& e) {
    if (!e.lastStopMs || (e.lastStartMs && *e.lastStartMs >= *e.lastStopMs)) return std::nullopt;
    Reason r = reasonOf(Kind::StopEvent);
    r.atMs = *e.lastStopMs;
    return verdict(HealthState::Stopped, r, *e.lastStopMs);
}

std::optional<Verdict> stoppedBeforeWatching(const Evidence& e) {
    // No event seen while watching: the counters' totals tell whether the last one was a stop.
    if (!e.hasLifecycle || e.lastStopMs || e.lastStartMs) return std::nullopt;
    if (!(e.stopsCounted > 0 && e.stopsCounted >= e.startsCounted)) return std::nullopt;
    Reason r = reasonOf(Kind::StoppedBeforeWatching);
    r.stops = e.stopsCounted;
    r.starts = e.startsCounted;
    return verdict(HealthState::Stopped, r, e.nowMs);
}

std::optional<Verdict> seriesDisappeared(const Evidence& e) {
    if (!e.hasPresence || e.present || !e.goneMs) return std::nullopt;
    Reason r = reasonOf(Kind::SeriesDisappeared);
    r.atMs = *e.goneMs;
    return verdict(HealthState::Stopped, r, *e.goneMs);
}

std::optional<Verdict> stoppedState(const Evidence& e) {
    if (!e.state || !e.stateIsStopped) return std::nullopt;
    Reason r = reasonOf(e.markedStale ? Kind::MarkedStale : Kind::StoppedState);
    r.text = *e.state;
    r.atMs = e.stateSinceMs;
    return verdict(e.markedStale ? HealthState::Stale : HealthState::Stopped, r, e.stateSinceMs);
}

std::optional<Verdict> flapping(const Evidence& e) {
    const int restarts = int(e.restartTimes.size());
    if (e.flappingRestarts <= 0 || restarts < e.flappingRestarts) return std::nullopt;
    Reason r = reasonOf(Kind::Flapping);
    r.count = restarts;
    r.threshold = e.flappingRestarts;
    r.windowMs = e.flappingWindowMs;
    return verdict(HealthState::Flapping, r,
                   e.restartTimes[e.restartTimes.size() - std::size_t(e.flappingRestarts)]);
}

std::optional<Verdict> reportedStaleUnconfirmed(const Evidence& e) {
    // Not watched long enough to judge from heartbeats: the exporter's own word decides meanwhile.
    if (!e.judgesHeartbeats || e.lastHeartbeatMs || !e.reportedBad) return std::nullopt;
    const std::int64_t silent = silence(e);
    if (silent > e.staleAfterMs) return std::nullopt;
    Reason r = reasonOf(Kind::ReportedStaleUnconfirmed);
    r.durationMs = silent;
    r.thresholdMs = e.staleAfterMs;
    r.reportedAgeSeconds = e.reportedHeartbeatAgeSeconds;
    r.reportedFailures = e.reportedFailures;
    return verdict(HealthState::Stale, r, e.firstSeenMs);
}

std::optional<Verdict> heartbeatStale(const Evidence& e) {
    if (!e.judgesHeartbeats) return std::nullopt;
    const std::int64_t silent = silence(e);
    if (silent <= e.staleAfterMs) return std::nullopt; // strictly after the threshold
    Reason r = reasonOf(e.lastHeartbeatMs ? Kind::NoHeartbeat : Kind::NoHeartbeatSinceWatching);
    r.durationMs = silent;
    r.thresholdMs = e.staleAfterMs;
    return verdict(HealthState::Stale, r, e.lastHeartbeatMs.value_or(e.firstSeenMs) + e.staleAfterMs + 1,
                   true);
}

std::optional<Verdict> healthy(const Evidence& e) {
    if (!e.judgesHeartbeats) {
        Reason r = reasonOf(e.state ? Kind::InState : Kind::Present);
        if (e.state) r.text = *e.state;
        return verdict(HealthState::Healthy, r, e.state ? e.stateSinceMs : e.nowMs);
    }
    Reason r = reasonOf(e.lastHeartbeatMs ? Kind::Heartbeat : Kind::NoHeartbeatYet);
    r.durationMs = silence(e);
    return verdict(HealthState::Healthy, r, e.lastHeartbeatMs.value_or(e.firstSeenMs), true);
}

} // namespace

const std::vector<JudgementRule>& judgementRules() {
    static const std::vector<JudgementRule> rules = {
        {"target down", targetDown},
        {"stop event", stopEvent},
        {"stopped before watching", stoppedBeforeWatching},
        {"series disappeared", seriesDisappeared},
        {"stopped state", stoppedState},
        {"flapping", flapping},
        {"reported stale, unconfirmed", reportedStaleUnconfirmed},
        {"heartbeat stale", heartbeatStale},
        {"healthy", healthy},
    };
    return rules;
}

Verdict judge(const Evidence& evidence) {
    for (const JudgementRule& rule : judgementRules())
        if (auto verdict = rule.apply(evidence)) return std::move(*verdict);
    return {}; // unreachable: the last rule always decides
}

} // namespace dw
