#include "model/metric_type.h"

namespace dw {

std::string_view metricTypeName(MetricType type) {
    switch (type) {
    case MetricType::Counter:
        return "counter";
    case MetricType::Gauge:
        return "gauge";
    case MetricType::Histogram:
        return "histogram";
    case MetricType::GaugeHistogram:
        return "gaugehistogram";
    case MetricType::Summary:
        return "summary";
    case MetricType::Info:
        return "info";
    case MetricType::StateSet:
        return "stateset";
    case MetricType::Unknown:
        break;
    }
    return "unknown";
}

std::optional<MetricType> parseMetricType(std::string_view word, bool openMetrics) {
    if (word == "counter") return MetricType::Counter;
    if (word == "gauge") return MetricType::Gauge;
    if (word == "histogram") return MetricType::Histogram;
    if (word == "summary") return MetricType::Summary;
    if (openMetrics) {
        if (word == "gaugehistogram") return MetricType::GaugeHistogram;
        if (word == "info") return MetricType::Info;
        if (word == "stateset") return MetricType::StateSet;
        if (word == "unknown") return MetricType::Unknown;
    } else if (word == "untyped") {
        return MetricType::Unknown;
    }
    return std::nullopt;
}

} // namespace dw
