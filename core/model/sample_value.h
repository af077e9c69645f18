#pragma once

#include <bit>
#include <cstdint>

namespace dw {

// Prometheus distinguishes an ordinary NaN from the staleness marker by their bit patterns, so both are
// kept exactly from parser to store to query.
inline constexpr std::uint64_t kNormalNaNBits = 0x7ff8000000000001ULL;
inline constexpr std::uint64_t kStaleMarkerBits = 0x7ff0000000000002ULL;

inline double normalNaN() {
    return std::bit_cast<double>(kNormalNaNBits);
}
inline double staleMarker() {
    return std::bit_cast<double>(kStaleMarkerBits);
}
inline bool isStaleMarker(double value) {
    return std::bit_cast<std::uint64_t>(value) == kStaleMarkerBits;
}

} // namespace dw
