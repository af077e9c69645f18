#include "cli/watch_command.h"

#include "cli/alerting_options.h"
#include "cli/check_report.h"
#include "cli/command.h"
#include "cli/demo_target.h"
#include "cli/promql_options.h"
#include "cli/quit_on_signal.h"
#include "cli/server_options.h"
#include "cli/watch_printer.h"
#include "cli/watch_session.h"
#include "util/duration.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

namespace dw::cli {

namespace {

void addWatchOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "Watch targets without the window: scrape them with the same health model and rules, print the\n"
        "state of every target, entity and alert, then one line per change as it happens (an entity's\n"
        "state with its reason, a target going down or up with its error, alerts pending, firing and\n"
        "resolved), until interrupted (Ctrl+C, SIGTERM) or --duration has passed. Firing and resolved\n"
        "alerts go to the Alertmanagers of --alertmanager and of the configuration's alerting section.\n"
        "Colours on a terminal (not when piped, nor with NO_COLOR set); --json prints JSON Lines.\n"
        "Exit codes as check for the last state: 0 all up and healthy, 1 an entity unhealthy or an alert\n"
        "firing (or the recording failed), 2 a target down, 3 a usage or configuration error.");
    parser.addHelpOption();
    parser.addPositionalArgument("URL", "http(s) URLs of /metrics endpoints to watch.", "[URL...]");
    parser.addOptions({
        {"config", "Watch the targets of a Prometheus configuration file.", "prometheus.yml"},
        {"job", "Only the targets of this job of --config (repeatable).", "NAME"},
        {"demo", "Watch the embedded demo exporter."},
        {"scenario", "The demo's scenario (default compozy).", "NAME", "compozy"},
        {"speed", "The demo's speed (default 1).", "X", "1"},
        {"interval", "Scrape interval of URL and demo targets (default 15s; the demo 5s).", "DURATION"},
        {"timeout", "Timeout of each scrape (default 10s).", "DURATION", "10s"},
        {"refresh",
         "How often health and rules are evaluated (default 1s; the demo's time at --speed, at most every "
         "50 ms).",
         "DURATION", "1s"},
        {"duration", "Stop after this long (default: until interrupted).", "DURATION"},
        {"profile", "An extra monitoring profile file (repeatable).", "FILE"},
        {"rules", "A Prometheus rule file to evaluate too (repeatable).", "FILE"},
        {"json", "Print JSON Lines: one object per state or change."},
        {"record", "Record every scrape into this new recording file as well.", "FILE"},
    });
    addAlertingOptions(parser);
    addServerOptions(parser);
    addPromqlCompatOption(parser);
}

std::optional<std::int64_t> durationOption(const QCommandLineParser& parser, const char* name) {
    const auto ms = parseDurationMs(parser.value(name).toStdString());
    if (!ms || *ms <= 0) {
        printErr(QStringLiteral("invalid --%1: use a duration such as 5s or 1m\n").arg(name));
        return std::nullopt;
    }
    return ms;
}

} // namespace

int runWatch(const QStringList& arguments) {
    QCommandLineParser parser;
    addWatchOptions(parser);
    if (const auto done = parseArguments(parser, arguments))
        return *done == kExitUsage ? kExitUsageOrConfig : *done;
    WatchSession::Settings settings;
    const auto timeout = durationOption(parser, "timeout");
    const auto refresh = durationOption(parser, "refresh");
    if (!timeout || !refresh) return kExitUsageOrConfig;
    settings.timeoutMs = *timeout;
    settings.refreshMs = *refresh;
    if (parser.isSet("interval")) {
        const auto interval = durationOption(parser, "interval");
        if (!interval) return kExitUsageOrConfig;
        settings.intervalMs = *interval;
    }
    std::optional<std::int64_t> duration;
    if (parser.isSet("duration") && !(duration = durationOption(parser, "duration")))
        return kExitUsageOrConfig;
    if (parser.isSet("demo")) {
        const auto speed = demoSpeed(parser.value("speed"));
        if (!speed) return kExitUsageOrConfig;
        settings.demoScenario = parser.value("scenario");
        settings.demoSpeed = *speed;
    }
    settings.configPath = parser.value("config");
    settings.jobs = parser.values("job");
    settings.urls = parser.positionalArguments();
    settings.recordPath = parser.value("record");
    settings.health.profileFiles = parser.values("profile");
    settings.health.ruleFiles = parser.values("rules");
    if (!serversFromOptions(parser, std::max<std::int64_t>(*timeout, PrometheusServerSpec::kDefaultTimeoutMs),
                            true, true, settings.servers))
        return kExitUsageOrConfig;
    if (parser.isSet("match") && !parser.isSet("prometheus")) {
        printErr("--match limits what a Prometheus server shows: give --prometheus URL\n");
        return kExitUsageOrConfig;
    }
    const auto generation = promqlGenerationFromOptions(parser);
    if (!generation) return kExitUsageOrConfig;
    settings.health.promqlGeneration = *generation;
    if (!alertingFromOptions(parser, settings.configPath, settings.servers, settings.alerting))
        return kExitUsageOrConfig;

    const WatchPrinter printer(parser.isSet("json") ? WatchPrinter::Format::Json : WatchPrinter::Format::Text,
                               !parser.isSet("json") && WatchPrinter::colourWanted());
    WatchSession session(std::move(settings), printer);
    if (const int code = session.start(); code != kExitAllUp) return code;
    quitOnSignals();
    if (duration)
        QTimer::singleShot(int(*duration), QCoreApplication::instance(), [] { QCoreApplication::exit(0); });
    QCoreApplication::exec();
    return session.finish();
}

} // namespace dw::cli
