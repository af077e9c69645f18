#include "cli/check_command.h"

#include "cli/check_health.h"
#include "cli/command.h"
#include "cli/live_targets.h"
#include "scrape/target_scraper.h"
#include "util/duration.h"
#include "util/timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace dw::cli {

namespace {

constexpr int kExitAllUp = 0;
constexpr int kExitUnhealthy = 1;
constexpr int kExitSomeDown = 2;
constexpr int kExitUsageOrConfig = 3;

QString table(const std::vector<std::unique_ptr<TargetScraper>>& scrapers) {
    QStringList rows = {"TARGET", "STATE", "DURATION", "SAMPLES", "LAST ERROR"};
    int width = 6;
    for (const auto& s : scrapers)
        width = std::max<int>(width, int(s->spec().id().size()));
    QString out = QStringLiteral("%1  %2  %3  %4  %5\n")
                      .arg(rows[0].leftJustified(width), rows[1].leftJustified(7), rows[2].rightJustified(9),
                           rows[3].rightJustified(8), rows[4]);
    for (const auto& s : scrapers) {
        const TargetHealth h = s->health();
        out += QStringLiteral("%1  %2  %3  %4  %5\n")
                   .arg(QString::fromStdString(s->spec().id()).leftJustified(width),
                        QString(targetStateName(h.state)).leftJustified(7),
                        (QString::number(double(h.lastDurationMs) / 1000.0, 'f', 3) + "s").rightJustified(9),
                        QString::number(h.samples).rightJustified(8), QString::fromStdString(h.lastError));
    }
    return out;
}

QJsonObject report(const std::vector<std::unique_ptr<TargetScraper>>& scrapers, int up) {
    QJsonArray targets;
    for (const auto& s : scrapers) {
        const TargetHealth h = s->health();
        QJsonObject labels;
        for (const Label& label : s->spec().labels)
            labels.insert(QString::fromStdString(label.name), QString::fromStdString(label.value));
        targets.append(QJsonObject{
            {"job", QString::fromStdString(s->spec().job)},
            {"instance", QString::fromStdString(s->spec().instance())},
            {"url", s->spec().url.toString(QUrl::RemoveUserInfo)},
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
    return {{"targets", targets},
            {"summary", QJsonObject{{"targets", qint64(scrapers.size())},
                                    {"up", up},
                                    {"down", qint64(scrapers.size()) - up}}}};
}

} // namespace

int runCheck(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Scrape every target N times and report each one's state, scrape duration, sample count and last "
        "error,\n"
        "then the entities of every detected profile (Compozy dispatchers, pupsourcing workers, Daisi\n"
        "consumers) with their health, and the alerts of the profiles' rules.\n"
        "Targets come from a Prometheus configuration file (static and file-based discovery) and URLs.\n"
        "Exit 0 when every target is up, every entity healthy and no alert firing; 1 when an entity is\n"
        "stale, flapping or reported unhealthy, or an alert fires; 2 when some target is down; 3 on a\n"
        "usage or configuration error. --json: see docs/check.md.");
    parser.addHelpOption();
    parser.addOption({"config", "A Prometheus configuration file.", "prometheus.yml"});
    parser.addOption({"job", "Only the targets of this job (repeatable).", "NAME"});
    parser.addOption({"samples", "Scrapes per target (default 2, so that rates exist).", "N", "2"});
    parser.addOption({"interval", "Time between scrapes (default 5s).", "DURATION", "5s"});
    parser.addOption({"timeout", "Timeout of each scrape (default 10s).", "DURATION", "10s"});
    parser.addOption({"profile", "An extra monitoring profile file (repeatable).", "FILE"});
    parser.addOption({"rules", "A Prometheus rule file to evaluate too (repeatable).", "FILE"});
    parser.addOption({"stale-after",
                      "A heartbeat threshold instead of the profiles': D for every target, JOB=D for a job, "
                      "JOB/INSTANCE=D for one target (repeatable).",
                      "[TARGET=]DURATION"});
    parser.addOption({"json", "Print the report as JSON on stdout."});
    parser.addPositionalArgument("URL", "http(s) URLs of /metrics endpoints to check.", "[URL...]");
    if (const auto done = parseArguments(parser, arguments))
        return *done == kExitUsage ? kExitUsageOrConfig : *done;

    bool ok = false;
    const int samples = parser.value("samples").toInt(&ok);
    if (!ok || samples < 1 || samples > 1000) {
        printErr("invalid --samples: use a whole number from 1 to 1000\n");
        return kExitUsageOrConfig;
    }
    const auto interval = parseDurationMs(parser.value("interval").toStdString());
    const auto timeout = parseDurationMs(parser.value("timeout").toStdString());
    if (!interval || !timeout || *timeout <= 0) {
        printErr("invalid --interval or --timeout: use durations such as 5s or 1m\n");
        return kExitUsageOrConfig;
    }

    HealthOptions healthOptions{parser.values("profile"), parser.values("rules"), {}};
    for (const QString& value : parser.values("stale-after")) {
        // "2m" for every target, "JOB=2m" for a job, "JOB/INSTANCE=2m" for one target.
        const qsizetype eq = value.lastIndexOf('=');
        const auto ms = parseDurationMs(value.mid(eq + 1).toStdString());
        if (!ms || *ms <= 0) {
            printErr("invalid --stale-after \"" + value + "\": use 2m, JOB=2m or JOB/INSTANCE=2m\n");
            return kExitUsageOrConfig;
        }
        healthOptions.staleAfterMs[eq < 0 ? std::string() : value.left(eq).toStdString()] = *ms;
    }

    const auto found = targetsFromArguments(parser.isSet("config") ? parser.value("config") : QString(),
                                            parser.values("job"), parser.positionalArguments(), *timeout);
    if (!found) return kExitUsageOrConfig;
    std::vector<TargetSpec> targets = *found;
    if (targets.empty()) {
        printErr("nothing to check: give URLs or a --config with targets; see --help\n");
        return kExitUsageOrConfig;
    }

    SeriesStore store;
    SystemClock clock;
    QNetworkAccessManager network;
    std::vector<std::unique_ptr<TargetScraper>> scrapers;
    for (TargetSpec& spec : targets) {
        spec.timeoutMs = *timeout;
        scrapers.push_back(std::make_unique<TargetScraper>(std::move(spec), store, network, clock));
    }
    for (int round = 0; round < samples; ++round) {
        if (round > 0) waitFor(*interval);
        scrapeRound(scrapers);
    }

    int up = 0;
    for (const auto& scraper : scrapers)
        up += scraper->health().state == TargetHealth::State::Up;
    const std::int64_t now = clock.nowMs();
    const HealthFindings health = assessHealth(store, scrapers, healthOptions, now);
    for (const std::string& problem : health.problems)
        printErr(QString::fromStdString(problem) + "\n");
    if (parser.isSet("json")) {
        QJsonObject document = report(scrapers, up);
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
        printOut(QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented)));
    } else {
        printOut(table(scrapers) +
                 QStringLiteral("\n%1 targets: %2 up, %3 down\n")
                     .arg(scrapers.size())
                     .arg(up)
                     .arg(int(scrapers.size()) - up) +
                 healthTable(health, now));
    }
    if (up != int(scrapers.size())) return kExitSomeDown;
    return health.unhealthy() ? kExitUnhealthy : kExitAllUp;
}

} // namespace dw::cli
