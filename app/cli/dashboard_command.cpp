#include "cli/dashboard_command.h"

#include "cli/command.h"
#include "cli/dashboard_export_command.h"
#include "cli/input_source.h"
#include "cli/live_targets.h"
#include "cli/promql_options.h"
#include "cli/server_options.h"
#include "dashboard/dashboard_check.h"
#include "dashboard/dashboard_reader.h"
#include "dashboard/server_source.h"
#include "dashboard/store_source.h"
#include "recording/replay.h"
#include "util/clock.h"
#include "util/duration.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <memory>

namespace dw::cli {

namespace {

// dashboard check's own exit codes: a source that cannot be reached is not a problem of the dashboard.
enum DashboardExit {
    kDashboardOk = 0,
    kDashboardProblems = 1,
    kDashboardUnreachable = 2,
    kDashboardUsage = 3
};

int usageCode(int code) {
    return code == kExitUsage ? kDashboardUsage : code;
}

// How often a replayed recording scraped each target: its span over the scrapes per target.
std::int64_t recordingIntervalMs(const Replay& replay) {
    const std::size_t targets = std::max<std::size_t>(1, replay.targets().size());
    const std::size_t scrapes = replay.scrapeTimes().size();
    if (scrapes <= targets) return 15'000;
    return std::max<std::int64_t>(1000, (replay.endMs() - replay.startMs()) * std::int64_t(targets) /
                                            std::int64_t(scrapes - targets));
}

int runCheckDashboard(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Check a Grafana dashboard (JSON) without Grafana: every panel's type and datasource, every query\n"
        "parsed as Prometheus parses it with the variables at their first value and at \"All\". With a "
        "source\n"
        "the queries are also evaluated over the dashboard's time range, and the panels that show no data\n"
        "and the metric and label names the source lacks (dashboard drift) are listed.\n"
        "Sources: --against URL... (scraped now, --samples times), --recording FILE, --prometheus URL.\n"
        "Exit 0 all panels fine, 1 problems found, 2 the source unreachable, 3 usage error.");
    parser.addHelpOption();
    parser.addOptions({
        {"against", "A /metrics URL to scrape and check against (repeatable).", "URL"},
        {"recording", "A recording to check against (replayed to its end).", "FILE"},
        {"samples", "--against: scrapes per target (default 3, so that rates exist).", "N", "3"},
        {"interval", "--against: time between scrapes (default 1s).", "DURATION", "1s"},
        {"timeout", "Timeout of each scrape or API call (default 10s).", "DURATION", "10s"},
        {"json", "Print the report as one JSON object."},
    });
    addServerOptions(parser, false);
    addPromqlCompatOption(parser);
    parser.addPositionalArgument("FILE", "The dashboard's JSON file, or - for standard input.");
    if (const auto done = parseArguments(parser, arguments)) return usageCode(*done);
    if (parser.positionalArguments().size() != 1) {
        printErr("dashboard check needs exactly one FILE; see --help\n");
        return kDashboardUsage;
    }
    const int sources =
        int(parser.isSet("against")) + int(parser.isSet("recording")) + int(parser.isSet("prometheus"));
    if (sources > 1) {
        printErr("give at most one source: --against URL..., --recording FILE or --prometheus URL\n");
        return kDashboardUsage;
    }
    const auto interval = parseDurationMs(parser.value("interval").toStdString());
    const auto timeout = parseDurationMs(parser.value("timeout").toStdString());
    bool samplesOk = false;
    const int samples = parser.value("samples").toInt(&samplesOk);
    if (!interval || *interval <= 0 || !timeout || *timeout <= 0 || !samplesOk || samples < 1) {
        printErr("invalid --interval, --timeout or --samples: use durations such as 1s and a count of 1 or "
                 "more\n");
        return kDashboardUsage;
    }
    auto generation = promqlGenerationFromOptions(parser);
    if (!generation) return kDashboardUsage;

