#include "dashboard/profile_dashboard.h"

#include "promql/ast.h"
#include "promql/parser.h"
#include "util/duration.h"

#include <QJsonArray>

namespace dw::dashboard {

namespace {

constexpr int kSchemaVersion = 39;

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QJsonObject datasource() {
    return {{"type", "prometheus"}, {"uid", "${datasource}"}};
}

// Our units in Grafana's ids; "/s" has no generic id, so it is Grafana's custom suffix unit.
QString grafanaUnit(const std::string& unit) {
    if (unit == "/s") return "suffix:/s";
    if (unit.empty()) return "short";
    return qs(unit);
}

QJsonObject queryVariable(const QString& name, const QString& query) {
    return {
        {"name", name},
        {"label", name},
        {"type", "query"},
        {"datasource", datasource()},
        {"query", QJsonObject{{"query", query}, {"refId", "PrometheusVariableQueryEditor-VariableQuery"}}},
        {"definition", query},
        {"refresh", 2},
        {"multi", true},
        {"includeAll", true},
        {"allValue", ".*"},
        {"sort", 1},
        {"current", QJsonObject{{"text", QJsonArray{"All"}}, {"value", QJsonArray{"$__all"}}}}};
}

QJsonObject templating() {
    const QJsonObject source{{"name", "datasource"},
                             {"label", "Data source"},
                             {"type", "datasource"},
                             {"query", "prometheus"},
                             {"current", QJsonObject{}}};
    return {{"list", QJsonArray{source, queryVariable("job", "label_values(up, job)"),
                                queryVariable("instance", "label_values(up{job=~\"$job\"}, instance)")}}};
}

// Thresholds and value mappings from the profile's thresholds (a mapping where a threshold has text).
void addThresholds(const Panel& panel, QJsonObject& defaults) {
    QJsonArray steps{
        QJsonObject{{"color", panel.thresholds.empty() ? "green" : qs(panel.thresholds.front().color)},
                    {"value", QJsonValue::Null}}};
    QJsonObject mappings;
    for (std::size_t i = 0; i < panel.thresholds.size(); ++i) {
        const PanelThreshold& t = panel.thresholds[i];
        if (i > 0) steps.append(QJsonObject{{"color", qs(t.color)}, {"value", t.value}});
        if (!t.text.empty())
            mappings[QString::number(t.value, 'g', 17)] =
                QJsonObject{{"text", qs(t.text)}, {"color", qs(t.color)}, {"index", int(i)}};
    }
    defaults["thresholds"] = QJsonObject{{"mode", "absolute"}, {"steps", steps}};
    defaults["mappings"] =
        mappings.isEmpty() ? QJsonArray{} : QJsonArray{QJsonObject{{"type", "value"}, {"options", mappings}}};
}

QJsonObject panelJson(int id, const QString& title, const QString& type, QJsonArray targets,
                      QJsonObject defaults, QJsonArray overrides, int x, int y, int w, int h) {
    QJsonObject options;
    if (type == "stat") {
        options = {{"colorMode", "background"},
                   {"graphMode", "none"},
                   {"reduceOptions",
                    QJsonObject{{"calcs", QJsonArray{"lastNotNull"}}, {"fields", ""}, {"values", false}}}};
    } else if (type == "timeseries") {
        options = {{"legend",
                    QJsonObject{{"displayMode", "list"}, {"placement", "bottom"}, {"calcs", QJsonArray{}}}},
                   {"tooltip", QJsonObject{{"mode", "multi"}, {"sort", "none"}}}};
    }
    return {{"id", id},
            {"title", title},
            {"type", type},
            {"datasource", datasource()},
            {"gridPos", QJsonObject{{"x", x}, {"y", y}, {"w", w}, {"h", h}}},
            {"targets", targets},
            {"fieldConfig", QJsonObject{{"defaults", defaults}, {"overrides", overrides}}},
            {"options", options}};
}

QJsonObject target(const std::string& refId, const std::string& expr, const std::string& legend, bool instant,
                   promql::Generation generation) {
    return {{"refId", qs(refId)},
            {"datasource", datasource()},
            {"expr", qs(withTargetVariables(expr, generation))},
            {"legendFormat", qs(legend.empty() ? "__auto" : legend)},
            {"instant", instant},
            {"range", !instant}};
}

} // namespace

std::string withTargetVariables(const std::string& expr, promql::Generation generation) {
    promql::SyntaxError error;
    promql::NodePtr node = promql::parseQuery(expr, error, generation);
    if (!node) return expr;
    promql::rewriteSelectors(*node, [](promql::VectorSelector& selector) {
        for (const char* label : {"job", "instance"}) {
            const bool has = std::any_of(selector.matchers.begin(), selector.matchers.end(),
                                         [&](const promql::LabelMatcher& m) { return m.name == label; });
            if (!has)
                selector.matchers.push_back(
                    {promql::LabelMatcher::Type::Regex, label, std::string("$") + label});
        }
    });
    return promql::format(*node);
}

QJsonObject dashboardFromProfile(const Profile& profile) {
    const promql::Generation generation = profile.promqlCompat.value_or(promql::kDefaultGeneration);
    QJsonArray panels;
    int id = 1, y = 0;
    const std::string entityLabel = profile.entityLabels.empty() ? "instance" : profile.entityLabels.front();
    const QString entity = qs(profile.entityName);

    // The health model's tiles, as far as PromQL says the same.
    struct Tile {
        QString title;
        std::string expr;
        QString color;
    };
    std::vector<Tile> tiles;
    const std::string presence = !profile.presence.empty()            ? profile.presence.front()
                                 : !profile.heartbeatCounters.empty() ? profile.heartbeatCounters.front()
                                                                      : std::string();
    if (!presence.empty())
        tiles.push_back({entity.left(1).toUpper() + entity.mid(1) + "s",
                         "count(count by (" + entityLabel + ") (" + presence + "))", "blue"});
    if (!profile.heartbeatCounters.empty() && profile.staleAfterMs > 0)
        tiles.push_back({"Stale",
                         "count(changes(" + profile.heartbeatCounters.front() + "[" +
                             formatDurationMs(profile.staleAfterMs) + "]) == 0) or vector(0)",
                         "orange"});
    if (!profile.lifecycle.counter.empty())
        tiles.push_back({"Restarts (" + qs(formatDurationMs(profile.flappingWindowMs)) + ")",
                         "sum(increase(" + profile.lifecycle.counter + "{" + profile.lifecycle.label + "=\"" +
                             profile.lifecycle.restart + "\"}[" + formatDurationMs(profile.flappingWindowMs) +
                             "])) or vector(0)",
                         "purple"});
    for (std::size_t i = 0; i < tiles.size(); ++i) {
        QJsonObject defaults{{"color", QJsonObject{{"mode", "fixed"}, {"fixedColor", tiles[i].color}}},
                             {"unit", "short"},
                             {"decimals", 0}};
        const int width = 24 / int(tiles.size());
        panels.append(panelJson(id++, tiles[i].title, "stat",
                                QJsonArray{target("A", tiles[i].expr, "", true, generation)}, defaults, {},
                                int(i) * width, y, width, 4));
    }
    if (!tiles.empty()) y += 4;

    int column = 0;
    for (std::size_t p = 0; p < profile.panels.size(); ++p) {
        const Panel& panel = profile.panels[p];
        const QString type = qs(std::string(panelKindName(panel.kind)));
        QJsonArray targets, overrides;
        for (std::size_t q = 0; q < panel.queries.size(); ++q) {
            const PanelQuery& query = panel.queries[q];
            const std::string refId(1, char('A' + q % 26));
            targets.append(target(refId, query.expr, query.legend,
                                  panel.kind == Panel::Kind::Stat || panel.kind == Panel::Kind::Table,
                                  generation));
            if (!query.color.empty())
                overrides.append(QJsonObject{
                    {"matcher", QJsonObject{{"id", "byFrameRefID"}, {"options", qs(refId)}}},
                    {"properties",
                     QJsonArray{QJsonObject{
                         {"id", "color"},
                         {"value", QJsonObject{{"mode", "fixed"}, {"fixedColor", qs(query.color)}}}}}}});
        }
        QJsonObject defaults{
            {"unit", grafanaUnit(panel.unit)},
            {"color", QJsonObject{{"mode", panel.thresholds.empty() ? "palette-classic" : "thresholds"}}}};
        addThresholds(panel, defaults);
        // Two panels to a row; a state timeline or a table takes a row of its own.
        const bool wide = panel.kind == Panel::Kind::StateTimeline || panel.kind == Panel::Kind::Table;
        if (wide && column != 0) {
            column = 0;
            y += 8;
        }
        panels.append(panelJson(id++, qs(panel.title), type, targets, defaults, overrides, column * 12, y,
                                wide ? 24 : 12, 8));
        column = wide ? 0 : (column + 1) % 2;
        if (column == 0) y += 8;
    }
    if (column != 0) y += 8;

    if (!profile.heartbeatCounters.empty() && profile.staleAfterMs > 0) {
        // The state timeline: 1 while an entity's heartbeat moved within its stale threshold.
        const std::string expr = "changes(" + profile.heartbeatCounters.front() + "[" +
                                 formatDurationMs(profile.staleAfterMs) + "]) > bool 0";
        QJsonObject defaults{{"color", QJsonObject{{"mode", "thresholds"}}}};
        Panel states;
        states.thresholds = {{0, "orange", "stale"}, {1, "green", "beating"}};
        addThresholds(states, defaults);
        panels.append(panelJson(id++, entity.left(1).toUpper() + entity.mid(1) + " heartbeats",
                                "state-timeline",
                                QJsonArray{target("A", expr, "{{" + entityLabel + "}}", false, generation)},
                                defaults, {}, 0, y, 24, 8));
    }

    return {{"title", qs(profile.title.empty() ? profile.name : profile.title)},
            {"uid", qs("dispatchwatch-" + profile.name)},
            {"tags", QJsonArray{"dispatchwatch", qs(profile.name)}},
            {"schemaVersion", kSchemaVersion},
            {"version", 1},
            {"editable", true},
            {"graphTooltip", 1},
            {"time", QJsonObject{{"from", "now-1h"}, {"to", "now"}}},
            {"refresh", "10s"},
            {"templating", templating()},
            {"annotations", QJsonObject{{"list", QJsonArray{}}}},
            {"panels", panels}};
}

} // namespace dw::dashboard
