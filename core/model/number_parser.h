#pragma once

#include <cstdint>
#include <string_view>

namespace dw {

// Number tokens of the exposition formats. Lenient parsing accepts what Go's strconv.ParseFloat accepts
// (as Prometheus does, hexadecimal floats included); strict parsing accepts only OpenMetrics' decimal
// numbers, NaN and infinities. Every function consumes the whole token or fails, and never allocates.

// A sample value. NaN of any spelling becomes Prometheus's normal NaN.
bool parseSampleValue(std::string_view text, bool strict, double& out);

// A text 0.0.4 timestamp: integer milliseconds since the epoch.
bool parseTimestampMs(std::string_view text, std::int64_t& outMs);

// An OpenMetrics timestamp: seconds with an optional fraction, converted to milliseconds the way
// Prometheus does (truncating). NaN and infinities are rejected.
// Seconds (any float) to milliseconds; beyond the range of int64 milliseconds, INT64_MIN or INT64_MAX.
bool parseTimestampSeconds(std::string_view text, bool strict, std::int64_t& outMs);

} // namespace dw
