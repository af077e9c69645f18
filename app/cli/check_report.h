#pragma once

#include "cli/check_health.h"

#include <QJsonObject>

namespace dw::cli {

constexpr int kExitAllUp = 0;
constexpr int kExitUnhealthy = 1;
constexpr int kExitSomeDown = 2;
constexpr int kExitUsageOrConfig = 3;

// What `check` reports at a time: JSON, the text tables, problems found on the way, and the exit code.
struct CheckReport {
    QJsonObject json;
    QString text;
    std::vector<std::string> problems;
    int exitCode = kExitAllUp;
};
// The report of the targets and of an assessment of them at its time. Exit codes: 0 all up and healthy,
// 1 an entity unhealthy or an alert firing, 2 a target down. `check` and `replay` both report this way.
CheckReport makeCheckReport(const std::vector<TargetStatus>& targets, const AssessmentResult& health);

// Prints that report (a table, or JSON) with its problems on stderr, and returns its exit code.
int printCheckReport(const std::vector<TargetStatus>& targets, const AssessmentResult& health, bool json);

} // namespace dw::cli
