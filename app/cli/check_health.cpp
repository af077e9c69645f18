#include "cli/check_health.h"

#include "alerts/rule_file.h"
#include "promql/label_set.h"
#include "util/duration.h"
#include "util/timestamp.h"

#include <QJsonObject>
#include <cmath>

namespace dw::cli {

namespace {

QString seconds(std::optional<double> s) {
    if (!s) return "-";
    return QString::fromStdString(formatDurationMs(std::int64_t(std::llround(*s)) * 1000));
}

QString reportedText(const EntityHealth& h) {
    if (!h.reported.healthy) return "-";
    QString text = *h.reported.healthy ? "healthy" : "unhealthy";
    if (h.reported.consecutiveFailures && *h.reported.consecutiveFailures > 0)
        text += QStringLiteral(" (%1 failures)").arg(std::llround(*h.reported.consecutiveFailures));
    return text;
}

} // namespace

AssessmentSetup assessmentSetup(const HealthOptions& options, std::vector<std::string>& problems) {
    std::vector<std::string> files;
    for (const QString& file : options.profileFiles)
        files.push_back(file.toStdString());
    Assessment::Options assessment;
    assessment.staleAfter = options.staleAfter;
    assessment.promqlGeneration = options.promqlGeneration;
    for (const QString& path : options.ruleFiles) {
        std::string error;
        if (auto parsed = loadRuleFile(path.toStdString(), error, 60000, options.promqlGeneration))
            for (RuleGroup& g : *parsed)
                assessment.extraRuleGroups.push_back(std::move(g));
        else
            problems.push_back("rules rejected: " + error);
    }
    ProfileSet profiles = ProfileSet::load({ProfileSet::userDirectory()}, files);
    problems.insert(problems.end(), profiles.problems().begin(), profiles.problems().end());
    return {std::move(profiles), std::move(assessment)};
}

QString healthTable(const AssessmentResult& f, std::int64_t nowMs) {
    if (f.entities.empty() && f.alerts.empty()) return {};
    QString out;
    if (!f.entities.empty()) {
        int width = 6;
        for (const EntityHealth& h : f.entities)
            width = std::max(width, int(h.id.size()));
        out += QStringLiteral("\n%1  %2  %3  %4  %5  %6  %7  %8\n")
                   .arg(QString("ENTITY").leftJustified(width), QString("STATE").leftJustified(8),
                        QString("UPTIME").rightJustified(8), QString("HEARTBEAT").rightJustified(9),
                        QString("RATE").rightJustified(7), QString("RESTARTS").rightJustified(8),
                        QString("REPORTED").leftJustified(12), "REASON");
        for (const EntityHealth& h : f.entities) {
            const QString heartbeat =
                h.lastHeartbeatMs ? seconds(double(nowMs - *h.lastHeartbeatMs) / 1000) + " ago" : "-";
            QString reason = QString::fromStdString(describe(h.reason));
            if (h.disagreement) reason += "; " + QString::fromStdString(describe(*h.disagreement));
            out += QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8\n")
                       .arg(QString::fromStdString(h.id).leftJustified(width),
                            QString::fromUtf8(healthStateName(h.state).data()).leftJustified(8),
                            seconds(h.uptimeSeconds).rightJustified(8), heartbeat.rightJustified(9),
                            (h.heartbeatRate ? QString::number(*h.heartbeatRate, 'f', 3) : QString("-"))
                                .rightJustified(7),
                            QString::number(h.recentRestarts).rightJustified(8),
                            reportedText(h).leftJustified(12), reason);
        }
        // The rate is over what was watched, which for a check is seconds, not rate()'s five minutes.
        double span = 0;
        for (const EntityHealth& h : f.entities)
            span = std::max(span, h.heartbeatRateSpanSeconds);
        if (span > 0)
            out += QStringLiteral("RATE: heartbeats per second over the %1 watched (at most 5m).\n")
                       .arg(seconds(span));
    }
    for (const Alert& a : f.alerts) {
        QString summary;
        for (const auto& [k, v] : a.annotations)
            if (k == "summary") summary = QString::fromStdString(v);
        const QString name = QString::fromStdString(a.rule) +
                             (a.source.empty() ? QString() : " [" + QString::fromStdString(a.source) + "]");
        out +=
            QStringLiteral("%1 %2: %3\n")
                .arg(a.state == Alert::State::Firing ? "FIRING " : "pending", name,
                     summary.isEmpty() ? QString::fromStdString(promql::labelsToString(a.labels)) : summary);
    }
    return out;
}

QJsonArray entitiesJson(const AssessmentResult& f, std::int64_t nowMs) {
    QJsonArray out;
    for (const EntityHealth& h : f.entities) {
        QJsonObject o{
            {"profile", QString::fromStdString(h.profile)},
            {"kind", QString::fromStdString(h.kind)},
            {"id", QString::fromStdString(h.id)},
            {"job", QString::fromStdString(h.job)},
            {"instance", QString::fromStdString(h.instance)},
            {"state", QString::fromUtf8(healthStateName(h.state).data())},
            {"reason", QString::fromStdString(describe(h.reason))},
            {"since", QString::fromStdString(formatRfc3339(h.sinceMs))},
            {"restarts_recent", h.recentRestarts},
            {"starts", h.starts},
            {"stops", h.stops},
            {"restarts", h.restarts},
            {"disagreement", QString::fromStdString(h.disagreement ? describe(*h.disagreement) : "")}};
        if (h.uptimeSeconds) o.insert("uptime_seconds", *h.uptimeSeconds);
        if (h.lastHeartbeatMs) {
            o.insert("last_heartbeat", QString::fromStdString(formatRfc3339(*h.lastHeartbeatMs)));
            o.insert("last_heartbeat_age_seconds", double(nowMs - *h.lastHeartbeatMs) / 1000);
        }
        if (h.heartbeatRate) {
            o.insert("heartbeat_rate", *h.heartbeatRate);
            o.insert("heartbeat_rate_span_seconds", h.heartbeatRateSpanSeconds);
        }
        QJsonObject reported;
        if (h.reported.healthy) reported.insert("healthy", *h.reported.healthy);
        if (h.reported.stale) reported.insert("stale", *h.reported.stale);
        if (h.reported.heartbeatAgeSeconds)
            reported.insert("heartbeat_age_seconds", *h.reported.heartbeatAgeSeconds);
        if (h.reported.consecutiveFailures)
            reported.insert("consecutive_failures", *h.reported.consecutiveFailures);
        o.insert("reported", reported);
        out.append(o);
    }
    return out;
}

QJsonArray alertsJson(const AssessmentResult& f) {
    QJsonArray out;
    for (const Alert& a : f.alerts) {
        QJsonObject labels, annotations;
        for (const Label& l : a.labels)
            labels.insert(QString::fromStdString(l.name), QString::fromStdString(l.value));
        for (const auto& [k, v] : a.annotations)
            annotations.insert(QString::fromStdString(k), QString::fromStdString(v));
        out.append(QJsonObject{
            {"name", QString::fromStdString(a.rule)},
            {"state", QString::fromUtf8(alertStateName(a.state).data())},
            {"labels", labels},
            {"annotations", annotations},
            {"value", a.value},
            {"active_since", QString::fromStdString(formatRfc3339(a.activeAtMs))},
            {"source", a.source.empty() ? QStringLiteral("rules") : QString::fromStdString(a.source)}});
    }
    return out;
}

} // namespace dw::cli
