#pragma once

#include "model/labels.h"
#include "promql/generation.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dw {

// A dashboard panel of a profile: PromQL queries with how to show them (Grafana's vocabulary).
struct PanelQuery {
    std::string expr;
    std::string legend; // "{{dispatcher_id}}": label values in double braces
    std::string color;  // a named or #rrggbb colour; empty: the theme's series palette
};
struct PanelThreshold {
    double value = 0; // applies from this value upwards
    std::string color;
    std::string text; // a value mapping ("Healthy"), optional
};
struct Panel {
    enum class Kind { TimeSeries, Stat, StateTimeline, Table };
    std::string title;
    Kind kind = Kind::TimeSeries;
    std::vector<PanelQuery> queries;
    std::string unit; // "s", "/s", "bytes", "percent", "percentunit", or empty
    std::vector<PanelThreshold> thresholds;
};

// How DispatchWatch watches one kind of system (Compozy dispatchers, pupsourcing workers, Daisi
// consumers): how to recognise it, what an entity is, which metrics say it is alive, its thresholds, its
// dashboard panels and its built-in alert rules. Profiles are YAML files (docs/profile-format.md): built
// in under resources/profiles/, and added by users in a directory without rebuilding.
// A plain value type; parsing is pure and thread-safe.
struct Profile {
    std::string name;
    std::string title;
    std::string source; // where it was read from, for messages
    std::string entityName = "entity";
    // The labels that tell entities apart; an entity's id is their values joined with "/".
    std::vector<std::string> entityLabels;
    std::vector<std::string> detect; // active on a target exposing any of these metrics

    // Observed liveness: counters whose increase is a heartbeat (any of an entity's series).
    std::vector<std::string> heartbeatCounters;
    std::int64_t staleAfterMs = 0;     // 0: staleness is not judged from heartbeats
    std::vector<std::string> uptime;   // gauges in seconds; the first name present is used
    std::vector<std::string> presence; // series whose disappearance means the entity stopped

    struct Lifecycle {
        std::string counter; // empty: none
        std::string label = "event";
        std::string start = "start", stop = "stop", restart = "restart";
    } lifecycle;

    // A one-hot state gauge (pupsourcing's worker_state): the label whose series is 1 names the state.
    struct StateGauge {
        std::string metric; // empty: none
        std::string label = "state";
        std::vector<std::string> stopped; // states that mean stopped
        // A counter that increases when the system itself marks entities stale; an entity that turns
        // stopped in the same scrape was stale, not stopped cleanly.
        std::string staleMarkedCounter;
    } state;

    // What the exporter itself reports, shown next to what DispatchWatch observes.
    struct Reported {
        std::string health;     // 1 healthy, 0 unhealthy
        std::string staleLabel; // a label on it saying "true" when stale
        std::vector<std::string> heartbeatAge;
        std::string heartbeatAgeLabel; // the docs variant: the age as a label of `health`
        std::string failures;
        std::string failuresLabel;
    } reported;

    int flappingRestarts = 3;
    std::int64_t flappingWindowMs = 10 * 60 * 1000;

    std::vector<Panel> panels;
    std::string rules; // alert rules in Prometheus's rule-file format (YAML with "groups")
    // `promql_compat: 2` or `3`: the Prometheus generation its panels and rules were written for; unset,
    // they follow the session's (--promql-compat, the window's setting, a server's version).
    std::optional<promql::Generation> promqlCompat;

    // Parses a profile; on failure sets error to "SOURCE:LINE:COL: what is wrong". Every PromQL
    // expression is parsed, so a profile with a broken panel query is rejected whole.
    static std::optional<Profile> fromYaml(std::string_view yaml, std::string_view source,
                                           std::string& error);
    static std::optional<Profile> fromFile(const std::string& path, std::string& error);

    // The entity id of a series ("dispatcher-acme-orders", "realtime/company-acme"); empty when a label
    // is missing.
    std::string entityId(const Labels& labels) const;
    // Every metric name the profile reads, for detection and for asking the store.
    std::vector<std::string> metricNames() const;
};

std::string_view panelKindName(Panel::Kind kind);

} // namespace dw
