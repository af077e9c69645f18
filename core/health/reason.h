#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dw {

// Why an entity is in its state, as a kind plus its facts: outputs put it into words (describe()), and
// logic that needs to know why switches on the kind, never on the words. A value type.
struct Reason {
    enum class Kind {
        TargetDown,               // atMs: down since; text: the last scrape error
        StopEvent,                // atMs: the stop event
        StoppedBeforeWatching,    // stops, starts: the counters' totals
        SeriesDisappeared,        // atMs: when the last series went
        StoppedState,             // text: the state; atMs: since
        MarkedStale,              // text: the state; atMs: since (the stale-cleaned counter went up)
        Flapping,                 // count restarts within windowMs; threshold
        ReportedStaleUnconfirmed, // durationMs watched of thresholdMs; reported age and failures
        NoHeartbeat,              // durationMs since the last heartbeat; thresholdMs
        NoHeartbeatSinceWatching, // durationMs since watching began; thresholdMs
        Heartbeat,                // durationMs since the last heartbeat
        NoHeartbeatYet,           // durationMs watched
        InState,                  // text: the state
        Present,
    };
    Kind kind = Kind::Present;
    std::int64_t atMs = 0;
    std::int64_t durationMs = 0;
    std::int64_t thresholdMs = 0;
    std::int64_t windowMs = 0;
    int count = 0;
    int threshold = 0;
    double stops = 0, starts = 0;
    std::string text;
    std::optional<double> reportedAgeSeconds;
    std::optional<double> reportedFailures;
    bool operator==(const Reason&) const = default;
};

// The exporter's own report against the heartbeats observed, when they disagree.
struct Disagreement {
    bool reportedHealthy = false; // reported healthy while the heartbeats stopped, or the other way
    std::int64_t silentMs = 0;    // since the last heartbeat
    std::int64_t thresholdMs = 0;
    std::optional<double> failures; // consecutive failures the exporter reports
    bool operator==(const Disagreement&) const = default;
};

// The words for a reason or a disagreement, written here once for every output: "no heartbeat for 2m31s,
// threshold 2m".
std::string describe(const Reason& reason);
std::string describe(const Disagreement& disagreement);

} // namespace dw
