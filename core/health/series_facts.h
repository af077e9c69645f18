#pragma once

#include "store/xor_chunk.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace dw {

// Facts about one series' samples (in time order, staleness markers included as the store keeps them)
// that the health model needs. Pure functions.

// The last sample at or before t within the lookback, unless it is a staleness marker.
std::optional<Sample> latestAt(std::span<const Sample> samples, std::int64_t t, std::int64_t lookbackMs);

// When a counter last went up at or before t: the time of the first sample showing the increase. A reset
// to a positive value counts as an increase (the restarted process counted since); a reset to zero does
// not, and a drop never counts as a negative heartbeat. With fromZero the series is known to have been
// born during the samples (it appeared in a target already watched), so its first value counts from 0.
std::optional<std::int64_t> lastIncrease(std::span<const Sample> samples, std::int64_t t,
                                         bool fromZero = false);

// How much a counter went up in (from, to], resets handled as Prometheus's increase() handles them but
// without extrapolation: whole events.
double increaseBetween(std::span<const Sample> samples, std::int64_t from, std::int64_t to,
                       bool fromZero = false);

// The times of the samples in (from, to] at which a counter went up, oldest first.
std::vector<std::int64_t> increaseTimes(std::span<const Sample> samples, std::int64_t from, std::int64_t to,
                                        bool fromZero = false);

// When the series stopped: the time of a staleness marker at or before t with nothing live after it, or
// the last sample's time when nothing is left within the lookback. Nothing while it is live.
std::optional<std::int64_t> disappearedAt(std::span<const Sample> samples, std::int64_t t,
                                          std::int64_t lookbackMs);

// The earliest sample time of the run of equal values that includes the latest live sample at t.
std::optional<std::int64_t> valueSince(std::span<const Sample> samples, std::int64_t t,
                                       std::int64_t lookbackMs);

} // namespace dw
