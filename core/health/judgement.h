#pragma once

#include "health/health_state.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dw {

// What the health model found out about one entity at one time, before judging it: the facts every rule
// of the judgement reads. A value type, filled by HealthModel from the entity's series.
struct Evidence {
    std::int64_t nowMs = 0;
    // The target: its up sample at now, since when it has had that value, and its last scrape error.
    std::optional<double> up;
    std::int64_t upSinceMs = 0;
    std::string targetError;
    // Lifecycle events seen while watching (the last stop, the last start or restart), and, for entities
    // whose events all happened before watching began, the counters' totals.
    bool hasLifecycle = false;
    std::optional<std::int64_t> lastStopMs, lastStartMs;
    double stopsCounted = 0, startsCounted = 0;
    // Presence series: whether any is live, and when the last one disappeared.
    bool hasPresence = false, present = false;
    std::optional<std::int64_t> goneMs;
    // A state gauge's current state, whether the profile calls it stopped, since when, and whether the
    // target's stale-cleaned counter went up around then.
    std::optional<std::string> state;
    bool stateIsStopped = false;
    std::int64_t stateSinceMs = 0;
    bool markedStale = false;
    // Restarts in the flapping window, oldest first, and the profile's threshold.
    std::vector<std::int64_t> restartTimes;
    int flappingRestarts = 0;
    std::int64_t flappingWindowMs = 0;
    // Heartbeats: whether they are judged at all, the last one seen, when watching began, the threshold,
    // and whether the exporter reports itself unhealthy or stale.
    bool judgesHeartbeats = false;
    std::optional<std::int64_t> lastHeartbeatMs;
    std::int64_t firstSeenMs = 0;
    std::int64_t staleAfterMs = 0;
    bool reportedBad = false;
    std::optional<double> reportedHeartbeatAgeSeconds, reportedFailures;
};

struct Verdict {
    HealthState state = HealthState::Unknown;
    Reason reason;
    std::int64_t sinceMs = 0;
    bool fromHeartbeats = false; // judged by the observed heartbeats (then a disagreement is worth saying)
};

// One rule of the judgement: a verdict when its condition holds, nothing otherwise.
struct JudgementRule {
    std::string_view name;
    std::optional<Verdict> (*apply)(const Evidence&);
};

// The rules in precedence order, most decisive first: target down, stop event, stopped before watching,
// series disappeared, a stopped state, flapping, reported stale (not yet confirmable), heartbeats stale,
// healthy. The first that gives a verdict decides; the last always does. Changing what "stale" means is
// changing one rule here.
const std::vector<JudgementRule>& judgementRules();
Verdict judge(const Evidence& evidence);

} // namespace dw
