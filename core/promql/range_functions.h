#pragma once

#include "promql/query_result.h"

#include <cstdint>
#include <span>
#include <string_view>

namespace dw::promql {

// The samples a range-vector function sees at one evaluation step: those in [rangeStart, rangeEnd]
// (Prometheus 2.x closes the window at both ends), staleness markers removed.
struct RangeWindow {
    std::span<const Point> points;
    std::int64_t rangeStart = 0;
    std::int64_t rangeEnd = 0;
    std::int64_t rangeMs = 0;
    std::int64_t evalTime = 0; // the step's time, where predict_linear anchors its line
    // Optional: for each point, how many drops (value below its predecessor) the series had up to it,
    // so counter functions skip their reset scan over windows without one.
    const std::uint32_t* dropsUpTo = nullptr;
    bool anyDrop() const {
        return !dropsUpTo || points.empty() || dropsUpTo[points.size() - 1] != dropsUpTo[0];
    }
};

// A function of a range vector (rate, *_over_time, ...) with Prometheus 2.x's arithmetic, including
// rate's extrapolation and Kahan summation where Prometheus uses it. `scalars` are the other arguments,
// in order. Returns absentValue() when there is no result for this window (too few samples).
// Pure; thread-safe.
using RangeFunction = double (*)(const RangeWindow& window, std::span<const double> scalars);
RangeFunction findRangeFunction(std::string_view name);

// The φ-quantile of values with Prometheus's interpolation (sorts values).
double quantileOf(double q, std::span<double> values);

} // namespace dw::promql
