// dw_bench promql-parse [RUNS]: microseconds per parseQuery over typical dashboard and rule expressions,
// with Prometheus 3's grammar and, as the peer in the same run, Prometheus 2's.

#include "bench_report.h"
#include "promql/parser.h"

#include <QStringList>
#include <chrono>
#include <string>
#include <vector>

namespace dw::bench {

namespace {

const std::vector<std::string> kQueries = {
    "sum by (job) (rate(http_requests_total{job=~\"api|web\", code!=\"500\"}[5m]))",
    "histogram_quantile(0.99, sum by (le, instance) (rate(request_duration_seconds_bucket[10m])))",
    "topk(5, max_over_time(compozy_dispatcher_uptime_seconds{dispatcher_id=~\".+\"}[1h] offset 5m))",
    "(a + b * c) / on(instance) group_left(job) d > bool 0.5 unless e",
    "increase(compozy_dispatcher_heartbeat_total[5m]) == 0 and compozy_dispatcher_uptime_seconds > 300",
    "label_replace(up, \"host\", \"$1\", \"instance\", \"(.*):.*\") * 100",
    "avg_over_time(rate(x[1m])[30m:1m] @ 1700000000) - predict_linear(y[1h], 3600)",
};

// Microseconds per parse, one run of 20,000 rounds over every query.
double microsecondsPerParse(promql::Generation generation) {
    constexpr int kRounds = 20000;
    const auto start = std::chrono::steady_clock::now();
    std::size_t parsed = 0;
    for (int i = 0; i < kRounds; ++i)
        for (const std::string& query : kQueries) {
            promql::SyntaxError error;
            parsed += promql::parseQuery(query, error, generation) != nullptr;
        }
    const double us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    return parsed == kRounds * kQueries.size() ? us / double(parsed) : -1;
}

} // namespace

int runPromqlParseBench(const QStringList& arguments) {
    const int runs = arguments.isEmpty() ? 9 : std::max(1, arguments.first().toInt());
    std::vector<double> three, two;
    for (int run = 0; run < runs; ++run) { // alternating, so both see the same machine
        three.push_back(microsecondsPerParse(promql::Generation::Prometheus3));
        two.push_back(microsecondsPerParse(promql::Generation::Prometheus2));
    }
    report("promql_parse_us", median(three), "us");
    report("promql_parse_prometheus2_grammar_us", median(two), "us");
    return 0;
}

} // namespace dw::bench
