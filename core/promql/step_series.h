#pragma once

#include "model/labels.h"

#include <bit>
#include <cstdint>
#include <vector>

namespace dw::promql {

// The evaluation grid: the times of a range query's steps (one step for an instant query).
struct StepGrid {
    std::int64_t start = 0;
    std::int64_t step = 1;
    std::size_t count = 1;
    std::int64_t at(std::size_t i) const { return start + std::int64_t(i) * step; }
    std::int64_t end() const { return at(count - 1); }
};

// "No sample at this step": a NaN payload that arithmetic never produces (results are quiet NaNs), so
// dense per-step arrays can hold absence without a second array. Prometheus's staleness marker is
// different again (0x7ff0000000000002) and never reaches evaluation.
inline constexpr std::uint64_t kAbsentBits = 0x7ff0000000000005ULL;
inline double absentValue() {
    return std::bit_cast<double>(kAbsentBits);
}
inline bool isPresent(double v) {
    return std::bit_cast<std::uint64_t>(v) != kAbsentBits;
}

// An evaluated series: labels plus one value per grid step, absentValue() where it has none. Dense
// arrays keep every operator a tight loop over contiguous doubles.
struct StepSeries {
    Labels labels;
    std::vector<double> values;
    bool anyPresent() const {
        for (double v : values)
            if (isPresent(v)) return true;
        return false;
    }
};

} // namespace dw::promql
