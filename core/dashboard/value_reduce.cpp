#include "dashboard/value_reduce.h"

#include <algorithm>
#include <cmath>

namespace dw::dashboard {

std::optional<double> reduceSeries(const std::vector<promql::Point>& points, const std::string& calc) {
    std::vector<double> values; // the non-null ones
    for (const promql::Point& p : points)
        if (!std::isnan(p.v)) values.push_back(p.v);
    if (calc == "last") return points.empty() ? std::nullopt : std::optional(points.back().v);
    if (calc == "first") return points.empty() ? std::nullopt : std::optional(points.front().v);
    if (calc == "count") return double(points.size());
    if (values.empty()) return std::nullopt;
    if (calc == "lastNotNull" || calc.empty()) return values.back();
    if (calc == "firstNotNull") return values.front();
    if (calc == "max") return *std::max_element(values.begin(), values.end());
    if (calc == "min") return *std::min_element(values.begin(), values.end());
    double sum = 0;
    for (double v : values)
        sum += v;
    if (calc == "sum") return sum;
    if (calc == "mean" || calc == "avg") return sum / double(values.size());
    if (calc == "range")
        return *std::max_element(values.begin(), values.end()) -
               *std::min_element(values.begin(), values.end());
    if (calc == "diff") return values.back() - values.front();
    if (calc == "delta") { // increases only, as Grafana counts a counter's growth across resets
        double delta = 0;
        for (std::size_t i = 1; i < values.size(); ++i)
            delta += values[i] >= values[i - 1] ? values[i] - values[i - 1] : values[i];
        return delta;
    }
    return std::nullopt;
}

} // namespace dw::dashboard
