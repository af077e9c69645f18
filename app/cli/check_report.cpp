#include "cli/check_report.h"

#include "cli/command.h"
#include "util/timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace dw::cli {

namespace {

QString table(const std::vector<TargetStatus>& targets) {
    QStringList rows = {"TARGET", "STATE", "DURATION", "SAMPLES", "LAST ERROR"};
    int width = 6;
    for (const TargetStatus& s : targets)
        width = std::max<int>(width, int(s.spec.id().size()));
    QString out = QStringLiteral("%1  %2  %3  %4  %5\n")
                      .arg(rows[0].leftJustified(width), rows[1].leftJustified(7), rows[2].rightJustified(9),
                           rows[3].rightJustified(8), rows[4]);
    for (const TargetStatus& s : targets) {
        const TargetHealth& h = s.health;
        out += QStringLiteral("%1  %2  %3  %4  %5\n")
                   .arg(QString::fromStdString(s.spec.id()).leftJustified(width),
                        QString(targetStateName(h.state)).leftJustified(7),
                        (QString::number(double(h.lastDurationMs) / 1000.0, 'f', 3) + "s").rightJustified(9),
                        QString::number(h.samples).rightJustified(8), QString::fromStdString(h.lastError));
    }
    return out;
}

QJsonObject report(const std::vector<TargetStatus>& targets, int up) {
    QJsonArray rows;
    for (const TargetStatus& s : targets) {
        const TargetHealth& h = s.health;
        QJsonObject labels;
        for (const Label& label : s.spec.labels)
            labels.insert(QString::fromStdString(label.name), QString::fromStdString(label.value));
        rows.append(QJsonObject{
            {"job", QString::fromStdString(s.spec.job)},
            {"instance", QString::fromStdString(s.spec.instance())},
            {"url", s.spec.url.toString(QUrl::RemoveUserInfo)},
            {"source", s.source.empty() ? QStringLiteral("scraped") : QString::fromStdString(s.source)},
            {"labels", labels},
            {"state", targetStateName(h.state)},
            {"scrapes", qint64(h.scrapes)},
            {"failures", qint64(h.failures)},
            {"samples", qint64(h.samples)},
            {"duration_seconds", double(h.lastDurationMs) / 1000.0},
            {"body_size_bytes", qint64(h.bodySize)},
            {"last_scrape", QString::fromStdString(formatRfc3339(h.lastScrapeMs))},
            {"last_error", QString::fromStdString(h.lastError)},
        });
    }
    return {{"targets", rows},
            {"summary", QJsonObject{{"targets", qint64(targets.size())},
                                    {"up", up},
                                    {"down", qint64(targets.size()) - up}}}};
}

} // namespace

CheckReport makeCheckReport(const std::vector<TargetStatus>& targets, const AssessmentResult& health) {
    CheckReport out;
    const std::int64_t now = health.timeMs;
    int up = 0;
    for (const TargetStatus& t : targets)
        up += t.health.state == TargetHealth::State::Up;
    out.problems = health.problems;
    QJsonObject document = report(targets, up);
    QJsonObject summary = document.value("summary").toObject();
    int firing = 0;
    for (const Alert& a : health.alerts)
        firing += a.state == Alert::State::Firing;
    summary.insert("entities", qint64(health.entities.size()));
    summary.insert("alerts_firing", firing);
    summary.insert("healthy", !health.unhealthy());
    document.insert("summary", summary);
    QJsonArray profiles;
    for (const std::string& p : health.profiles)
        profiles.append(QString::fromStdString(p));
    document.insert("profiles", profiles);
    document.insert("entities", entitiesJson(health, now));
    document.insert("alerts", alertsJson(health));
    out.json = document;
    out.text = table(targets) +
               QStringLiteral("\n%1 targets: %2 up, %3 down\n")
                   .arg(targets.size())
                   .arg(up)
                   .arg(int(targets.size()) - up) +
               healthTable(health, now);
    out.exitCode = up != int(targets.size()) ? kExitSomeDown
                   : health.unhealthy()      ? kExitUnhealthy
                                             : kExitAllUp;
    return out;
}

int printCheckReport(const std::vector<TargetStatus>& targets, const AssessmentResult& health, bool json) {
    const CheckReport report = makeCheckReport(targets, health);
    for (const std::string& problem : report.problems)
        printErr(QString::fromStdString(problem) + "\n");
    printOut(json ? QString::fromUtf8(QJsonDocument(report.json).toJson(QJsonDocument::Indented))
                  : report.text);
    return report.exitCode;
}

} // namespace dw::cli
