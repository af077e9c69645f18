#include "dashboard/panel_queries.h"

#include "dashboard/template_variables.h"
#include "util/duration.h"

#include <algorithm>

namespace dw::dashboard {

namespace {

// A minimum interval as Grafana writes it: "30s", ">30s" (the same), or empty.
std::optional<std::int64_t> minimumInterval(std::string text) {
    if (!text.empty() && text.front() == '>') text.erase(0, 1);
    if (text.empty()) return 0;
    return parseDurationMs(text);
}

void addOnce(std::vector<std::string>& list, std::string text) {
    if (std::find(list.begin(), list.end(), text) == list.end()) list.push_back(std::move(text));
}

} // namespace

int panelWidthPx(const Panel& panel, int pageWidthPx) {
    return std::max(1, panel.grid.w * pageWidthPx / 24);
}

PanelQueryPlan planPanelQueries(const Panel& panel, const Scope& variables, const TimeRange& range,
                                std::int64_t scrapeIntervalMs, int widthPx,
                                const std::string& dashboardTitle) {
    PanelQueryPlan plan;
    if (panel.datasource.kind == DatasourceRef::Kind::Other) {
        plan.otherDatasource = true;
        plan.problems.push_back("datasource \"" + panel.datasource.text +
                                "\" is not Prometheus: its queries are not run");
        return plan;
    }
    const int maxDataPoints = panel.json.value("maxDataPoints").toInt(widthPx);
    const std::string panelInterval = panel.json.value("interval").toString().toStdString();
    for (const Target& target : panel.targets) {
        if (target.hide) continue;
        const std::string name = "query " + (target.refId.empty() ? target.path : target.refId);
        if (target.datasource.kind == DatasourceRef::Kind::Other) {
            addOnce(plan.problems, name + ": datasource \"" + target.datasource.text +
                                       "\" is not Prometheus: the query is not run");
            continue;
        }
        if (target.expr.empty()) {
            addOnce(plan.problems, name + " has no expression");
            continue;
        }
        TemplateProblems problems;
        const std::string minText =
            interpolate(target.interval.empty() ? panelInterval : target.interval, variables, Purpose::Query);
        auto minimum = minimumInterval(minText);
        if (!minimum) {
            addOnce(plan.problems, name + ": minimum interval \"" + minText + "\" is not a duration");
            minimum = 0;
        }
        const std::int64_t lowLimit = *minimum > 0 ? *minimum : scrapeIntervalMs;
        PanelQuery query;
        query.target = &target;
        query.intervalMs = panelIntervalMs(range.spanMs(), maxDataPoints, lowLimit);
        query.stepMs = queryStepMs(query.intervalMs, target.intervalFactor, lowLimit, range.spanMs());
        query.instant = target.instant && !target.range;
        Scope scope = builtinScope(range, query.intervalMs, scrapeIntervalMs, dashboardTitle);
        for (const auto& [key, value] : variables)
            scope[key] = value;
        query.expr = interpolate(target.expr, scope, Purpose::Query, &problems);
        for (const std::string& unknown : problems.unknownVariables)
            addOnce(plan.problems, name + " uses $" + unknown + ", which the dashboard does not define");
        for (const std::string& format : problems.unknownFormats)
            addOnce(plan.problems, name + ": variable format \"" + format + "\" is not supported");
        plan.queries.push_back(std::move(query));
    }
    return plan;
}

} // namespace dw::dashboard
