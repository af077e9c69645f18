#include "cli/check_command.h"

#include "cli/check_health.h"
#include "cli/check_report.h"
#include "cli/command.h"
#include "cli/live_targets.h"
#include "scrape/target_scraper.h"
#include "util/duration.h"

namespace dw::cli {

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
        const QString target = eq < 0 ? QString() : value.left(eq);
        const qsizetype slash = target.indexOf('/');
        healthOptions.staleAfter.push_back({(slash < 0 ? target : target.left(slash)).toStdString(),
                                            slash < 0 ? std::string() : target.mid(slash + 1).toStdString(),
                                            *ms});
    }

    SeriesStore store;
    SystemClock clock;
    LiveTargets targets(store, clock, [timeout = *timeout](TargetSpec& spec) { spec.timeoutMs = timeout; });
    if (!targets.open(parser.isSet("config") ? parser.value("config") : QString(), parser.values("job"),
                      parser.positionalArguments(), *timeout))
        return kExitUsageOrConfig;
    targets.settle(*timeout); // DNS answers, so that discovered targets are in the first round
    if (targets.size() == 0) {
        printErr("nothing to check: give URLs or a --config with targets; see --help\n");
        return kExitUsageOrConfig;
    }
    // Discovery goes on between rounds: a target a file_sd change adds is checked from the next round.
    for (int round = 0; round < samples; ++round) {
        if (round > 0) waitFor(*interval);
        targets.scrapeRound();
    }
    const std::vector<TargetStatus> statuses = targets.statuses();
    std::vector<std::string> problems;
    const auto assessment = makeAssessment(store, healthOptions, problems);
    AssessmentResult health = assessment->evaluate(clock.nowMs(), statuses);
    health.problems.insert(health.problems.begin(), problems.begin(), problems.end());
    return printCheckReport(statuses, health, parser.isSet("json"));
}

} // namespace dw::cli
