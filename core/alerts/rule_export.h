#pragma once

#include "health/profile.h"

#include <string>

namespace dw {

// A profile's alerting as one Prometheus rule file: DispatchWatch's built-in group (TargetDown), the
// profile's own groups as written, and a group with the built-in per-entity alerts written in PromQL:
// <Entity>Stale (its heartbeat counter did not change within stale_after) and <Entity>Flapping (restart
// events reached the flapping count within the window). The health model judges from more facts (the
// reported health, stopped entities); these two are the part PromQL states exactly.
// Returns an empty string and sets error when the profile's rules are not valid YAML.
// Thread-safety: a free function.
std::string exportRuleFile(const Profile& profile, std::string& error);

} // namespace dw
