#pragma once

#include "assessment/assessment.h"
#include "monitor/dashboard_snapshot.h"
#include "promql/ast.h"
#include "promql/query_result.h"

#include <memory>
#include <optional>

namespace dw {

// Turns the store into DashboardSnapshots: the session's Assessment (kept between snapshots, so histories
// and alert states build up) gives the profiles, entities, alerts and incidents, and every panel of the
// detected profiles runs its PromQL (parsed once) over the time range at the scrape resolution, decimated
// to the chart width.
// Thread-safety: none; one thread builds (the evaluation thread). The store may be written meanwhile.
class SnapshotBuilder {
public:
    struct Options {
        std::int64_t rangeMs = 15 * 60 * 1000;
        int columns = 800;                // chart width in pixels
        std::int64_t resolutionMs = 1000; // the finest step queried (about the scrape interval)
        // A fixed chart range (zoomed in); 0: live, the last rangeMs up to now.
        std::int64_t fixedFromMs = 0, fixedToMs = 0;
        // A replayed recording's span: one shorter than rangeMs is shown whole, rather than as a sliver at
        // the edge of the range; a longer one as the last rangeMs up to the replay's time. 0: live.
        std::int64_t spanFromMs = 0, spanToMs = 0;
    };

    SnapshotBuilder(SeriesStore& store, ProfileSet profiles, Assessment::Options assessment);
    SnapshotBuilder(SeriesStore& store, ProfileSet profiles);
    void setOptions(const Options& options) { m_options = options; }
    // Judges and draws with another PromQL generation from now on (what the assessment learnt is reset).
    void setPromqlGeneration(promql::Generation generation);
    const Options& options() const { return m_options; }

    // What Prometheus servers add: their own alerts (shown after DispatchWatch's), and their answers to
    // the panel queries over the chart's range (a series they answer for is drawn from them, not from
    // the store's shorter copy).
    struct ServerData {
        std::vector<Alert> alerts;
        std::map<std::string, std::vector<std::shared_ptr<const std::vector<promql::ResultSeries>>>> panels;
    };
    std::shared_ptr<const DashboardSnapshot> build(std::int64_t nowMs, std::vector<TargetRow> targets,
                                                   const ServerData& servers = {});
    // Forgets what the assessment learnt (a replay going back in time).
    void reset() { m_assessment->reset(); }

private:
    std::vector<PanelData> panels(const std::vector<std::string>& profiles, std::int64_t fromMs,
                                  std::int64_t toMs, const ServerData& servers);
    const promql::Node* parsed(const std::string& expr, std::string& error);

    SeriesStore& m_store;
    ProfileSet m_profiles;
    Options m_options;
    Assessment::Options m_assessmentOptions;
    std::unique_ptr<Assessment> m_assessment;
    std::map<std::string, std::pair<promql::NodePtr, std::string>> m_queries; // parsed once: tree, error
};

// Grafana's legend templates: "{{dispatcher_id}}" replaced by that label's value; empty: the labels.
std::string expandLegend(const std::string& legend, const Labels& labels);
// Gives lines with equal legends the labels that tell them apart (disambiguateLegends); labels[i] are
// line i's.
void distinguishLegends(std::vector<ChartLine>& lines, const std::vector<Labels>& labels);

} // namespace dw
