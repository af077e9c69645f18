#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dw {

// Durations in Prometheus notation: one or more number-unit pairs from the largest unit to the smallest,
// units y (365d), w, d, h, m, s, ms: "30s", "5m", "1h30m", "1d12h", "250ms"; "0" alone is zero.
std::optional<std::int64_t> parseDurationMs(std::string_view text);

// The shortest Prometheus notation for a duration ("1h30m", "15s", "0s").
std::string formatDurationMs(std::int64_t ms);

} // namespace dw
