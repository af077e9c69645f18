#pragma once

#include <optional>
#include <string_view>

namespace dw {

// The metric family types of the Prometheus text and OpenMetrics formats. Text 0.0.4's "untyped"
// and OpenMetrics' "unknown" are the same thing and share Unknown.
enum class MetricType { Unknown, Counter, Gauge, Histogram, GaugeHistogram, Summary, Info, StateSet };

// The name as OpenMetrics writes it ("unknown", "gaugehistogram", ...).
std::string_view metricTypeName(MetricType type);

// Parses a TYPE keyword. Text 0.0.4 knows counter, gauge, histogram, summary and untyped;
// OpenMetrics knows counter, gauge, histogram, gaugehistogram, summary, info, stateset and unknown.
std::optional<MetricType> parseMetricType(std::string_view word, bool openMetrics);

} // namespace dw
