#include "promql_test_data.h"

#include <charconv>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

namespace {

using LabelSet = std::vector<std::pair<std::string, std::string>>;

enum class Kind { Counter, Gauge, Binary, Rising, Histogram, Info };

struct Metric {
    std::string name;
    Kind kind;
    std::vector<LabelSet> labelSets;
};

std::vector<LabelSet> combine(const std::vector<std::pair<std::string, std::vector<std::string>>>& axes) {
    std::vector<LabelSet> out = {{}};
    for (const auto& [name, values] : axes) {
        std::vector<LabelSet> next;
        for (const LabelSet& base : out)
            for (const std::string& v : values) {
                LabelSet l = base;
                l.push_back({name, v});
                next.push_back(std::move(l));
            }
        out = std::move(next);
    }
    return out;
}

std::string number(double v) {
    char buffer[64];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, r.ptr);
}

std::string timestamp(std::int64_t ms) {
    std::string s = std::to_string(ms / 1000);
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03d", int(ms % 1000));
    return s + fraction;
}

std::string seriesText(const std::string& name, const LabelSet& labels, const std::string& le = {}) {
    std::string s = name;
    LabelSet all = labels;
    if (!le.empty()) all.push_back({"le", le});
    if (all.empty()) return s;
    s += '{';
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (i > 0) s += ',';
        s += all[i].first + "=\"" + all[i].second + "\"";
    }
    return s + '}';
}

const std::vector<double> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

struct Family {
    std::string name;
    std::string body;
};

// Appends one series' samples (or a histogram's _bucket, _sum and _count series) to its families.
void generateSeries(const Metric& m, const LabelSet& labels, std::int64_t startMs, std::int64_t spanMs,
                    std::mt19937_64& rng, std::vector<Family>& families) {
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<std::int64_t> times;
    // Some series start late or stop early; some have gaps longer than the 5 m lookback.
    std::int64_t t = startMs + (unit(rng) < 0.15 ? std::int64_t(unit(rng) * double(spanMs) / 3) : 0);
    const std::int64_t end =
        startMs + spanMs - (unit(rng) < 0.15 ? std::int64_t(unit(rng) * double(spanMs) / 3) : 0);
    while (t <= end) {
        times.push_back(t);
        t += 15000 + std::int64_t((unit(rng) - 0.5) * 5000);
        if (unit(rng) < 0.004) t += 6 * 60000 + std::int64_t(unit(rng) * 120000);
    }
    auto family = [&](const std::string& name) -> std::string& {
        for (Family& f : families)
            if (f.name == name) return f.body;
        families.push_back({name, {}});
        return families.back().body;
    };
    if (m.kind == Kind::Histogram) {
        std::vector<double> counts(kBuckets.size() + 1, 0);
        double sum = 0;
        std::string& bucketBody = family(m.name + "_bucket");
        std::vector<std::string> bucketLines(counts.size());
        std::string sumLines, countLines;
        for (const std::int64_t time : times) {
            if (unit(rng) < 0.01) {
                std::fill(counts.begin(), counts.end(), 0);
                sum = 0;
            }
            const int observations = int(unit(rng) * 12);
            for (int i = 0; i < observations; ++i) {
                const double value = std::exp(unit(rng) * 7 - 5.5);
                sum += value;
                for (std::size_t b = 0; b < counts.size(); ++b)
                    if (b == kBuckets.size() || value <= kBuckets[b]) counts[b] += 1;
            }
            const std::string ts = timestamp(time);
            for (std::size_t b = 0; b < counts.size(); ++b)
                bucketLines[b] += seriesText(m.name + "_bucket", labels,
                                             b == kBuckets.size() ? "+Inf" : number(kBuckets[b])) +
                                  " " + number(counts[b]) + " " + ts + "\n";
            sumLines += seriesText(m.name + "_sum", labels) + " " + number(sum) + " " + ts + "\n";
            countLines +=
                seriesText(m.name + "_count", labels) + " " + number(counts.back()) + " " + ts + "\n";
        }
        for (const std::string& lines : bucketLines)
            bucketBody += lines;
        family(m.name + "_sum") += sumLines;
        family(m.name + "_count") += countLines;
        return;
    }
    std::string& body = family(m.name);
    double value = m.kind == Kind::Gauge ? (unit(rng) - 0.5) * 200 : std::floor(unit(rng) * 50);
    for (const std::int64_t time : times) {
        switch (m.kind) {
        case Kind::Counter:
            value = unit(rng) < 0.01 ? std::floor(unit(rng) * 3) : value + std::floor(unit(rng) * 8);
            break;
        case Kind::Gauge:
            value += (unit(rng) - 0.5) * 20;
            if (unit(rng) < 0.05) value = std::round(value);
            break;
        case Kind::Binary:
            value = unit(rng) < 0.85 ? 1 : 0;
            break;
        case Kind::Rising:
            value = unit(rng) < 0.01 ? 0 : value + 15;
            break;
        case Kind::Info:
            value = 1;
            break;
        case Kind::Histogram:
            break;
        }
        body += seriesText(m.name, labels) + " " + number(value) + " " + timestamp(time) + "\n";
    }
}

