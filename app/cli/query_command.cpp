#include "cli/query_command.h"

#include "cli/command.h"
#include "cli/input_source.h"
#include "cli/live_targets.h"
#include "cli/promql_options.h"
#include "cli/server_options.h"
#include "promapi/api_call.h"
#include "promapi/api_decode.h"
#include "promql/engine.h"
#include "promql/parser.h"
#include "promql/result_format.h"
#include "recording/replay.h"
#include "store/timestamped_loader.h"
#include "util/clock.h"
#include "util/duration.h"
#include "util/timestamp.h"

#include <QCommandLineParser>

namespace dw::cli {

namespace {

int report(bool json, const char* errorType, const std::string& message) {
    if (json) printOut(QString::fromStdString(promql::formatApiError(errorType, message)) + "\n");
    printErr(QString::fromStdString(message) + "\n");
    return kExitFailed;
}

// The query sent to a Prometheus server, its answer printed as a local one would be.
int queryServer(const QCommandLineParser& parser, const QString& expression, bool isRange,
                std::int64_t timeoutMs) {
    std::vector<PrometheusServerSpec> servers;
    if (!serversFromOptions(parser,
                            std::max<std::int64_t>(timeoutMs, PrometheusServerSpec::kDefaultTimeoutMs), false,
                            true, servers))
        return kExitUsage;
    const bool json = parser.isSet("json");
    const std::int64_t now = SystemClock().nowMs();
    QUrlQuery form;
    form.addQueryItem("query", expression);
    if (isRange) {
        const auto start = parseTime(parser.value("start"), now), end = parseTime(parser.value("end"), now);
        std::int64_t step = std::max<std::int64_t>(1000, (*end - *start) / 250);
        if (parser.isSet("step")) step = *parseDurationMs(parser.value("step").toStdString());
        form.addQueryItem("start", QString::fromStdString(promql::formatApiTimestamp(*start)));
        form.addQueryItem("end", QString::fromStdString(promql::formatApiTimestamp(*end)));
        form.addQueryItem("step", QString::number(double(step) / 1000.0, 'g', 17));
    } else if (parser.isSet("time")) {
        form.addQueryItem("time", QString::fromStdString(
                                      promql::formatApiTimestamp(*parseTime(parser.value("time"), now))));
    }
    QNetworkAccessManager network;
    const ApiResponse response =
        api::callAndWait(network, servers.front(), isRange ? "/api/v1/query_range" : "/api/v1/query", form);
    for (const std::string& warning : response.warnings)
        printErr("warning: " + QString::fromStdString(warning) + "\n");
    if (!response.ok)
        return report(json, response.errorType.empty() ? "unavailable" : response.errorType.c_str(),
                      response.error);
    std::string error;
    auto result = api::queryResult(response.data, error);
    if (!result)
        return report(json, "execution", "Prometheus at " + servers.front().displayUrl() + ": " + error);
    result->warnings = response.warnings;
    printOut(QString::fromStdString(json ? promql::formatApiJson(*result) + "\n"
                                         : promql::formatResultText(*result)));
    return kExitOk;
}

} // namespace

int runQuery(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Evaluate a PromQL expression, as an instant query (--time) or a range query (--start, --end, "
        "--step),\n"
        "over samples from a file or from live targets, or by a Prometheus server (--prometheus URL).\n"
        "--data reads OpenMetrics text with a timestamp on every sample (what `promtool tsdb\n"
        "create-blocks-from openmetrics` reads); without --time the query runs at the file's last sample.\n"
        "With URLs or --config the targets are scraped first, every --interval, for as long as the\n"
        "query's longest range reaches back (--scrape-for overrides), and the query runs at the end.\n"
        "Times: RFC 3339, Unix seconds, now, now-5m. Exit 0 on success, 1 on errors, 2 on usage errors.\n"
        "--json prints exactly the body of Prometheus's /api/v1/query or /api/v1/query_range.");
    parser.addHelpOption();
    parser.addOptions({
        {"time", "Evaluation time of an instant query.", "T"},
        {"start", "Start of a range query.", "T"},
        {"end", "End of a range query.", "T"},
        {"step", "Step of a range query (default: the range / 250, at least 1s).", "DURATION"},
        {"data", "OpenMetrics text with timestamps to query.", "FILE"},
        {"recording", "A recording to query (replayed as live scraping stored it).", "FILE"},
        {"config", "A Prometheus configuration file whose targets to scrape.", "prometheus.yml"},
        {"job", "With --config: only the targets of this job (repeatable).", "NAME"},
        {"interval", "Live targets: time between scrapes (default 5s).", "DURATION", "5s"},
        {"scrape-for", "Live targets: how long to scrape before evaluating.", "DURATION"},
        {"timeout", "Live targets: timeout of each scrape (default 10s).", "DURATION", "10s"},
        {"lookback-delta", "How far back an instant selector looks for a sample (default 5m).", "DURATION",
         "5m"},
        {"json", "Print the result as Prometheus's API JSON."},
    });
    addServerOptions(parser, false);
    addPromqlCompatOption(parser);
    parser.addPositionalArgument("EXPR", "The PromQL expression.");
    parser.addPositionalArgument("URL", "http(s) URLs of /metrics endpoints to scrape.", "[URL...]");
    if (const auto done = parseArguments(parser, arguments)) return *done;
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        printErr("query needs an EXPR; see --help\n");
        return kExitUsage;
    }
    const QString expression = positional.takeFirst();
    const bool json = parser.isSet("json");
    const bool isRange = parser.isSet("start") || parser.isSet("end") || parser.isSet("step");
    if (isRange && (!parser.isSet("start") || !parser.isSet("end") || parser.isSet("time"))) {
        printErr("a range query needs both --start and --end (and not --time); see --help\n");
        return kExitUsage;
    }
    const bool live = !positional.isEmpty() || parser.isSet("config");
    if (int(live) + int(parser.isSet("data")) + int(parser.isSet("recording")) +
            int(parser.isSet("prometheus")) !=
        1) {
        printErr(
            "give the samples as one of --data FILE, --recording FILE, live targets (URLs or --config) or "
            "--prometheus URL; see --help\n");
        return kExitUsage;
    }
    const auto lookback = parseDurationMs(parser.value("lookback-delta").toStdString());
    const auto interval = parseDurationMs(parser.value("interval").toStdString());
    const auto timeout = parseDurationMs(parser.value("timeout").toStdString());
    if (!lookback || *lookback <= 0 || !interval || *interval <= 0 || !timeout || *timeout <= 0) {
        printErr("invalid --lookback-delta, --interval or --timeout: use durations such as 5s or 5m\n");
        return kExitUsage;
    }

