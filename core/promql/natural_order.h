#pragma once

#include <string_view>

namespace dw::promql {

// Whether a precedes b in the "natural" order sort_by_label uses (Prometheus sorts with
// github.com/facette/natsort): runs of digits compare as numbers (a longer run, after leading zeros, is
// larger), everything else byte by byte. Reproduces that package's results, quirks included. Pure.
bool naturalLess(std::string_view a, std::string_view b);

} // namespace dw::promql
