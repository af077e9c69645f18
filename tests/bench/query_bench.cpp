// dw_bench query: range queries over 10,000 series and one hour of 15 s samples, timed in our engine
// and, on the same data in the same run, in the local Prometheus (backfilled with promtool).

#include "bench_report.h"
#include "prometheus_server.h"
#include "promql/engine.h"
#include "promql/parser.h"
#include "promql/result_format.h"
#include "promql_test_data.h"
#include "store/timestamped_loader.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <vector>

namespace dw::bench {

namespace {} // namespace

int runQueryBench(const QStringList& arguments) {
    const int series = arguments.size() > 0 ? arguments[0].toInt() : 10000;
    const int repeats = arguments.size() > 1 ? arguments[1].toInt() : 7;
    const bool withPrometheus = !arguments.contains("--no-prometheus");
    constexpr std::int64_t kStart = 1700000000000 - 1700000000000 % 3600000;
    constexpr std::int64_t kHour = 3600000;
    const std::int64_t start = kStart, end = kStart + kHour, step = 15000;

    Stopwatch generating;
    const std::string data = generateBenchData(kStart, kHour, series);
    std::fprintf(stderr, "generated %.0f MB of OpenMetrics in %.1f s\n", double(data.size()) / 1e6,
                 generating.seconds());
    SeriesStore::Options options;
    options.retentionMs = INT64_MAX / 4;
    options.memoryBudgetBytes = std::size_t(8) << 30;
    SeriesStore store(options);
    Stopwatch loading;
    const TimestampedLoad load = loadTimestampedOpenMetrics(data, store);
    if (!load.ok) {
        std::fprintf(stderr, "%s\n", load.error.describe().c_str());
        return 1;
    }
    std::fprintf(stderr, "loaded %zu series, %zu samples in %.1f s\n", load.series, load.samples,
                 loading.seconds());

    const char* queries[][2] = {
        {"rate", "rate(x[5m])"},
        {"sum_by_job_rate", "sum by (job) (rate(x[5m]))"},
        {"histogram_quantile", "histogram_quantile(0.95, sum by (le) (rate(h_bucket[5m])))"},
    };
    const promql::Engine engine(store);
    std::vector<double> ours;
    for (const auto& [name, text] : queries) {
        promql::SyntaxError syntax;
        const promql::NodePtr expr = promql::parseQuery(text, syntax);
        std::vector<double> seconds, withJson;
        std::size_t resultSeries = 0;
        for (int i = 0; i < repeats; ++i) {
            promql::QueryResult result;
            std::string error;
            Stopwatch timer;
            if (!engine.range(*expr, start, end, step, result, error)) {
                std::fprintf(stderr, "%s: %s\n", text, error.c_str());
                return 1;
            }
            seconds.push_back(timer.seconds());
            const std::string json = promql::formatApiJson(result);
            withJson.push_back(timer.seconds());
            resultSeries = result.series.size() + (json.empty() ? 1 : 0);
        }
        std::fprintf(stderr, "%s: %zu result series\n", text, resultSeries);
        ours.push_back(median(seconds));
        report(std::string("query_") + name + "_dispatchwatch", ours.back() * 1000, "ms");
        report(std::string("query_") + name + "_dispatchwatch_with_json", median(withJson) * 1000, "ms");
    }
    if (!withPrometheus) return 0;

    QTemporaryDir dir;
    QFile file(dir.filePath("data.om"));
    if (!file.open(QIODevice::WriteOnly)) return 1;
    file.write(data.data(), qint64(data.size()));
    file.close();
    Stopwatch backfilling;
    if (const QString error = PrometheusServer::backfill(file.fileName(), dir.filePath("tsdb"));
        !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::fprintf(stderr, "promtool backfilled in %.1f s\n", backfilling.seconds());
    PrometheusServer prometheus;
    if (const QString error = prometheus.startOnStorage(dir.filePath("tsdb")); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    auto seconds = [](std::int64_t ms) { return QString::number(double(ms) / 1000, 'f', 3); };
    for (std::size_t q = 0; q < std::size(queries); ++q) {
        const auto& [name, text] = queries[q];
        std::vector<double> eval, wall;
        for (int i = 0; i < repeats + 1; ++i) {
            Stopwatch timer;
            const QByteArray body = prometheus.get("/api/v1/query_range", {{"query", text},
                                                                           {"start", seconds(start)},
                                                                           {"end", seconds(end)},
                                                                           {"step", "15"},
                                                                           {"stats", "all"}});
            const double elapsed = timer.seconds();
            const QJsonObject timings = QJsonDocument::fromJson(body)
                                            .object()
                                            .value("data")
                                            .toObject()
                                            .value("stats")
                                            .toObject()
                                            .value("timings")
                                            .toObject();
            if (i == 0) continue; // the first run warms Prometheus's caches, as ours are warm too
            eval.push_back(timings.value("execTotalTime").toDouble());
            wall.push_back(elapsed);
        }
        report(std::string("query_") + name + "_prometheus_exec", median(eval) * 1000, "ms");
        report(std::string("query_") + name + "_prometheus_http", median(wall) * 1000, "ms");
        report(std::string("query_") + name + "_speedup", median(eval) / ours[q], "x");
    }
    return 0;
}

} // namespace dw::bench
