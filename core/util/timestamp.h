#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dw {

// Times on the command line: RFC 3339 ("2026-11-23T18:46:00Z", with fraction or offset) or Unix seconds
// with an optional fraction ("1700000000.5"). Returns milliseconds since the epoch.
std::optional<std::int64_t> parseTimestampArgument(std::string_view text);

// RFC 3339 in UTC with milliseconds when they are not zero.
std::string formatRfc3339(std::int64_t ms);

} // namespace dw
