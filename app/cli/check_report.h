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
CheckReport makeCheckReport(SeriesStore& store, const std::vector<TargetStatus>& targets,
                            const HealthOptions& options, std::int64_t now,
                            const std::vector<Alert>* ruleAlerts = nullptr);

// Prints what `check` reports about targets, entities and alerts at a time (a table, or JSON) and
// returns check's exit code: 0 all up and healthy, 1 an entity unhealthy or an alert firing, 2 a
// target down. `check` and `replay` both report this way.
int printCheckReport(SeriesStore& store, const std::vector<TargetStatus>& targets,
                     const HealthOptions& options, std::int64_t now, bool json);

} // namespace dw::cli
