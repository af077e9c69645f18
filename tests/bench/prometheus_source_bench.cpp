// dw_bench prometheus-source: a fleet of Compozy dispatchers (JOBS jobs of DISPATCHERS each, an hour at
// 15 s) backfilled into the local Prometheus with promtool, then watched through its API as the window
// and `check --prometheus` watch it: the time to the first complete health snapshot, and then, stepping
// through the last QUARTER hour 15 s at a time, the bytes and CPU of each incremental refresh beside a
// full re-query of the window in the same run; resident memory at the end.

#include "assessment/assessment.h"
#include "bench_report.h"
#include "promapi/prometheus_source.h"
#include "prometheus_server.h"

#include <QFile>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

namespace dw::bench {

namespace {

constexpr std::int64_t kStart = 1700000000000 - 1700000000000 % 3600000;
constexpr std::int64_t kHour = 3600000;
constexpr std::int64_t kStep = 15000;

std::string dispatcherLabels(int job, int dispatcher) {
    return "{job=\"compozy-" + std::to_string(job) + "\",instance=\"pod-" + std::to_string(job) +
           ":5001\",dispatcher_id=\"dispatcher-" + std::to_string(dispatcher) + "\"}";
}

// What Prometheus would hold after scraping the fleet every 15 s for an hour: per dispatcher a heartbeat
// counter, the health gauge and the uptime gauge; per target `up`. As OpenMetrics with timestamps.
void writeFleet(QFile& file, int jobs, int dispatchers) {
    std::string out;
    auto flush = [&] {
        file.write(out.data(), qint64(out.size()));
        out.clear();
    };
    out += "# TYPE compozy_dispatcher_heartbeat counter\n";
    for (int j = 0; j < jobs; ++j)
        for (int d = 0; d < dispatchers; ++d) {
            const std::string labels = dispatcherLabels(j, d);
            for (std::int64_t t = kStart; t <= kStart + kHour; t += kStep)
                out += "compozy_dispatcher_heartbeat_total" + labels + " " +
                       std::to_string((t - kStart) / 5000) + " " + std::to_string(t / 1000) + "\n";
            if (out.size() > (8u << 20)) flush();
        }
    for (const char* gauge : {"compozy_dispatcher_health_status", "compozy_dispatcher_uptime_seconds"}) {
        out += std::string("# TYPE ") + gauge + " gauge\n";
        for (int j = 0; j < jobs; ++j)
            for (int d = 0; d < dispatchers; ++d) {
                const std::string labels = dispatcherLabels(j, d);
                for (std::int64_t t = kStart; t <= kStart + kHour; t += kStep)
                    out += gauge + labels + " " +
                           std::to_string(
                               std::string_view(gauge).ends_with("status") ? 1 : (t - kStart) / 1000 + 60) +
                           " " + std::to_string(t / 1000) + "\n";
                if (out.size() > (8u << 20)) flush();
            }
    }
    out += "# TYPE up gauge\n";
    for (int j = 0; j < jobs; ++j)
        for (std::int64_t t = kStart; t <= kStart + kHour; t += kStep)
            out += "up{job=\"compozy-" + std::to_string(j) + "\",instance=\"pod-" + std::to_string(j) +
                   ":5001\"} 1 " + std::to_string(t / 1000) + "\n";
    out += "# EOF\n";
    flush();
}

} // namespace

int runPrometheusSourceBench(const QStringList& arguments) {
    const int jobs = arguments.size() > 0 ? arguments[0].toInt() : 100;
    const int dispatchers = arguments.size() > 1 ? arguments[1].toInt() : 100;
    const bool firstOnly = arguments.contains("--first-only"); // for profiling the first load
    QTemporaryDir dir;
    QFile file(dir.filePath("fleet.om"));
    if (!file.open(QIODevice::WriteOnly)) return 1;
    Stopwatch generating;
    writeFleet(file, jobs, dispatchers);
    file.close();
    std::fprintf(stderr, "generated %.0f MB of OpenMetrics in %.1f s\n", double(file.size()) / 1e6,
                 generating.seconds());
    Stopwatch backfilling;
    if (const QString error = PrometheusServer::backfill(file.fileName(), dir.filePath("tsdb"));
        !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    QFile::remove(file.fileName());
    std::fprintf(stderr, "promtool backfilled in %.1f s\n", backfilling.seconds());
    PrometheusServer prometheus;
    if (const QString error = prometheus.startOnStorage(dir.filePath("tsdb")); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::string error;
    const PrometheusServerSpec server = *PrometheusServerSpec::fromUrl(prometheus.baseUrl(), error);
    const ProfileSet profiles = ProfileSet::load({});
    const std::vector<std::string> metrics = Assessment::metricsRead(profiles, {});
    QNetworkAccessManager network;

    // From nothing to every dispatcher judged, 15 minutes before the data ends.
    const std::int64_t firstAt = kStart + kHour - 15 * 60000;
    SeriesStore store;
    Stopwatch first;
    const double firstCpu = cpuSeconds();
    PrometheusSource source(store, server, metrics);
    const PrometheusSource::Refresh loaded = source.refreshAndWait(network, firstAt, false);
    if (!loaded.ok) {
        std::fprintf(stderr, "%s\n", loaded.error.c_str());
        return 1;
    }
    const double loadSeconds = first.seconds();
    Assessment assessment(store, profiles);
    const std::size_t entities = assessment.evaluate(firstAt, source.targets()).entities.size();
    const double firstSeconds = first.seconds();
    std::fprintf(stderr, "first load: %d requests, %.1f MB, %zu series, %zu entities judged\n",
                 loaded.requests, double(loaded.bytes) / 1e6, store.stats().series, entities);
    if (entities != std::size_t(jobs * dispatchers)) {
        std::fprintf(stderr, "expected %d entities\n", jobs * dispatchers);
        return 1;
    }
    report("prometheus_source_first_snapshot", firstSeconds, "s");
    report("prometheus_source_first_load", loadSeconds, "s");
    report("prometheus_source_first_cpu", cpuSeconds() - firstCpu, "s");
    report("prometheus_source_rss_after_first_snapshot", residentMiB(), "MiB");
    report("prometheus_source_first_bytes", double(loaded.bytes) / 1e6, "MB");
    report("prometheus_source_first_body_bytes", double(loaded.bodyBytes) / 1e6, "MB");
    if (firstOnly) return 0;

    // Then every 15 s: the incremental refresh, and a full re-query of the window, side by side.
    std::vector<double> bytes, body, cpu, fullBytes, fullBody, fullCpu, evaluate;
    for (std::int64_t at = firstAt + kStep; at <= kStart + kHour; at += kStep) {
        double before = cpuSeconds();
        const PrometheusSource::Refresh refresh = source.refreshAndWait(network, at, false);
        cpu.push_back(cpuSeconds() - before);
        bytes.push_back(double(refresh.bytes));
        body.push_back(double(refresh.bodyBytes));
        before = cpuSeconds();
        assessment.evaluate(at, source.targets());
        evaluate.push_back(cpuSeconds() - before);
        if ((at - firstAt) % (5 * kStep) == 0) { // the full re-query every fifth step: it is slow
            SeriesStore scratch;
            PrometheusSource full(scratch, server, metrics);
            before = cpuSeconds();
            const PrometheusSource::Refresh whole = full.refreshAndWait(network, at, false);
            fullCpu.push_back(cpuSeconds() - before);
            fullBytes.push_back(double(whole.bytes));
            fullBody.push_back(double(whole.bodyBytes));
        }
    }
    report("prometheus_source_refresh_bytes", median(bytes) / 1e3, "kB");
    report("prometheus_source_full_requery_bytes", median(fullBytes) / 1e3, "kB");
    report("prometheus_source_refresh_bytes_ratio", median(fullBytes) / std::max(1.0, median(bytes)),
           "x fewer");
    report("prometheus_source_refresh_body_bytes", median(body) / 1e3, "kB");
    report("prometheus_source_full_requery_body_bytes", median(fullBody) / 1e3, "kB");
    report("prometheus_source_refresh_cpu", median(cpu) * 1000, "ms");
    report("prometheus_source_full_requery_cpu", median(fullCpu) * 1000, "ms");
    report("prometheus_source_refresh_cpu_ratio", median(fullCpu) / std::max(1e-6, median(cpu)), "x less");
    report("prometheus_source_assessment_cpu", median(evaluate) * 1000, "ms");
    report("prometheus_source_rss_at_end", residentMiB(), "MiB"); // after the full re-queries too
    return 0;
}

} // namespace dw::bench
