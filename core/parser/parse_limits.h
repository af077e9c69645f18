#pragma once

#include <cstddef>

namespace dw {

// Bounds that keep a hostile or broken body from costing unbounded time or memory. Hitting one is a
// parse error naming the limit. Defaults are generous for real exporters.
struct ParseLimits {
    std::size_t maxLineLength = 1 << 20;
    std::size_t maxLabels = 128;
    std::size_t maxLabelNameLength = 1024;
    std::size_t maxLabelValueLength = 64 * 1024;
};

// How a parser reads its input. Lenient accepts what Prometheus 2.x's scrape parsers accept; strict adds
// the syntax rules of a validation (no hexadecimal values, no unknown escapes, exemplar size).
struct ParseOptions {
    bool strict = false;
    ParseLimits limits;
};

} // namespace dw
