#include "health/judgement.h"

#include "util/duration.h"

#include <QDateTime>
#include <algorithm>
#include <cmath>

namespace dw {

namespace {

std::string clockTime(std::int64_t ms) {
    return QDateTime::fromMSecsSinceEpoch(ms).toString("HH:mm:ss").toStdString();
}

std::string age(std::int64_t ms) {
    return formatDurationMs(std::max<std::int64_t>(0, ms) / 1000 * 1000);
}

std::int64_t silence(const Evidence& e) {
    return e.nowMs - e.lastHeartbeatMs.value_or(e.firstSeenMs);
}

std::optional<Verdict> targetDown(const Evidence& e) {
    if (!e.up || *e.up != 0) return std::nullopt;
    return Verdict{HealthState::Unknown,
                   "target down since " + clockTime(e.upSinceMs) + ": " +
                       (e.targetError.empty() ? std::string("scrapes fail") : e.targetError),
                   e.upSinceMs};
}

std::optional<Verdict> stopEvent(const Evidence& e) {
    if (!e.lastStopMs || (e.lastStartMs && *e.lastStartMs >= *e.lastStopMs)) return std::nullopt;
    return Verdict{HealthState::Stopped, "stopped at " + clockTime(*e.lastStopMs) + " (stop event)",
                   *e.lastStopMs};
}

std::optional<Verdict> stoppedBeforeWatching(const Evidence& e) {
    // No event seen while watching: the counters' totals tell whether the last one was a stop.
    if (!e.hasLifecycle || e.lastStopMs || e.lastStartMs) return std::nullopt;
    if (!(e.stopsCounted > 0 && e.stopsCounted >= e.startsCounted)) return std::nullopt;
    return Verdict{HealthState::Stopped,
                   "stopped before watching began (" + std::to_string(std::llround(e.stopsCounted)) +
                       " stops, " + std::to_string(std::llround(e.startsCounted)) + " starts counted)",
                   e.nowMs};
}

std::optional<Verdict> seriesDisappeared(const Evidence& e) {
    if (!e.hasPresence || e.present || !e.goneMs) return std::nullopt;
    return Verdict{HealthState::Stopped, "its series disappeared at " + clockTime(*e.goneMs), *e.goneMs};
}

std::optional<Verdict> stoppedState(const Evidence& e) {
    if (!e.state || !e.stateIsStopped) return std::nullopt;
    if (e.markedStale)
        return Verdict{HealthState::Stale,
                       "marked " + *e.state + " at " + clockTime(e.stateSinceMs) +
                           " after missing heartbeats (stale workers cleaned went up)",
                       e.stateSinceMs};
    return Verdict{HealthState::Stopped, "state " + *e.state + " since " + clockTime(e.stateSinceMs),
                   e.stateSinceMs};
}

std::optional<Verdict> flapping(const Evidence& e) {
    const int restarts = int(e.restartTimes.size());
    if (e.flappingRestarts <= 0 || restarts < e.flappingRestarts) return std::nullopt;
    return Verdict{HealthState::Flapping,
                   std::to_string(restarts) + " restarts in the last " +
                       formatDurationMs(e.flappingWindowMs) + " (threshold " +
                       std::to_string(e.flappingRestarts) + ")",
                   e.restartTimes[e.restartTimes.size() - std::size_t(e.flappingRestarts)]};
}

std::optional<Verdict> reportedStaleUnconfirmed(const Evidence& e) {
    // Not watched long enough to judge from heartbeats: the exporter's own word decides meanwhile.
    if (!e.judgesHeartbeats || e.lastHeartbeatMs || !e.reportedBad) return std::nullopt;
    const std::int64_t silent = silence(e);
    if (silent > e.staleAfterMs) return std::nullopt;
    std::string facts;
    if (e.reportedHeartbeatAgeSeconds)
        facts += ", heartbeat age " + age(std::int64_t(*e.reportedHeartbeatAgeSeconds * 1000));
    if (e.reportedFailures)
        facts += ", " + std::to_string(std::llround(*e.reportedFailures)) + " consecutive failures";
    return Verdict{HealthState::Stale,
                   "reported stale by the exporter" + facts + " (watched " + age(silent) + " of " +
                       formatDurationMs(e.staleAfterMs) + ", not long enough to confirm)",
                   e.firstSeenMs};
}

std::optional<Verdict> heartbeatStale(const Evidence& e) {
    if (!e.judgesHeartbeats) return std::nullopt;
    const std::int64_t silent = silence(e);
    if (silent <= e.staleAfterMs) return std::nullopt; // strictly after the threshold
    return Verdict{HealthState::Stale,
                   (e.lastHeartbeatMs ? "no heartbeat for " + age(silent)
                                      : "no heartbeat since watching began " + age(silent) + " ago") +
                       ", threshold " + formatDurationMs(e.staleAfterMs),
                   e.lastHeartbeatMs.value_or(e.firstSeenMs) + e.staleAfterMs + 1, true};
}

std::optional<Verdict> healthy(const Evidence& e) {
    if (!e.judgesHeartbeats)
        return Verdict{HealthState::Healthy, e.state ? "state " + *e.state : "present",
                       e.state ? e.stateSinceMs : e.nowMs};
    const std::int64_t silent = silence(e);
    return Verdict{HealthState::Healthy,
                   e.lastHeartbeatMs ? "heartbeat " + age(silent) + " ago"
                                     : "no heartbeat yet; watching for " + age(silent),
                   e.lastHeartbeatMs.value_or(e.firstSeenMs), true};
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
