#pragma once

#include "promql/query_result.h"

#include <optional>
#include <string>
#include <vector>

namespace dw::dashboard {

// Grafana's reducers (a stat's "calcs"): lastNotNull, last, firstNotNull, first, mean, max, min, sum,
// count, range, delta, diff. NaN counts as null. Nothing for an empty series or an unknown calc.
// Thread-safety: a free function.
std::optional<double> reduceSeries(const std::vector<promql::Point>& points, const std::string& calc);

} // namespace dw::dashboard
