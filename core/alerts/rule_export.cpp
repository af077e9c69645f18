#include "alerts/rule_export.h"

#include "alerts/health_alerts.h"
#include "util/duration.h"

#include <cctype>
#include <yaml-cpp/yaml.h>

namespace dw {

namespace {

YAML::Node rule(const std::string& name, const std::string& expr, const Profile& profile,
                const std::string& summary) {
    YAML::Node node;
    node["alert"] = name;
    node["expr"] = expr;
    node["labels"]["severity"] = "warning";
    node["labels"]["profile"] = profile.name;
    node["annotations"]["summary"] = summary;
    return node;
}

YAML::Node healthGroup(const Profile& profile) {
    std::string kind = profile.entityName;
    if (!kind.empty()) kind[0] = char(std::toupper(static_cast<unsigned char>(kind[0])));
    const std::string entity = profile.entityLabels.empty()
                                   ? "{{ $labels.instance }}"
                                   : "{{ $labels." + profile.entityLabels.front() + " }}";
    YAML::Node group;
    group["name"] = "dispatchwatch-" + profile.name + "-health";
    group["interval"] = "15s";
    group["rules"] = YAML::Node(YAML::NodeType::Sequence);
    if (!profile.heartbeatCounters.empty() && profile.staleAfterMs > 0) {
        const std::string window = formatDurationMs(profile.staleAfterMs);
        group["rules"].push_back(
            rule(kind + "Stale", "changes(" + profile.heartbeatCounters.front() + "[" + window + "]) == 0",
                 profile, entity + ": no heartbeat for " + window));
    }
    if (!profile.lifecycle.counter.empty() && profile.flappingRestarts > 0) {
        const std::string window = formatDurationMs(profile.flappingWindowMs);
        const std::string series = profile.lifecycle.counter + "{" + profile.lifecycle.label + "=\"" +
                                   profile.lifecycle.restart + "\"}[" + window + "]";
        group["rules"].push_back(rule(kind + "Flapping",
                                      "max_over_time(" + series + ") - min_over_time(" + series +
                                          ") >= " + std::to_string(profile.flappingRestarts),
                                      profile, entity + ": {{ $value }} restarts within " + window));
    }
    return group;
}

} // namespace

std::string exportRuleFile(const Profile& profile, std::string& error) {
    YAML::Node groups(YAML::NodeType::Sequence);
    try {
        for (const YAML::Node& group : YAML::Load(builtinRuleFile())["groups"])
            groups.push_back(group);
        if (!profile.rules.empty())
            for (const YAML::Node& group : YAML::Load(profile.rules)["groups"])
                groups.push_back(group);
    } catch (const YAML::Exception& e) {
        error = profile.source + " (rules): " + e.what();
        return {};
    }
    const YAML::Node health = healthGroup(profile);
    if (health["rules"].size() > 0) groups.push_back(health);
    YAML::Node root;
    root["groups"] = groups;
    YAML::Emitter out;
    out << root;
    return "# Alert rules of DispatchWatch's \"" + profile.name + "\" profile, for Prometheus.\n" +
           std::string(out.c_str()) + "\n";
}

} // namespace dw
