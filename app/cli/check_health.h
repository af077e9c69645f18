#pragma once

#include "assessment/assessment.h"

#include <QJsonArray>
#include <QString>
#include <QStringList>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace dw::cli {

struct HealthOptions {
    QStringList profileFiles;
    QStringList ruleFiles;
    // Heartbeat thresholds replacing the profiles' (--stale-after 2m, JOB=2m, JOB/INSTANCE=2m).
    std::vector<Assessment::StaleAfter> staleAfter;
    promql::Generation promqlGeneration = promql::kDefaultGeneration; // --promql-compat
};

// The assessment a command's options describe: the built-in profiles, the user's and the --profile files,
// the --rules files (a file that does not load is reported in problems and left out), the thresholds.
struct AssessmentSetup {
    ProfileSet profiles;
    Assessment::Options options;
};
AssessmentSetup assessmentSetup(const HealthOptions& options, std::vector<std::string>& problems);
QString healthTable(const AssessmentResult& findings, std::int64_t nowMs);
QJsonArray entitiesJson(const AssessmentResult& findings, std::int64_t nowMs);
QJsonArray alertsJson(const AssessmentResult& findings);

} // namespace dw::cli
