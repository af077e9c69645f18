#pragma once

#include "health/reason.h"
#include "model/labels.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dw {

// What DispatchWatch concludes about a monitored entity (a dispatcher, a worker, a consumer).
enum class HealthState { Healthy, Stale, Stopped, Flapping, Unknown };
std::string_view healthStateName(HealthState state);

struct StateChange {
    std::int64_t timeMs = 0;
    HealthState from = HealthState::Unknown;
    HealthState to = HealthState::Unknown;
    Reason reason;
};

// Who an entity is, by structure: its profile, its target and the values of the profile's entity labels.
// Label values may contain any character ("/" included), so a key is never joined into text to be split.
struct EntityKey {
    std::string profile;
    std::string job;
    std::string instance;
    std::vector<std::string> values; // the entity labels' values, in the profile's order
    auto operator<=>(const EntityKey&) const = default;
};

// Everything the health table shows about one entity at one time.
struct EntityHealth {
    std::string profile; // "compozy"
    std::string kind;    // "dispatcher"
    std::string id;      // for people: the entity label's value (several joined with "/")
    Labels idLabels;     // the entity labels and their values, to select its series
    std::string job;
    std::string instance;

    HealthState state = HealthState::Unknown;
    Reason reason; // in words: describe(reason), "no heartbeat for 2m31s, threshold 2m"
    std::int64_t sinceMs = 0;

    std::optional<double> uptimeSeconds;
    std::optional<std::int64_t> lastHeartbeatMs;
    // Heartbeats per second over the time the rate window's samples span (at most the window, 5 m): what
    // was watched, so a check of a few seconds reports the real pace, not rate()'s division by 5 m.
    std::optional<double> heartbeatRate;
    double heartbeatRateSpanSeconds = 0;
    std::int64_t staleAfterMs = 0;
    // Lifecycle events within the model's window, and restarts within the flapping window.
    double starts = 0, stops = 0, restarts = 0;
    double windowSeconds = 0;
    int recentRestarts = 0;
    std::optional<std::string> currentState; // a state gauge's current state ("running")

    // What the exporter reports about itself.
    struct Reported {
        std::optional<bool> healthy;
        std::optional<bool> stale;
        std::optional<double> heartbeatAgeSeconds;
        std::optional<double> consecutiveFailures;
    } reported;
    // Set when the exporter's report and the observed heartbeats disagree, with both facts.
    std::optional<Disagreement> disagreement;

    std::vector<StateChange> history;

    EntityKey key() const {
        EntityKey k{profile, job, instance, {}};
        for (const Label& l : idLabels)
            k.values.push_back(l.value);
        return k;
    }
};

} // namespace dw
