#include "health/profile.h"

#include "model/label_text.h"
#include "model/labels.h"
#include "promql/parser.h"
#include "util/yaml_reading.h"

#include <QFile>
#include <algorithm>

namespace dw {

namespace {

std::vector<std::string> names(const YAML::Node& node, const char* what) {
    std::vector<std::string> out;
    if (!node) return out;
    if (node.IsScalar()) {
        out.push_back(yamlScalar(node, what));
    } else if (node.IsSequence()) {
        for (const YAML::Node& item : node)
            out.push_back(yamlScalar(item, what));
    } else {
        throw YamlError(node, std::string(what) + " must be a name or a list of names");
    }
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!isValidMetricName(out[i]))
            throw YamlError(node.IsSequence() ? node[i] : node,
                            "\"" + out[i] + "\" is not a valid metric name");
    return out;
}

std::string optionalScalar(const YAML::Node& node, const char* what) {
    return node ? yamlScalar(node, what) : std::string();
}

void checkExpr(const YAML::Node& node, const std::string& expr, promql::Generation generation) {
    promql::SyntaxError error;
    if (!promql::parseQuery(expr, error, generation))
        throw YamlError(node, "invalid PromQL: " + error.describe());
}

Panel parsePanel(const YAML::Node& node, promql::Generation generation) {
    yamlCheckKeys(node, {"title", "kind", "expr", "legend", "color", "queries", "unit", "thresholds"},
                  "a panel");
    Panel panel;
    if (!node["title"]) throw YamlError(node, "a panel needs a \"title\"");
    panel.title = yamlScalar(node["title"], "title");
    const std::string kind = node["kind"] ? yamlScalar(node["kind"], "kind") : "timeseries";
    if (kind == "timeseries")
        panel.kind = Panel::Kind::TimeSeries;
    else if (kind == "stat")
        panel.kind = Panel::Kind::Stat;
    else if (kind == "state-timeline")
        panel.kind = Panel::Kind::StateTimeline;
    else if (kind == "table")
        panel.kind = Panel::Kind::Table;
    else
        throw YamlError(node["kind"], "unknown panel kind \"" + kind +
                                          "\" (expected timeseries, stat, "
                                          "state-timeline or table)");
    auto query = [generation](const YAML::Node& q) {
        PanelQuery out{yamlScalar(q["expr"], "expr"), optionalScalar(q["legend"], "legend"),
                       optionalScalar(q["color"], "color")};
        checkExpr(q["expr"], out.expr, generation);
        return out;
    };
    if (node["expr"]) panel.queries.push_back(query(node));
    if (node["queries"]) {
        if (!node["queries"].IsSequence()) throw YamlError(node["queries"], "\"queries\" must be a list");
        for (const YAML::Node& q : node["queries"]) {
            yamlCheckKeys(q, {"expr", "legend", "color"}, "a panel query");
            if (!q["expr"]) throw YamlError(q, "a panel query needs an \"expr\"");
            panel.queries.push_back(query(q));
        }
    }
    if (panel.queries.empty()) throw YamlError(node, "a panel needs an \"expr\" or \"queries\"");
    panel.unit = optionalScalar(node["unit"], "unit");
    if (node["thresholds"]) {
        for (const YAML::Node& t : node["thresholds"]) {
            yamlCheckKeys(t, {"value", "color", "text"}, "a threshold");
            panel.thresholds.push_back({t["value"] ? t["value"].as<double>() : 0,
                                        optionalScalar(t["color"], "color"),
                                        optionalScalar(t["text"], "text")});
        }
    }
    return panel;
}

Profile parse(const YAML::Node& root) {
    yamlCheckKeys(root,
                  {"name", "title", "entity", "detect", "heartbeat", "uptime", "presence", "lifecycle",
                   "state", "reported", "flapping", "panels", "rules", "promql_compat"},
                  "a profile");
    Profile p;
    if (!root["name"] || !root["entity"] || !root["detect"])
        throw YamlError(root, "a profile needs \"name\", \"entity\" and \"detect\"");
    p.name = yamlScalar(root["name"], "name");
    p.title = root["title"] ? yamlScalar(root["title"], "title") : p.name;
    if (const YAML::Node compat = root["promql_compat"]) {
        p.promqlCompat = promql::parseGeneration(yamlScalar(compat, "promql_compat"));
        if (!p.promqlCompat)
            throw YamlError(compat, "promql_compat must be 2 or 3 (the Prometheus generation)");
    }
    yamlCheckKeys(root["entity"], {"name", "label"}, "entity");
    p.entityName = root["entity"]["name"] ? yamlScalar(root["entity"]["name"], "entity name") : "entity";
    const YAML::Node label = root["entity"]["label"];
    if (!label) throw YamlError(root["entity"], "entity needs a \"label\" (or a list of labels)");
    if (label.IsSequence())
        for (const YAML::Node& l : label)
            p.entityLabels.push_back(yamlScalar(l, "entity label"));
    else
        p.entityLabels.push_back(yamlScalar(label, "entity label"));
    for (const std::string& l : p.entityLabels)
        if (!isValidLabelName(l)) throw YamlError(label, "\"" + l + "\" is not a valid label name");
    p.detect = names(root["detect"], "detect");
    if (const YAML::Node hb = root["heartbeat"]) {
        yamlCheckKeys(hb, {"counter", "stale_after"}, "heartbeat");
        p.heartbeatCounters = names(hb["counter"], "heartbeat counter");
        if (hb["stale_after"]) p.staleAfterMs = yamlDuration(hb["stale_after"], "stale_after");
        if (p.staleAfterMs <= 0) throw YamlError(hb, "heartbeat needs a positive \"stale_after\"");
    }
    p.uptime = names(root["uptime"], "uptime");
    p.presence = names(root["presence"], "presence");
    if (const YAML::Node lc = root["lifecycle"]) {
        yamlCheckKeys(lc, {"counter", "label", "start", "stop", "restart"}, "lifecycle");
        p.lifecycle.counter = yamlScalar(lc["counter"], "lifecycle counter");
        if (lc["label"]) p.lifecycle.label = yamlScalar(lc["label"], "label");
        if (lc["start"]) p.lifecycle.start = yamlScalar(lc["start"], "start");
        if (lc["stop"]) p.lifecycle.stop = yamlScalar(lc["stop"], "stop");
        if (lc["restart"]) p.lifecycle.restart = yamlScalar(lc["restart"], "restart");
    }
    if (const YAML::Node st = root["state"]) {
        yamlCheckKeys(st, {"metric", "label", "stopped", "stale_marked_by"}, "state");
        p.state.metric = yamlScalar(st["metric"], "state metric");
        if (st["label"]) p.state.label = yamlScalar(st["label"], "label");
        if (st["stopped"])
            for (const YAML::Node& s : st["stopped"])
                p.state.stopped.push_back(yamlScalar(s, "stopped state"));
        p.state.staleMarkedCounter = optionalScalar(st["stale_marked_by"], "stale_marked_by");
    }
    if (const YAML::Node r = root["reported"]) {
        yamlCheckKeys(r,
                      {"health", "stale_label", "heartbeat_age", "heartbeat_age_label",
                       "consecutive_failures", "consecutive_failures_label"},
                      "reported");
        p.reported.health = optionalScalar(r["health"], "health");
        p.reported.staleLabel = optionalScalar(r["stale_label"], "stale_label");
        p.reported.heartbeatAge = names(r["heartbeat_age"], "heartbeat_age");
        p.reported.heartbeatAgeLabel = optionalScalar(r["heartbeat_age_label"], "heartbeat_age_label");
        p.reported.failures = optionalScalar(r["consecutive_failures"], "consecutive_failures");
        p.reported.failuresLabel =
            optionalScalar(r["consecutive_failures_label"], "consecutive_failures_label");
    }
    if (const YAML::Node f = root["flapping"]) {
        yamlCheckKeys(f, {"restarts", "within"}, "flapping");
        if (f["restarts"]) p.flappingRestarts = f["restarts"].as<int>();
        if (f["within"]) p.flappingWindowMs = yamlDuration(f["within"], "within");
        if (p.flappingRestarts < 1 || p.flappingWindowMs <= 0)
            throw YamlError(f, "flapping needs restarts >= 1 and a positive \"within\"");
    }
    if (const YAML::Node panels = root["panels"]) {
        if (!panels.IsSequence()) throw YamlError(panels, "\"panels\" must be a list");
        for (const YAML::Node& node : panels)
            p.panels.push_back(parsePanel(node, p.promqlCompat.value_or(promql::kDefaultGeneration)));
    }
    if (const YAML::Node rules = root["rules"]) {
        YAML::Emitter out;
        out << rules;
        p.rules = out.c_str();
    }
    return p;
}

} // namespace

