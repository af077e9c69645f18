#pragma once

#include "promql/generation.h"
#include "promql/query_result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dw::dashboard {

// Where a dashboard's queries and variables get their answers: the local store (scraped targets, a
// replayed recording) or a Prometheus server. The dashboard's datasources all map to one of these.
// Thread-safety: an implementation is used from one thread at a time.
class DashboardSource {
public:
    virtual ~DashboardSource() = default;

    // For messages: "the scraped targets", "recording r.dwrec", "Prometheus at http://…".
    virtual std::string describe() const = 0;
    // "now" for the dashboard's time range: the wall clock, or the end of a replayed recording.
    virtual std::int64_t nowMs() const = 0;
    // How often the source's samples come, for $__rate_interval and the minimum step.
    virtual std::int64_t scrapeIntervalMs() const = 0;
    virtual promql::Generation generation() const = 0;

    // An instant query at endMs (instant) or a range query; errors worded as Prometheus words them.
    virtual bool query(const std::string& expr, bool instant, std::int64_t startMs, std::int64_t endMs,
                       std::int64_t stepMs, promql::QueryResult& result, std::string& error) = 0;
    // Names known over [startMs, endMs], sorted and unique. match: a series selector, or empty for all.
    virtual bool metricNames(std::int64_t startMs, std::int64_t endMs, std::vector<std::string>& out,
                             std::string& error) = 0;
    virtual bool labelNames(std::int64_t startMs, std::int64_t endMs, std::vector<std::string>& out,
                            std::string& error) = 0;
    virtual bool labelValues(const std::string& label, const std::string& match, std::int64_t startMs,
                             std::int64_t endMs, std::vector<std::string>& out, std::string& error) = 0;
    // Whether the last call failed because the source could not be reached at all.
    virtual bool unreachable() const { return false; }
};

} // namespace dw::dashboard