    const QString path = parser.positionalArguments().front();
    QString readError;
    const auto body = readInput(path, readError);
    if (!body) {
        printErr(readError + "\n");
        return kDashboardProblems;
    }
    std::string error;
    const auto dashboard = dashboard::readDashboard(*body, error);
    const bool json = parser.isSet("json");
    if (!dashboard) {
        const QString message = inputDisplayName(path) + ":" + QString::fromStdString(error);
        if (json) {
            printOut(QString::fromUtf8(QJsonDocument(QJsonObject{{"dashboard", QJsonValue::Null},
                                                                 {"error", message},
                                                                 {"panels", QJsonArray()}})
                                           .toJson(QJsonDocument::Compact)) +
                     "\n");
        }
        printErr(message + "\n");
        return kDashboardProblems;
    }

    SeriesStore::Options storeOptions;
    storeOptions.retentionMs = INT64_MAX / 4;
    SeriesStore store(storeOptions);
    SystemClock clock;
    Replay replay;
    QNetworkAccessManager network;
    std::unique_ptr<dashboard::DashboardSource> source;
    if (parser.isSet("recording")) {
        if (!replay.open(parser.value("recording"), error)) {
            printErr(QString::fromStdString(error) + "\n");
            return kDashboardUnreachable;
        }
        replay.runToEnd();
        printDamage(replay.reader().damageReport());
        source = std::make_unique<dashboard::StoreSource>(
            replay.store(), "recording " + QFileInfo(parser.value("recording")).fileName().toStdString(),
            replay.endMs(), recordingIntervalMs(replay), *generation);
    } else if (parser.isSet("prometheus")) {
        std::vector<PrometheusServerSpec> servers;
        if (!serversFromOptions(parser,
                                std::max<std::int64_t>(*timeout, PrometheusServerSpec::kDefaultTimeoutMs),
                                false, false, servers))
            return kDashboardUsage;
        std::vector<std::string> problems;
        if (!parser.isSet("promql-compat")) generation = serversGeneration(network, servers, problems);
        source = std::make_unique<dashboard::ServerSource>(network, servers.front(), *generation);
    } else if (parser.isSet("against")) {
        LiveTargets targets(store, clock,
                            [timeout = *timeout](TargetSpec& spec) { spec.timeoutMs = timeout; });
        if (!targets.open({}, {}, parser.values("against"), *timeout)) return kDashboardUsage;
        for (int round = 0; round < samples; ++round) {
            if (round > 0) waitFor(*interval);
            targets.scrapeRound();
        }
        bool anyUp = false;
        for (const TargetStatus& status : targets.statuses()) {
            if (status.health.state == TargetHealth::State::Up)
                anyUp = true;
            else
                printErr(QString::fromStdString(status.spec.id() + ": " + status.health.lastError) + "\n");
        }
        if (!anyUp) {
            printErr("no target could be scraped: the dashboard was not checked\n");
            return kDashboardUnreachable;
        }
        source = std::make_unique<dashboard::StoreSource>(store, "the scraped targets", clock.nowMs(),
                                                          *interval, *generation);
    }
    const dashboard::CheckReport report = dashboard::checkDashboard(*dashboard, source.get(), *generation);
    printOut(QString::fromStdString(json ? dashboard::formatCheckJson(report)
                                         : dashboard::formatCheckText(report)));
    if (report.unreachable) {
        if (json) printErr(QString::fromStdString(report.unreachableError) + "\n");
        return kDashboardUnreachable;
    }
    return report.fine() ? kDashboardOk : kDashboardProblems;
}

} // namespace

int runDashboard(const QStringList& arguments) {
    const QString sub = arguments.size() > 1 ? arguments[1] : QString();
    QStringList rest = arguments.mid(2);
    if (sub == "check") {
        rest.prepend("dispatchwatch dashboard check");
        return runCheckDashboard(rest);
    }
    if (sub == "export") {
        rest.prepend("dispatchwatch dashboard export");
        return runDashboardExport(rest);
    }
    const QString usage =
        "Usage: dispatchwatch dashboard check FILE.json [--against URL... | --recording FILE | "
        "--prometheus URL] [--json]\n"
        "       dispatchwatch dashboard export --profile NAME [--out FILE]\n"
        "Run 'dispatchwatch dashboard check --help' for the options.\n";
    if (sub == "--help" || sub == "-h") {
        printOut(usage);
        return kExitOk;
    }
    printErr((sub.isEmpty() ? QString() : "unknown dashboard command \"" + sub + "\"\n") + usage);
    return kDashboardUsage;
}

} // namespace dw::cli