std::optional<Profile> Profile::fromYaml(std::string_view yaml, std::string_view source, std::string& error) {
    try {
        Profile p = parse(YAML::Load(std::string(yaml)));
        p.source = std::string(source);
        return p;
    } catch (const std::exception& e) {
        error = yamlErrorMessage(source, e);
    }
    return std::nullopt;
}

std::optional<Profile> Profile::fromFile(const std::string& path, std::string& error) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        error = path + ": " + file.errorString().toStdString();
        return std::nullopt;
    }
    const QByteArray text = file.readAll();
    return fromYaml({text.constData(), std::size_t(text.size())}, path, error);
}

std::string Profile::entityId(const Labels& labels) const {
    std::string id;
    for (const std::string& name : entityLabels) {
        const std::string_view value = labelValue(labels, name);
        if (value.empty()) return {};
        if (!id.empty()) id += '/';
        id += value;
    }
    return id;
}

std::vector<std::string> Profile::metricNames() const {
    std::vector<std::string> out = detect;
    auto add = [&](const std::string& n) {
        if (!n.empty() && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    };
    for (const auto& n : heartbeatCounters)
        add(n);
    for (const auto& n : uptime)
        add(n);
    for (const auto& n : presence)
        add(n);
    add(lifecycle.counter);
    add(state.metric);
    add(state.staleMarkedCounter);
    add(reported.health);
    for (const auto& n : reported.heartbeatAge)
        add(n);
    add(reported.failures);
    return out;
}

std::string_view panelKindName(Panel::Kind kind) {
    switch (kind) {
    case Panel::Kind::TimeSeries:
        return "timeseries";
    case Panel::Kind::Stat:
        return "stat";
    case Panel::Kind::StateTimeline:
        return "state-timeline";
    case Panel::Kind::Table:
        return "table";
    }
    return "";
}

} // namespace dw