std::string render(const std::vector<Family>& families) {
    std::string out;
    for (const Family& f : families)
        out += "# TYPE " + f.name + " unknown\n" + f.body;
    return out + "# EOF\n";
}

} // namespace

std::string generateAgreementData(std::int64_t startMs, std::int64_t spanMs, unsigned seed) {
    const auto dispatchers =
        std::pair<std::string, std::vector<std::string>>{"dispatcher_id", {"d1", "d2", "d3"}};
    const auto replicaSet =
        std::pair<std::string, std::vector<std::string>>{"replica_set", {"main-projections", "audit"}};
    const auto projection =
        std::pair<std::string, std::vector<std::string>>{"projection", {"user_projection", "orders"}};
    const auto company = std::pair<std::string, std::vector<std::string>>{"company_id", {"c1", "c2"}};
    const auto daisi = combine(
        {{"event_type", {"message", "receipt"}}, company, {"consumer_type", {"realtime", "historical"}}});
    const std::vector<Metric> metrics = {
        {"dw_counter_total", Kind::Counter,
         combine({{"job", {"a", "b"}}, {"instance", {"i1:9090", "i2:9090", "i3:9090"}}})},
        {"dw_gauge", Kind::Gauge,
         combine(
             {{"job", {"a", "b"}}, {"instance", {"i1:9090", "i2:9090", "i3:9090"}}, {"mode", {"x", "y"}}})},
        {"dw_info",
         Kind::Info,
         {{{"job", "a"}, {"instance", "i1:9090"}, {"version", "1.2.3"}},
          {{"job", "a"}, {"instance", "i2:9090"}, {"version", "1.2.4"}},
          {{"job", "b"}, {"instance", "i1:9090"}, {"version", "2.0.0"}}}},
        {"dw_latency_seconds", Kind::Histogram,
         combine({{"job", {"a", "b"}}, {"instance", {"i1:9090", "i2:9090"}}})},
        {"compozy_dispatcher_heartbeat_total", Kind::Counter, combine({dispatchers})},
        {"compozy_dispatcher_lifecycle_events_total", Kind::Counter,
         combine({dispatchers, {"event", {"start", "stop", "restart"}}})},
        {"compozy_dispatcher_health_status", Kind::Binary,
         combine({dispatchers, {"is_stale", {"false", "true"}}})},
        {"compozy_dispatcher_active_total", Kind::Gauge, {{}}},
        {"compozy_dispatcher_uptime_seconds", Kind::Rising, combine({dispatchers})},
        {"compozy_dispatcher_consecutive_failures", Kind::Counter, combine({dispatchers})},
        {"compozy_uptime_seconds", Kind::Rising, {{}}},
        {"compozy_build_info",
         Kind::Info,
         {{{"version", "0.9.1"}, {"commit_hash", "abc123"}, {"go_version", "go1.22"}}}},
        {"compozy_http_requests_total", Kind::Counter,
         combine({{"http_method", {"GET", "POST"}}, {"http_route", {"/api/v0/workflows", "unmatched"}}})},
        {"compozy_http_request_duration_seconds", Kind::Histogram,
         combine({{"http_method", {"GET", "POST"}}})},
        {"pupsourcing_orchestrator_generations_total", Kind::Counter, combine({replicaSet})},
        {"pupsourcing_orchestrator_workers_registered_total", Kind::Counter, combine({replicaSet})},
        {"pupsourcing_orchestrator_partition_assignments_total", Kind::Counter, combine({replicaSet})},
        {"pupsourcing_orchestrator_reconfiguration_total", Kind::Counter, combine({replicaSet})},
        {"pupsourcing_orchestrator_stale_workers_cleaned_total", Kind::Counter, combine({replicaSet})},
        {"pupsourcing_orchestrator_events_processed_total", Kind::Counter, combine({replicaSet, projection})},
        {"pupsourcing_orchestrator_projection_errors_total", Kind::Counter,
         combine({replicaSet, projection})},
        {"pupsourcing_orchestrator_active_workers", Kind::Gauge, combine({replicaSet})},
        {"pupsourcing_orchestrator_current_generation_partitions", Kind::Gauge, combine({replicaSet})},
        {"pupsourcing_orchestrator_worker_state", Kind::Binary,
         combine({replicaSet,
                  {"worker_id", {"w1", "w2"}},
                  {"state", {"running", "processing", "coordinating"}}})},
        {"pupsourcing_orchestrator_coordination_duration_seconds", Kind::Histogram, combine({replicaSet})},
        {"pupsourcing_orchestrator_event_processing_duration_seconds", Kind::Histogram,
         combine({replicaSet, projection})},
        {"pupsourcing_orchestrator_heartbeat_latency_seconds", Kind::Histogram, combine({replicaSet})},
        {"message_event_service_events_received_total", Kind::Counter, daisi},
        {"message_event_service_events_failed_total", Kind::Counter, daisi},
        {"message_event_service_event_processing_duration_seconds", Kind::Histogram, daisi},
        {"message_event_service_db_operation_duration_seconds", Kind::Histogram,
         combine({{"operation", {"insert", "update"}},
                  {"entity", {"chat"}},
                  company,
                  {"status", {"success", "error"}}})},
        {"dlq_tasks_dropped_total", Kind::Counter, combine({company})},
        {"dlq_queue_length", Kind::Gauge, {{}}},
        {"onboarding_queue_length", Kind::Gauge, {{}}},
    };
    std::mt19937_64 rng(seed);
    std::vector<Family> families;
    for (const Metric& m : metrics)
        for (const LabelSet& labels : m.labelSets)
            generateSeries(m, labels, startMs, spanMs, rng, families);
    return render(families);
}

