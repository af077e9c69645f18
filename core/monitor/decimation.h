#pragma once

#include "promql/query_result.h"

#include <QPointF>
#include <cstdint>
#include <span>
#include <vector>

namespace dw {

// Reduces a series to what a chart of `columns` pixel columns can show: at most the minimum and the
// maximum of each column, in time order, so spikes survive; and split into segments wherever the data
// has a gap (two samples further apart than maxGapMs), so a chart never draws a line across missing or
// stale data. x is milliseconds since the epoch. Pure; thread-safe; linear in the points.
std::vector<std::vector<QPointF>> decimateMinMax(std::span<const promql::Point> points, std::int64_t fromMs,
                                                 std::int64_t toMs, int columns, std::int64_t maxGapMs);

} // namespace dw
