#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dw::dashboard {

// A dashboard's time range, resolved against "now".
struct TimeRange {
    std::int64_t fromMs = 0;
    std::int64_t toMs = 0;
    std::int64_t spanMs() const { return toMs - fromMs; }
};

// One end of Grafana's time picker: "now", "now-6h", "now-7d/d", "now/w", an absolute time in RFC 3339
// or milliseconds since the epoch. Rounding (/d, /h, …) is in UTC. Nothing when text is none of these.
// Thread-safety: free functions.
std::optional<std::int64_t> parseGrafanaTime(std::string_view text, std::int64_t nowMs, bool roundUp);
std::optional<TimeRange> parseGrafanaRange(std::string_view from, std::string_view to, std::int64_t nowMs);

// Grafana's interval arithmetic (its rangeutil and the Prometheus datasource), in milliseconds.
std::int64_t roundInterval(std::int64_t ms);
// $__interval: the range over the panel's width in points, rounded, at least minIntervalMs.
std::int64_t panelIntervalMs(std::int64_t rangeMs, int maxDataPoints, std::int64_t minIntervalMs);
// The step Grafana's Prometheus datasource asks for: interval × intervalFactor, at least minIntervalMs,
// and no more than 11,000 points over the range.
std::int64_t queryStepMs(std::int64_t intervalMs, int intervalFactor, std::int64_t minIntervalMs,
                         std::int64_t rangeMs);
// $__rate_interval: max($__interval + scrape interval, 4 × scrape interval).
std::int64_t rateIntervalMs(std::int64_t intervalMs, std::int64_t scrapeIntervalMs);
// Grafana's secondsToHms: the largest whole unit ("30s", "5m", "2h", "1d", "100ms").
std::string formatInterval(std::int64_t ms);

} // namespace dw::dashboard
