#pragma once

#include <string>

namespace dw {

// Go's formatting of float64, which Prometheus's alert templates show users:
// %g with a precision (-1: the shortest representation that reads back, as fmt's %v prints floats),
// exponent form when the exponent is below -4 or at least the precision (6 for the shortest);
// and %.Nf. Infinities and NaN as Go writes them (+Inf, -Inf, NaN).
std::string goFormatG(double v, int precision = -1);
std::string goFormatF(double v, int precision);

} // namespace dw
