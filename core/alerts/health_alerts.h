#pragma once

#include "alerts/rule_evaluator.h"
#include "health/health_state.h"
#include "health/profile.h"

#include <vector>

namespace dw {

// The built-in alerts every profile has, derived from the health model rather than from PromQL: an
// entity stale, flapping, or whose reported health disagrees with its heartbeats. They fire while the
// condition holds, active since the state began; the labels name the profile, the entity and its target,
// the summary is the model's reason. (Targets down come from the built-in rule group below.)
std::vector<Alert> healthAlerts(const std::vector<EntityHealth>& entities);

// The rule group DispatchWatch always evaluates: TargetDown (up == 0).
const char* builtinRuleFile();

// The built-in group alone, and one profile's groups alone (a profile whose rules do not load is reported
// in problems and gives none).
std::vector<RuleGroup> builtinRuleGroups(std::vector<std::string>& problems);
// A profile's expressions follow its promql_compat, or `fallback` when it has none.
std::vector<RuleGroup> profileRuleGroups(const Profile& profile, std::vector<std::string>& problems,
                                         promql::Generation fallback = promql::kDefaultGeneration);

// The built-in rules and those of the profiles, ready for a RuleEvaluator; a profile whose rules do not
// load is reported in problems ("rules rejected: ...") and left out.
std::vector<RuleGroup> profileRuleGroups(const std::vector<Profile>& profiles,
                                         std::vector<std::string>& problems);

} // namespace dw
