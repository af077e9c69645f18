#include "alerts/health_alerts.h"

#include "promql/label_set.h"

#include <cctype>

namespace dw {

namespace {

std::string capitalised(std::string s) {
    if (!s.empty()) s[0] = char(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

Alert alertFor(const EntityHealth& h, const std::string& condition, std::string summary) {
    Alert a;
    a.group = "health";
    a.rule = capitalised(h.kind) + condition;
    a.labels = {{"alertname", a.rule}, {"entity", h.id},       {"instance", h.instance},
                {"job", h.job},        {"profile", h.profile}, {"severity", "warning"}};
    promql::setLabel(a.labels, h.kind, h.id);
    sortLabels(a.labels);
    a.annotations = {{"summary", std::move(summary)}};
    a.state = Alert::State::Firing;
    a.value = 1;
    a.activeAtMs = a.firedAtMs = h.sinceMs;
    return a;
}

} // namespace

std::vector<Alert> healthAlerts(const std::vector<EntityHealth>& entities) {
    std::vector<Alert> out;
    for (const EntityHealth& h : entities) {
        // The summary annotation is what Alertmanager and people read: the reason in words.
        if (h.state == HealthState::Stale)
            out.push_back(alertFor(h, "Stale", h.id + ": " + describe(h.reason)));
        if (h.state == HealthState::Flapping)
            out.push_back(alertFor(h, "Flapping", h.id + ": " + describe(h.reason)));
        if (h.disagreement)
            out.push_back(alertFor(h, "HealthDisagreement", h.id + ": " + describe(*h.disagreement)));
    }
    return out;
}

namespace {
void addRules(std::vector<RuleGroup>& groups, const std::string& yaml, const std::string& source,
              std::vector<std::string>& problems,
              promql::Generation generation = promql::kDefaultGeneration) {
    std::string error;
    if (auto parsed = parseRuleFile(yaml, source, error, 60000, generation))
        for (RuleGroup& g : *parsed)
            groups.push_back(std::move(g));
    else
        problems.push_back("rules rejected: " + error);
}
} // namespace

std::vector<RuleGroup> builtinRuleGroups(std::vector<std::string>& problems) {
    std::vector<RuleGroup> groups;
    addRules(groups, builtinRuleFile(), "built-in rules", problems);
    return groups;
}

std::vector<RuleGroup> profileRuleGroups(const Profile& profile, std::vector<std::string>& problems,
                                         promql::Generation fallback) {
    std::vector<RuleGroup> groups;
    if (!profile.rules.empty())
        addRules(groups, profile.rules, profile.source + " (rules)", problems,
                 profile.promqlCompat.value_or(fallback));
    return groups;
}

std::vector<RuleGroup> profileRuleGroups(const std::vector<Profile>& profiles,
                                         std::vector<std::string>& problems) {
    std::vector<RuleGroup> groups = builtinRuleGroups(problems);
    for (const Profile& p : profiles)
        for (RuleGroup& g : profileRuleGroups(p, problems))
            groups.push_back(std::move(g));
    return groups;
}

const char* builtinRuleFile() {
    return R"(groups:
  - name: dispatchwatch
    interval: 15s
    rules:
      - alert: TargetDown
        expr: up == 0
        labels:
          severity: critical
        annotations:
          summary: "{{ $labels.job }}/{{ $labels.instance }} cannot be scraped"
)";
}

} // namespace dw
