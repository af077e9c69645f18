#pragma once

#include "model/metric_type.h"

#include <string>
#include <string_view>
#include <vector>

namespace dw {

// The naming checks of `promtool check metrics` (client_golang's promlint), for one metric family:
// _total suffixes, reserved suffixes and labels, units, abbreviations, camelCase, colons, the type in
// the name, and a missing HELP. Returns promtool's wording so results compare with promtool's own.
struct FamilyFacts {
    std::string name;
    MetricType type = MetricType::Unknown;
    bool openMetrics = false;
    bool hasHelp = false;
    std::vector<std::string> labelNames;
};

std::vector<std::string> namingProblems(const FamilyFacts& family);

} // namespace dw
