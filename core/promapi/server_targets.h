#pragma once

#include "alerts/rule_evaluator.h"
#include "model/labels.h"

#include <QJsonValue>
#include <cstdint>
#include <string>
#include <vector>

namespace dw::api {

// A target as the server's /api/v1/targets describes it (active targets only). A value type.
struct ServerTarget {
    Labels labels; // after relabelling: job, instance and the rest
    std::string scrapeUrl;
    std::string health; // "up", "down", "unknown"
    std::string lastError;
    std::int64_t lastScrapeMs = 0;
    std::int64_t lastDurationMs = 0;
    std::int64_t intervalMs = 0;
    std::int64_t timeoutMs = 0;
};

// Reads the data of /api/v1/targets; entries it cannot read are skipped. Pure.
std::vector<ServerTarget> serverTargets(const QJsonValue& data);

// Reads the data of /api/v1/alerts: pending and firing alerts, their rule named by alertname, marked with
// source. Pure.
std::vector<Alert> serverAlerts(const QJsonValue& data, const std::string& source);

} // namespace dw::api
