#pragma once

#include <optional>
#include <string_view>

namespace dw::promql {

// Which Prometheus release line's PromQL a query follows. Prometheus 3 changed results, not only syntax:
// range selectors and the lookback window are left-open ((t - range, t]), a regex's "." matches a newline,
// holt_winters became double_exponential_smoothing, and names may be quoted UTF-8. docs/promql.md lists
// every difference a user can notice.
enum class Generation { Prometheus2 = 2, Prometheus3 = 3 };

inline constexpr Generation kDefaultGeneration = Generation::Prometheus3;

// "2" or "3" (also "2.x", "v3", a full version such as "2.42.0" or "3.14.0"); nullopt otherwise.
inline std::optional<Generation> parseGeneration(std::string_view text) {
    if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);
    if (text.empty() || (text.size() > 1 && text[1] != '.')) return std::nullopt;
    if (text.front() == '2') return Generation::Prometheus2;
    if (text.front() == '3') return Generation::Prometheus3;
    return std::nullopt;
}

inline const char* generationName(Generation g) {
    return g == Generation::Prometheus2 ? "2" : "3";
}

} // namespace dw::promql
