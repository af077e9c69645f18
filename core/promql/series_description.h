#pragma once

#include "model/labels.h"

#include <string>
#include <string_view>
#include <vector>

namespace dw::promql {

// One line of a PromQL test script's `load` block or expected result: a series in selector notation and
// its values in the expanding notation of Prometheus's promqltest: "1 2 3", "0+10x100" (101 values),
// "5-1x4", "7x3" (four 7s), "_" and "_x3" (missing), "stale", and Inf/NaN. Missing values come back as
// absentValue(), "stale" as the staleness marker. Pure; thread-safe.
struct SeriesDescription {
    Labels labels;
    std::vector<double> values;
    bool nativeHistogram = false; // "{{...}}" values, which this engine does not support
};

bool parseSeriesDescription(std::string_view line, SeriesDescription& out, std::string& error);

// Parses "{a="b"}" or "name{a="b"}" or "name" into labels (with __name__).
bool parseSeriesLabels(std::string_view text, Labels& labels, std::string& error);

} // namespace dw::promql
