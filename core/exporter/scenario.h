#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dw {

// A demo scenario: which system the embedded exporter imitates, its entities (dispatchers, workers,
// consumers), their timing, and a timeline of scripted incidents. The format is YAML, documented in
// docs/scenario-format.md; the built-in scenarios live in resources/scenarios/. Times are scenario time
// (the --speed factor scales them), except endpoint delays, which are wall-clock network delays.
// A plain value type; loading is pure and thread-safe.
struct ScenarioEntity {
    std::string id;
    std::string group;         // pupsourcing: the replica set; daisi: the company; compozy: unused
    std::int64_t joinAtMs = 0; // scenario time it starts; 0: present from the start
};

struct ScenarioIncident {
    std::int64_t atMs = 0;
    std::string action;
    std::string target;        // the entity concerned, for entity actions
    std::int64_t untilMs = -1; // end of a window (endpoint actions, bursts) or of repetition
    std::int64_t everyMs = 0;  // repetition interval, 0: once
    std::int64_t delayMs = 0;  // endpoint_slow: how long each response waits (wall clock)
};

struct Scenario {
    std::string name;
    std::string description;
    std::string system; // "compozy", "pupsourcing" or "daisi"
    std::uint64_t seed = 1;
    std::string naming = "otel"; // compozy: "otel" (names the code emits) or "docs" (older names)
    std::int64_t heartbeatIntervalMs = 30'000;
    std::int64_t staleThresholdMs = 120'000;
    static constexpr double kMaxTrafficPerSecond = 10'000;
    double trafficPerSecond = 10; // requests a second, 0 to kMaxTrafficPerSecond
    std::vector<ScenarioEntity> entities;
    std::vector<ScenarioIncident> incidents;

    // Parses a scenario. On failure returns nothing and sets error to "SOURCE:LINE:COL: what is wrong".
    static std::optional<Scenario> fromYaml(std::string_view yaml, std::string_view source,
                                            std::string& error);
    // A built-in scenario by name ("compozy"), or a file by path.
    static std::optional<Scenario> load(std::string_view nameOrPath, std::string& error);
    static std::vector<std::string> builtinNames();
    // The actions an incident may name for a system, in documentation order.
    static std::vector<std::string> actionsFor(std::string_view system);

    const ScenarioEntity* entity(std::string_view id) const;
};

} // namespace dw
