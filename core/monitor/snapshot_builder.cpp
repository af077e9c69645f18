#include "monitor/snapshot_builder.h"

#include "alerts/health_alerts.h"
#include "monitor/decimation.h"
#include "monitor/legend_names.h"
#include "promql/engine.h"
#include "promql/label_set.h"
#include "promql/parser.h"

#include <chrono>
#include <set>

namespace dw {

SnapshotBuilder::SnapshotBuilder(SeriesStore& store, ProfileSet profiles, Assessment::Options assessment)
    : m_store(store), m_profiles(profiles), m_assessmentOptions(assessment),
      m_assessment(std::make_unique<Assessment>(store, std::move(profiles), std::move(assessment))) {}

void SnapshotBuilder::setPromqlGeneration(promql::Generation generation) {
    if (generation == m_assessmentOptions.promqlGeneration) return;
    m_assessmentOptions.promqlGeneration = generation;
    m_assessment = std::make_unique<Assessment>(m_store, m_profiles, m_assessmentOptions);
    m_queries.clear();
}

SnapshotBuilder::SnapshotBuilder(SeriesStore& store, ProfileSet profiles)
    : SnapshotBuilder(store, std::move(profiles), Assessment::Options{}) {}

std::shared_ptr<const DashboardSnapshot>
SnapshotBuilder::build(std::int64_t nowMs, std::vector<TargetRow> targets, const ServerData& servers) {
    const auto started = std::chrono::steady_clock::now();
    auto snapshot = std::make_shared<DashboardSnapshot>();
    snapshot->nowMs = nowMs;
    const bool fixed = m_options.fixedToMs > m_options.fixedFromMs;
    const std::int64_t span = m_options.spanToMs - m_options.spanFromMs;
    const bool wholeSpan = !fixed && span > 0 && span < m_options.rangeMs;
    snapshot->fromMs = fixed       ? m_options.fixedFromMs
                       : wholeSpan ? m_options.spanFromMs
                                   : nowMs - m_options.rangeMs;
    snapshot->toMs = fixed ? m_options.fixedToMs : wholeSpan ? m_options.spanToMs : nowMs;
    const AssessmentResult& assessed = m_assessment->evaluate(nowMs, targets);
    snapshot->targets = std::move(targets);
    snapshot->profiles = assessed.profiles;
    snapshot->problems = assessed.problems;
    snapshot->entities = assessed.entities;
    snapshot->alerts = assessed.alerts;
    snapshot->alerts.insert(snapshot->alerts.end(), servers.alerts.begin(), servers.alerts.end());
    snapshot->incidents = assessed.incidents;
    snapshot->panels = panels(assessed.profiles, snapshot->fromMs, snapshot->toMs, servers);
    snapshot->buildMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return snapshot;
}

const promql::Node* SnapshotBuilder::parsed(const std::string& expr, std::string& error) {
    auto it = m_queries.find(expr);
    if (it == m_queries.end()) {
        promql::SyntaxError syntax;
        promql::NodePtr tree = promql::parseQuery(expr, syntax, m_assessmentOptions.promqlGeneration);
        std::string problem = tree ? std::string() : syntax.describe();
        it = m_queries.emplace(expr, std::make_pair(std::move(tree), std::move(problem))).first;
    }
    error = it->second.second;
    return it->second.first.get();
}

std::vector<PanelData> SnapshotBuilder::panels(const std::vector<std::string>& profiles, std::int64_t fromMs,
                                               std::int64_t toMs, const ServerData& servers) {
    std::vector<PanelData> out;
    promql::EngineOptions engineOptions;
    engineOptions.generation = m_assessmentOptions.promqlGeneration;
    const promql::Engine engine(m_store, engineOptions);
    const std::int64_t step =
        std::max({m_options.resolutionMs, (toMs - fromMs) / promql::Engine::kMaxPoints + 1, std::int64_t(1)});
    for (const std::string& name : profiles) {
        const Profile* profile = m_profiles.find(name);
        if (!profile) continue;
        for (const Panel& panel : profile->panels) {
            PanelData data{name, panel, {}, {}, {}};
            std::vector<Labels> lineLabels; // of each line, to tell equal legends apart
            for (const PanelQuery& query : panel.queries) {
                // The servers' answers first: they cover the whole range at the chart's resolution.
                std::set<Labels> fromServers;
                const std::int64_t serverStep =
                    std::max<std::int64_t>(1000, (toMs - fromMs) / std::max(1, m_options.columns));
                if (const auto answered = servers.panels.find(query.expr); answered != servers.panels.end())
                    for (const auto& answer : answered->second)
                        for (const promql::ResultSeries& s : *answer)
                            if (fromServers.insert(s.labels).second) {
                                data.lines.push_back({expandLegend(query.legend, s.labels), query.color,
                                                      decimateMinMax(s.points, fromMs, toMs,
                                                                     m_options.columns, 2 * serverStep + 1)});
                                lineLabels.push_back(s.labels);
                            }
                std::string error;
                const promql::Node* expr = parsed(query.expr, error);
                promql::QueryResult result;
                if (!expr || !engine.range(*expr, fromMs - fromMs % step, toMs, step, result, error)) {
                    data.error = error;
                    continue;
                }
                for (const promql::ResultSeries& s : result.series)
                    if (!fromServers.count(s.labels)) {
                        data.lines.push_back(
                            {expandLegend(query.legend, s.labels), query.color,
                             decimateMinMax(s.points, fromMs, toMs, m_options.columns, 2 * step + 1)});
                        lineLabels.push_back(s.labels);
                    }
            }
            distinguishLegends(data.lines, lineLabels);
            out.push_back(std::move(data));
        }
    }
    return out;
}

void distinguishLegends(std::vector<ChartLine>& lines, const std::vector<Labels>& labels) {
    std::vector<std::string> legends;
    std::vector<const Labels*> of;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        legends.push_back(lines[i].legend);
        of.push_back(&labels[i]);
    }
    disambiguateLegends(legends, of);
    for (std::size_t i = 0; i < lines.size(); ++i)
        lines[i].legend = std::move(legends[i]);
}

std::string expandLegend(const std::string& legend, const Labels& labels) {
    if (legend.empty()) return promql::labelsToString(labels);
    std::string out;
    std::size_t i = 0;
    while (i < legend.size()) {
        const std::size_t open = legend.find("{{", i);
        if (open == std::string::npos) break;
        const std::size_t close = legend.find("}}", open);
        if (close == std::string::npos) break;
        out.append(legend, i, open - i);
        std::string name = legend.substr(open + 2, close - open - 2);
        name.erase(0, name.find_first_not_of(' '));
        name.erase(name.find_last_not_of(' ') + 1);
        out += labelValue(labels, name);
        i = close + 2;
    }
    out.append(legend, i, std::string::npos);
    return out;
}

} // namespace dw
