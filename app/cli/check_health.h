#pragma once

#include "alerts/rule_evaluator.h"
#include "health/health_state.h"
#include "scrape/target_status.h"
#include "store/series_store.h"

#include <QJsonArray>
#include <QString>
#include <QStringList>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace dw::cli {

// What `check` says about health beyond targets being up: the entities of every profile detected in
// what was scraped, and the alerts of those profiles' rules, the built-in rules and extra rule files.
struct HealthFindings {
    std::vector<std::string> profiles; // detected, by name
    std::vector<EntityHealth> entities;
    std::vector<Alert> alerts; // pending and firing
    std::vector<std::string> problems;

    // An entity stale or flapping, reported unhealthy, or an alert firing.
    bool unhealthy() const;
};

struct HealthOptions {
    QStringList profileFiles;
    QStringList ruleFiles;
    // Heartbeat thresholds replacing the profiles': by "" (every target), "JOB" or "JOB/INSTANCE"; the
    // most specific applies.
    std::map<std::string, std::int64_t> staleAfterMs;
};

// ruleAlerts: the rules' alerts as an evaluator that ran all along has them (a replay); without them the
// rules are evaluated once, now, as `check` does.
HealthFindings assessHealth(SeriesStore& store, const std::vector<TargetStatus>& targets,
                            const HealthOptions& options, std::int64_t nowMs,
                            const std::vector<Alert>* ruleAlerts = nullptr);
QString healthTable(const HealthFindings& findings, std::int64_t nowMs);
QJsonArray entitiesJson(const HealthFindings& findings, std::int64_t nowMs);
QJsonArray alertsJson(const HealthFindings& findings);

} // namespace dw::cli
