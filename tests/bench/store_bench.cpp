// dw_bench store: bytes per stored sample for regularly scraped counters and gauges.

#include "bench_report.h"
#include "store/series_store.h"

#include <random>
#include <string>
#include <vector>

namespace dw::bench {

namespace {

struct Simulated {
    SeriesRef ref;
    int kind; // 0 heartbeat counter, 1 request counter, 2 constant gauge, 3 queue gauge, 4 uptime gauge
    double value;
};

void runScenario(const char* name, std::size_t seriesCount, double hours, int jitterMs) {
    SeriesStore store;
    std::mt19937_64 random(42);
    std::vector<Simulated> series;
    for (std::size_t i = 0; i < seriesCount; ++i) {
        const std::string id = std::to_string(i);
        const int kind = int(i % 5);
        const std::string metric = kind < 2 ? "bench_events_total" : "bench_level";
        const LabelView labels[] = {{"__name__", metric}, {"id", id}, {"job", "bench"}};
        series.push_back({store.getOrCreate(labels), kind, kind == 2 ? 1.0 : 0.0});
    }
    std::uniform_int_distribution<int> jitter(-jitterMs, jitterMs);
    std::uniform_int_distribution<int> requests(0, 20);
    std::uniform_int_distribution<int> step(-2, 2);
    const int scrapes = int(hours * 3600 / 15);
    std::int64_t t = 1'700'000'000'000;
    for (int s = 0; s < scrapes; ++s) {
        t += 15'000;
        for (Simulated& item : series) {
            switch (item.kind) {
            case 0:
                item.value += (s % 2 == 0) ? 1 : 0;
                break; // a heartbeat every 30 s
            case 1:
                item.value += requests(random);
                break; // request traffic
            case 2:
                if (s % 480 == 0) item.value = 1 - item.value;
                break; // health flips every 2 h
            case 3:
                item.value = std::max(0.0, item.value + step(random));
                break;
            case 4:
                item.value += 15;
                break; // uptime in seconds
            }
            store.append(item.ref, t + (jitterMs ? jitter(random) : 0), item.value);
        }
    }
    const auto stats = store.stats();
    report(std::string(name) + "_bytes_per_sample", double(stats.encodedBytes) / double(stats.samples),
           "bytes");
    report(std::string(name) + "_allocated_bytes_per_sample",
           double(stats.allocatedBytes) / double(stats.samples), "bytes");
}

} // namespace

int runStoreBench(const QStringList& arguments) {
    const std::size_t series = arguments.size() > 0 ? arguments[0].toULongLong() : 2000;
    const double hours = arguments.size() > 1 ? arguments[1].toDouble() : 24;
    Stopwatch watch;
    runScenario("store", series, hours, 0);
    runScenario("store_jitter5ms", series, hours, 5);
    report("store_seconds", watch.seconds(), "s");
    return 0;
}

} // namespace dw::bench
