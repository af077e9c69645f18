#include "monitor/snapshot_builder.h"

#include "alerts/health_alerts.h"
#include "monitor/decimation.h"
#include "promql/engine.h"
#include "promql/label_set.h"
#include "promql/parser.h"

#include <chrono>

namespace dw {

SnapshotBuilder::SnapshotBuilder(SeriesStore& store, ProfileSet profiles)
    : m_store(store), m_profiles(std::move(profiles)) {}

void SnapshotBuilder::detect() {
    std::vector<std::string> detected;
    std::vector<Profile> active;
    for (const Profile* p : m_profiles.detect(m_store.metricNames())) {
        detected.push_back(p->name);
        active.push_back(*p);
    }
    if (detected == m_detected && m_health) return;
    m_detected = detected;
    m_problems = m_profiles.problems();
    m_health = std::make_unique<HealthModel>(m_store, active);
    m_rules = std::make_unique<RuleEvaluator>(m_store, profileRuleGroups(active, m_problems));
}

std::shared_ptr<const DashboardSnapshot> SnapshotBuilder::build(std::int64_t nowMs,
                                                                std::vector<TargetRow> targets) {
    const auto started = std::chrono::steady_clock::now();
    detect();
    auto snapshot = std::make_shared<DashboardSnapshot>();
    snapshot->nowMs = nowMs;
    const bool fixed = m_options.fixedToMs > m_options.fixedFromMs;
    snapshot->fromMs = fixed ? m_options.fixedFromMs : nowMs - m_options.rangeMs;
    snapshot->targets = std::move(targets);
    snapshot->profiles = m_detected;
    snapshot->problems = m_problems;
    for (const TargetRow& t : snapshot->targets)
        m_health->setTargetError(t.spec.job, t.spec.instance(), t.health.lastError);
    snapshot->entities = m_health->evaluate(nowMs);
    for (std::string& p : m_rules->evaluateAll(nowMs))
        snapshot->problems.push_back(std::move(p));
    for (Alert& a : m_rules->alerts())
        if (a.state != Alert::State::Inactive) snapshot->alerts.push_back(std::move(a));
    for (Alert& a : healthAlerts(snapshot->entities))
        snapshot->alerts.push_back(std::move(a));
    snapshot->toMs = fixed ? m_options.fixedToMs : nowMs;
    snapshot->panels = panels(snapshot->fromMs, snapshot->toMs);
    snapshot->buildMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return snapshot;
}

std::vector<PanelData> SnapshotBuilder::panels(std::int64_t fromMs, std::int64_t toMs) const {
    std::vector<PanelData> out;
    const promql::Engine engine(m_store);
    const std::int64_t step =
        std::max({m_options.resolutionMs, (toMs - fromMs) / promql::Engine::kMaxPoints + 1, std::int64_t(1)});
    for (const std::string& name : m_detected) {
        const Profile* profile = m_profiles.find(name);
        for (const Panel& panel : profile->panels) {
            PanelData data{name, panel, {}, {}};
            for (const PanelQuery& query : panel.queries) {
                promql::SyntaxError syntax;
                const promql::NodePtr expr = promql::parseQuery(query.expr, syntax);
                promql::QueryResult result;
                std::string error;
                if (!expr || !engine.range(*expr, fromMs - fromMs % step, toMs, step, result, error)) {
                    data.error = expr ? error : syntax.describe();
                    continue;
                }
                for (const promql::ResultSeries& s : result.series)
                    data.lines.push_back(
                        {expandLegend(query.legend, s.labels), query.color,
                         decimateMinMax(s.points, fromMs, toMs, m_options.columns, 2 * step + 1)});
            }
            out.push_back(std::move(data));
        }
    }
    return out;
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