std::string generateBenchData(std::int64_t startMs, std::int64_t spanMs, int series) {
    std::string x = "# TYPE x unknown\n", h = "# TYPE h_bucket unknown\n";
    const int histograms = series / 10;
    for (int s = 0; s < series; ++s) {
        const LabelSet labels = {{"job", "job" + std::to_string(s % 10)},
                                 {"instance", "host" + std::to_string(s)}};
        double value = 0;
        for (std::int64_t t = startMs; t <= startMs + spanMs; t += 15000) {
            value += double((s * 7 + t / 15000) % 13);
            x += seriesText("x", labels) + " " + number(value) + " " + timestamp(t) + "\n";
        }
    }
    for (int g = 0; g < histograms; ++g) {
        const LabelSet labels = {{"job", "job" + std::to_string(g % 10)},
                                 {"instance", "host" + std::to_string(g)}};
        for (int b = 0; b < 10; ++b) {
            const std::string le = b == 9 ? "+Inf" : number(0.001 * std::pow(3, b));
            double value = 0;
            for (std::int64_t t = startMs; t <= startMs + spanMs; t += 15000) {
                value += double((b + 1) * ((g + t / 15000) % 5 + 1));
                h += seriesText("h_bucket", labels, le) + " " + number(value) + " " + timestamp(t) + "\n";
            }
        }
    }
    return x + h + "# EOF\n";
}
