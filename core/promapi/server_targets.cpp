#include "promapi/server_targets.h"

#include "promapi/api_decode.h"
#include "util/duration.h"
#include "util/timestamp.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>

namespace dw::api {

std::vector<ServerTarget> serverTargets(const QJsonValue& data) {
    std::vector<ServerTarget> out;
    for (const QJsonValue entry : data.toObject().value("activeTargets").toArray()) {
        const QJsonObject object = entry.toObject();
        ServerTarget target;
        target.labels = labels(object.value("labels"));
        if (labelValue(target.labels, "job").empty() && labelValue(target.labels, "instance").empty())
            continue;
        target.scrapeUrl = object.value("scrapeUrl").toString().toStdString();
        target.health = object.value("health").toString().toStdString();
        target.lastError = object.value("lastError").toString().toStdString();
        if (const auto t = parseTimestampArgument(object.value("lastScrape").toString().toStdString());
            t && *t > 0)
            target.lastScrapeMs = *t;
        target.lastDurationMs = std::llround(object.value("lastScrapeDuration").toDouble() * 1000.0);
        target.intervalMs =
            parseDurationMs(object.value("scrapeInterval").toString().toStdString()).value_or(0);
        target.timeoutMs =
            parseDurationMs(object.value("scrapeTimeout").toString().toStdString()).value_or(0);
        out.push_back(std::move(target));
    }
    return out;
}

std::vector<Alert> serverAlerts(const QJsonValue& data, const std::string& source) {
    std::vector<Alert> out;
    for (const QJsonValue entry : data.toObject().value("alerts").toArray()) {
        const QJsonObject object = entry.toObject();
        Alert alert;
        alert.source = source;
        alert.labels = labels(object.value("labels"));
        alert.rule = std::string(labelValue(alert.labels, "alertname"));
        const QJsonObject annotations = object.value("annotations").toObject();
        for (auto it = annotations.begin(); it != annotations.end(); ++it)
            alert.annotations.emplace_back(it.key().toStdString(), it.value().toString().toStdString());
        const QString state = object.value("state").toString();
        if (state != "firing" && state != "pending") continue;
        alert.state = state == "firing" ? Alert::State::Firing : Alert::State::Pending;
        alert.value = sampleValue(object.value("value")).value_or(0);
        alert.activeAtMs =
            parseTimestampArgument(object.value("activeAt").toString().toStdString()).value_or(0);
        out.push_back(std::move(alert));
    }
    return out;
}

} // namespace dw::api
