#include "alerts/rule_file.h"

#include "model/label_text.h"
#include "promql/parser.h"
#include "util/yaml_reading.h"

#include <QFile>

namespace dw {

namespace {

AlertTemplate templateOf(const YAML::Node& node) {
    std::string error;
    auto t = AlertTemplate::parse(yamlScalar(node, "template"), error);
    if (!t) throw YamlError(node, error);
    return *t;
}

Rule parseRule(const YAML::Node& node, promql::Generation generation) {
    yamlCheckKeys(node, {"alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"},
                  "a rule");
    Rule r;
    if (node["alert"]) r.alert = yamlScalar(node["alert"], "alert");
    if (node["record"]) r.record = yamlScalar(node["record"], "record");
    if (r.alert.empty() == r.record.empty())
        throw YamlError(node, "a rule needs exactly one of \"alert\" and \"record\"");
    if (!r.record.empty() && !isValidMetricName(r.record))
        throw YamlError(node["record"], "invalid recording rule name: " + r.record);
    if (!r.alert.empty() && !isValidLabelName(r.alert) && !isValidMetricName(r.alert))
        throw YamlError(node["alert"], "invalid alert name: " + r.alert);
    if (!node["expr"]) throw YamlError(node, "field 'expr' must be set in rule");
    r.exprText = yamlScalar(node["expr"], "expr");
    promql::SyntaxError syntax;
    promql::NodePtr expr = promql::parseQuery(r.exprText, syntax, generation);
    if (!expr) throw YamlError(node["expr"], "could not parse expression: " + syntax.describe());
    r.expr = std::shared_ptr<const promql::Node>(std::move(expr));
    if (node["for"]) r.forMs = yamlDuration(node["for"], "for");
    if (node["keep_firing_for"]) r.keepFiringForMs = yamlDuration(node["keep_firing_for"], "keep_firing_for");
    if (!r.record.empty() && (node["for"] || node["annotations"] || node["keep_firing_for"]))
        throw YamlError(node, "invalid field 'for', 'keep_firing_for' or 'annotations' in recording rule");
    if (const YAML::Node labels = node["labels"]) {
        if (!labels.IsMap()) throw YamlError(labels, "\"labels\" must be a mapping");
        for (const auto& entry : labels) {
            const std::string name = entry.first.as<std::string>();
            if (!isValidLabelName(name)) throw YamlError(entry.first, "invalid label name: " + name);
            r.labels.push_back({name, yamlScalar(entry.second, "label value")});
            r.labelTemplates.emplace_back(name, templateOf(entry.second));
        }
        sortLabels(r.labels);
    }
    if (const YAML::Node annotations = node["annotations"]) {
        if (!annotations.IsMap()) throw YamlError(annotations, "\"annotations\" must be a mapping");
        for (const auto& entry : annotations)
            r.annotations.emplace_back(entry.first.as<std::string>(), templateOf(entry.second));
    }
    return r;
}

} // namespace

std::optional<std::vector<RuleGroup>> parseRuleFile(std::string_view yaml, std::string_view source,
                                                    std::string& error, std::int64_t defaultIntervalMs,
                                                    promql::Generation generation) {
    try {
        const YAML::Node root = YAML::Load(std::string(yaml));
        yamlCheckKeys(root, {"groups"}, "a rule file");
        std::vector<RuleGroup> groups;
        for (const YAML::Node& g : root["groups"]) {
            yamlCheckKeys(g, {"name", "interval", "rules", "limit"}, "a rule group");
            RuleGroup group;
            if (!g["name"]) throw YamlError(g, "Groupname must not be empty");
            group.name = yamlScalar(g["name"], "name");
            for (const RuleGroup& other : groups)
                if (other.name == group.name)
                    throw YamlError(g["name"],
                                    "groupname: \"" + group.name + "\" is repeated in the same file");
            group.intervalMs = g["interval"] ? yamlDuration(g["interval"], "interval") : defaultIntervalMs;
            for (const YAML::Node& r : g["rules"])
                group.rules.push_back(parseRule(r, generation));
            groups.push_back(std::move(group));
        }
        return groups;
    } catch (const std::exception& e) {
        error = yamlErrorMessage(source, e);
    }
    return std::nullopt;
}

std::optional<std::vector<RuleGroup>> loadRuleFile(const std::string& path, std::string& error,
                                                   std::int64_t defaultIntervalMs,
                                                   promql::Generation generation) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        error = path + ": " + file.errorString().toStdString();
        return std::nullopt;
    }
    const QByteArray text = file.readAll();
    return parseRuleFile({text.constData(), std::size_t(text.size())}, path, error, defaultIntervalMs,
                         generation);
}

} // namespace dw
