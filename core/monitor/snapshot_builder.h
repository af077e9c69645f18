#pragma once

#include "health/health_model.h"
#include "health/profile_set.h"
#include "monitor/dashboard_snapshot.h"

#include <memory>
#include <optional>

namespace dw {

// Turns the store into DashboardSnapshots: detects the profiles in the data, judges entities with a
// HealthModel that persists between snapshots (so histories build up), evaluates the profiles' rules and
// the built-in ones, and runs every panel's PromQL over the time range at the scrape resolution,
// decimated to the chart width.
// Thread-safety: none; one thread builds (the evaluation thread). The store may be written meanwhile.
class SnapshotBuilder {
public:
    struct Options {
        std::int64_t rangeMs = 15 * 60 * 1000;
        int columns = 800;                // chart width in pixels
        std::int64_t resolutionMs = 1000; // the finest step queried (about the scrape interval)
        // A fixed chart range (zoomed in); 0: live, the last rangeMs up to now.
        std::int64_t fixedFromMs = 0, fixedToMs = 0;
    };

    SnapshotBuilder(SeriesStore& store, ProfileSet profiles);
    void setOptions(const Options& options) { m_options = options; }
    const Options& options() const { return m_options; }

    std::shared_ptr<const DashboardSnapshot> build(std::int64_t nowMs, std::vector<TargetRow> targets);

private:
    void detect();
    std::vector<PanelData> panels(std::int64_t fromMs, std::int64_t toMs) const;

    SeriesStore& m_store;
    ProfileSet m_profiles;
    Options m_options;
    std::vector<std::string> m_detected;
    std::unique_ptr<HealthModel> m_health;
    std::unique_ptr<RuleEvaluator> m_rules;
    std::vector<std::string> m_problems;
};

// Grafana's legend templates: "{{dispatcher_id}}" replaced by that label's value; empty: the labels.
std::string expandLegend(const std::string& legend, const Labels& labels);

} // namespace dw
