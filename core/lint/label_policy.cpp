#include "lint/label_policy.h"

#include <QFile>
#include <algorithm>
#include <yaml-cpp/yaml.h>

// Q_INIT_RESOURCE declares a function and so must stand outside any namespace.
static void initCoreResources() {
    Q_INIT_RESOURCE(dw_lint_resources);
}

namespace dw {

namespace {

std::string position(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// A string, or a list of strings, as a vector.
bool readNames(const YAML::Node& node, const char* what, std::vector<std::string>& out, std::string& error) {
    if (node.IsScalar()) {
        out.push_back(node.as<std::string>());
        return true;
    }
    if (!node.IsSequence()) {
        error = position(node) + ": \"" + what + "\" must be a name or a list of names";
        return false;
    }
    for (const YAML::Node& item : node) {
        if (!item.IsScalar()) {
            error = position(item) + ": \"" + what + "\" must list plain names";
            return false;
        }
        out.push_back(item.as<std::string>());
    }
    return true;
}

} // namespace

bool globMatch(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0, starP = std::string_view::npos, starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starT = t;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

std::optional<LabelPolicy> LabelPolicy::fromYaml(std::string_view yaml, std::string& error) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::ParserException& e) {
        error = std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) + ": " + e.msg;
        return std::nullopt;
    }
    if (!root.IsMap()) {
        error = "1:1: a label policy is a mapping with \"always_allowed\" and \"rules\"";
        return std::nullopt;
    }
    LabelPolicy policy;
    for (const auto& entry : root) {
        const std::string key = entry.first.as<std::string>();
        if (key == "always_allowed") {
            if (!readNames(entry.second, "always_allowed", policy.m_alwaysAllowed, error))
                return std::nullopt;
        } else if (key == "rules") {
            if (!entry.second.IsSequence()) {
                error = position(entry.second) + ": \"rules\" must be a list";
                return std::nullopt;
            }
            for (const YAML::Node& ruleNode : entry.second) {
                if (!ruleNode.IsMap() || !ruleNode["metrics"] || !ruleNode["allowed"]) {
                    error = position(ruleNode) +
                            ": each rule needs \"metrics\" (patterns) and \"allowed\" (labels)";
                    return std::nullopt;
                }
                for (const auto& field : ruleNode) {
                    const std::string name = field.first.as<std::string>();
                    if (name != "metrics" && name != "allowed") {
                        error = position(field.first) + ": unknown key \"" + name + "\" in a rule";
                        return std::nullopt;
                    }
                }
                Rule rule;
                if (!readNames(ruleNode["metrics"], "metrics", rule.patterns, error) ||
                    !readNames(ruleNode["allowed"], "allowed", rule.allowed, error))
                    return std::nullopt;
                policy.m_rules.push_back(std::move(rule));
            }
        } else {
            error =
                position(entry.first) + ": unknown key \"" + key + "\" (expected always_allowed or rules)";
            return std::nullopt;
        }
    }
    return policy;
}

const LabelPolicy& LabelPolicy::compozyDefault() {
    static const LabelPolicy policy = [] {
        initCoreResources();
        QFile file(":/policies/compozy-labels.yaml");
        file.open(QIODevice::ReadOnly);
        const QByteArray yaml = file.readAll();
        std::string error;
        auto parsed = fromYaml({yaml.constData(), std::size_t(yaml.size())}, error);
        Q_ASSERT_X(parsed, "LabelPolicy", "the built-in policy must parse");
        return parsed ? std::move(*parsed) : LabelPolicy();
    }();
    return policy;
}

const LabelPolicy::Rule* LabelPolicy::ruleFor(std::string_view familyName) const {
    for (const Rule& rule : m_rules)
        for (const std::string& pattern : rule.patterns)
            if (globMatch(pattern, familyName)) return &rule;
    return nullptr;
}

bool LabelPolicy::allows(std::string_view familyName, std::string_view labelName) const {
    if (std::find(m_alwaysAllowed.begin(), m_alwaysAllowed.end(), labelName) != m_alwaysAllowed.end())
        return true;
    const Rule* rule = ruleFor(familyName);
    return !rule || std::find(rule->allowed.begin(), rule->allowed.end(), labelName) != rule->allowed.end();
}

} // namespace dw