    // Times are checked before any samples are read; "now" is resolved when the query runs.
    for (const char* option : {"time", "start", "end"})
        if (parser.isSet(option) && !parseTime(parser.value(option), 0)) {
            printErr(QStringLiteral("invalid --%1: use RFC 3339, Unix seconds, now or now-5m\n").arg(option));
            return kExitUsage;
        }
    if (parser.isSet("step") && !parseDurationMs(parser.value("step").toStdString())) {
        printErr("invalid --step: use a duration such as 15s\n");
        return kExitUsage;
    }

    if (parser.isSet("prometheus")) return queryServer(parser, expression, isRange, *timeout);

    promql::SyntaxError syntax;
    const std::string text = expression.toStdString();
    const auto generation = promqlGenerationFromOptions(parser);
    if (!generation) return kExitUsage;
    const promql::NodePtr expr = promql::parseQuery(text, syntax, *generation);
    if (!expr) return report(json, "bad_data", syntax.describe());

    SeriesStore::Options storeOptions;
    storeOptions.retentionMs = INT64_MAX / 4; // a query never drops what it was given
    SeriesStore store(storeOptions);
    const SeriesStore* data = &store; // or the replayed recording's
    SystemClock clock;
    std::int64_t defaultTime = 0; // each source below says which time a query without --time is at
    Replay replay;
    if (parser.isSet("recording")) {
        std::string error;
        if (!replay.open(parser.value("recording"), error)) {
            printErr(QString::fromStdString(error) + "\n");
            return kExitFailed;
        }
        replay.runToEnd();
        printDamage(replay.reader().damageReport());
        data = &replay.store();
        defaultTime = replay.endMs();
    } else if (!live) {
        QString readError;
        const auto body = readInput(parser.value("data"), readError);
        if (!body) {
            printErr(readError + "\n");
            return kExitFailed;
        }
        const TimestampedLoad load =
            loadTimestampedOpenMetrics({body->constData(), std::size_t(body->size())}, store);
        if (!load.ok)
            return report(json, "bad_data",
                          load.error.format(inputDisplayName(parser.value("data")).toStdString()));
        defaultTime = load.maxTimeMs;
    } else {
        LiveTargets targets(store, clock,
                            [timeout = *timeout](TargetSpec& spec) { spec.timeoutMs = timeout; });
        if (!targets.open(parser.isSet("config") ? parser.value("config") : QString(), parser.values("job"),
                          positional, *timeout))
            return kExitUsage;
        targets.settle(*timeout);
        if (targets.size() == 0) {
            printErr("no targets to scrape\n");
            return kExitUsage;
        }
        std::int64_t span = promql::lookbehindMs(*expr);
        if (parser.isSet("scrape-for")) {
            const auto d = parseDurationMs(parser.value("scrape-for").toStdString());
            if (!d) {
                printErr("invalid --scrape-for: use a duration such as 1m\n");
                return kExitUsage;
            }
            span = *d;
        }
        const std::int64_t started = clock.nowMs();
        if (span > 0)
            printErr(QStringLiteral("scraping %1 target(s) every %2 for %3 to cover the query's ranges "
                                    "(--scrape-for changes this)\n")
                         .arg(targets.size())
                         .arg(QString::fromStdString(formatDurationMs(*interval)),
                              QString::fromStdString(formatDurationMs(span))));
        for (;;) {
            targets.scrapeRound(); // discovery goes on between rounds
            const std::int64_t next = clock.nowMs() + *interval;
            if (next - started > span) break;
            waitFor(next - clock.nowMs());
        }
        for (const TargetStatus& s : targets.statuses())
            if (s.health.state != TargetHealth::State::Up)
                printErr(QStringLiteral("%1 is down: %2\n")
                             .arg(QString::fromStdString(s.spec.id()),
                                  QString::fromStdString(s.health.lastError)));
        defaultTime = clock.nowMs();
    }

    promql::EngineOptions options;
    options.lookbackMs = *lookback;
    options.generation = *generation;
    const promql::Engine engine(*data, options);
    const std::int64_t now = clock.nowMs();
    promql::QueryResult result;
    std::string error;
    bool ok = false;
    if (isRange) {
        const auto start = parseTime(parser.value("start"), now), end = parseTime(parser.value("end"), now);
        std::int64_t step = std::max<std::int64_t>(1000, (*end - *start) / 250);
        if (parser.isSet("step")) step = *parseDurationMs(parser.value("step").toStdString());
        if (const std::string bad = promql::Engine::checkRange(*start, *end, step); !bad.empty())
            return report(json, "bad_data", bad);
        ok = engine.range(*expr, *start, *end, step, result, error);
    } else {
        const std::int64_t time = parser.isSet("time") ? *parseTime(parser.value("time"), now) : defaultTime;
        ok = engine.instant(*expr, time, result, error);
    }
    if (!ok) return report(json, "execution", error);
    printOut(QString::fromStdString(json ? promql::formatApiJson(result, text) + "\n"
                                         : promql::formatResultText(result, text)));
    return kExitOk;
}

} // namespace dw::cli
