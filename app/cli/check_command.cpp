#include "cli/check_command.h"

#include "cli/check_health.h"
#include "cli/check_report.h"
#include "cli/command.h"
#include "cli/live_targets.h"
#include "cli/promql_options.h"
#include "cli/server_options.h"
#include "promapi/prometheus_source.h"
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
        "Targets come from a Prometheus configuration file (static and file-based discovery) and URLs,\n"
        "or from Prometheus servers (--prometheus URL, or remote_read entries of the configuration): then\n"
        "the targets are those the server scrapes, judged from the samples it holds, now or --at a past "
        "time.\n"
        "Exit 0 when every target is up, every entity healthy and no alert firing; 1 when an entity is\n"
        "stale, flapping or reported unhealthy, or an alert fires; 2 when some target is down; 3 on a\n"
        "usage or configuration error. --json: see docs/check.md and docs/prometheus-source.md.");
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
    addServerOptions(parser);
    addPromqlCompatOption(parser);
    parser.addOption({"at",
                      "With a Prometheus server: judge the fleet as it was at this time (RFC 3339, Unix "
                      "seconds, now-1h).",
                      "T"});
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

    std::vector<PrometheusServerSpec> servers;
    if (!serversFromOptions(parser, std::max<std::int64_t>(*timeout, PrometheusServerSpec::kDefaultTimeoutMs),
                            true, true, servers))
        return kExitUsageOrConfig;
    SystemClock clock;
    std::optional<std::int64_t> at;
    if (parser.isSet("at")) {
        at = parseTime(parser.value("at"), clock.nowMs());
        if (!at) {
            printErr("invalid --at: use RFC 3339, Unix seconds, now or now-5m\n");
            return kExitUsageOrConfig;
        }
        if (servers.empty()) {
            printErr("--at judges a past time from what a Prometheus server holds: give --prometheus URL\n");
            return kExitUsageOrConfig;
        }
    }
    if (parser.isSet("match") && !parser.isSet("prometheus")) {
        printErr("--match limits what a Prometheus server shows: give --prometheus URL\n");
        return kExitUsageOrConfig;
    }

    SeriesStore::Options storeOptions;
    storeOptions.retentionMs = INT64_MAX / 4; // --at may reach far back
    SeriesStore store(storeOptions);
    LiveTargets targets(store, clock, [timeout = *timeout](TargetSpec& spec) { spec.timeoutMs = timeout; });
    if (!targets.open(parser.isSet("config") ? parser.value("config") : QString(), parser.values("job"),
                      parser.positionalArguments(), *timeout))
        return kExitUsageOrConfig;
    if (targets.size() > 0 && at) {
        printErr("--at cannot judge targets scraped now: leave out URLs and scrape_configs\n");
        return kExitUsageOrConfig;
    }
    targets.settle(*timeout); // DNS answers, so that discovered targets are in the first round
    if (targets.size() == 0 && servers.empty()) {
        printErr("nothing to check: give URLs, a --config with targets, or --prometheus URL; see --help\n");
        return kExitUsageOrConfig;
    }
    // Discovery goes on between rounds: a target a file_sd change adds is checked from the next round.
    for (int round = 0; targets.size() > 0 && round < samples; ++round) {
        if (round > 0) waitFor(*interval);
        targets.scrapeRound();
    }
    std::vector<TargetStatus> statuses = targets.statuses();
    std::vector<std::string> problems;
    QNetworkAccessManager network;
    // Judge a server's samples with its own PromQL generation unless --promql-compat says otherwise.
    const auto compat = promqlGenerationFromOptions(parser, serversGeneration(network, servers, problems));
    if (!compat) return kExitUsageOrConfig;
    healthOptions.promqlGeneration = *compat;
    AssessmentSetup setup = assessmentSetup(healthOptions, problems);
    const std::int64_t judgedAt = at.value_or(clock.nowMs());
    std::vector<Alert> serverAlerts; // listed after DispatchWatch's own, marked as the server's
    for (const PrometheusServerSpec& server : servers) {
        PrometheusSource::Options sourceOptions;
        sourceOptions.windowMs = setup.options.model.windowMs + setup.options.model.lookbackMs;
        PrometheusSource source(store, server, Assessment::metricsRead(setup.profiles, setup.options),
                                sourceOptions);
        const PrometheusSource::Refresh refresh = source.refreshAndWait(network, judgedAt, !at);
        for (const std::string& warning : refresh.warnings)
            problems.push_back("partial data from Prometheus at " + server.displayUrl() + ": " + warning);
        for (TargetStatus& status : source.targets())
            statuses.push_back(std::move(status));
        serverAlerts.insert(serverAlerts.end(), source.alerts().begin(), source.alerts().end());
    }
    Assessment assessment(store, std::move(setup.profiles), std::move(setup.options));
    AssessmentResult health = assessment.evaluate(judgedAt, statuses);
    health.problems.insert(health.problems.begin(), problems.begin(), problems.end());
    health.alerts.insert(health.alerts.end(), serverAlerts.begin(), serverAlerts.end());
    return printCheckReport(statuses, health, parser.isSet("json"));
}

} // namespace dw::cli
