#include "util/duration.h"

#include <array>
#include <limits>

namespace dw {

namespace {

struct Unit {
    std::string_view name;
    std::int64_t ms;
};
// Largest first; "ms" before "m" so the longer name wins when matching.
constexpr std::array<Unit, 7> kUnits = {{{"y", 365LL * 86400'000},
                                         {"w", 7LL * 86400'000},
                                         {"d", 86400'000},
                                         {"h", 3600'000},
                                         {"ms", 1},
                                         {"m", 60'000},
                                         {"s", 1000}}};

int unitRank(std::string_view name) {
    // Order of magnitude, for the largest-to-smallest rule: y w d h m s ms.
    constexpr std::string_view order[] = {"y", "w", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < 7; ++i)
        if (order[i] == name) return i;
    return -1;
}

} // namespace

std::optional<std::int64_t> parseDurationMs(std::string_view text) {
    if (text == "0") return 0;
    if (text.empty()) return std::nullopt;
    std::int64_t total = 0;
    int lastRank = -1;
    std::size_t i = 0;
    while (i < text.size()) {
        std::int64_t number = 0;
        const std::size_t digitsStart = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (number > (std::numeric_limits<std::int64_t>::max() - 9) / 10) return std::nullopt;
            number = number * 10 + (text[i] - '0');
            ++i;
        }
        if (i == digitsStart) return std::nullopt;
        const Unit* unit = nullptr;
        for (const Unit& candidate : kUnits) {
            if (text.substr(i).starts_with(candidate.name)) {
                unit = &candidate;
                break;
            }
        }
        if (!unit) return std::nullopt;
        const int rank = unitRank(unit->name);
        if (rank <= lastRank) return std::nullopt; // units must go from largest to smallest, once each
        lastRank = rank;
        if (number > std::numeric_limits<std::int64_t>::max() / unit->ms) return std::nullopt;
        total += number * unit->ms;
        i += unit->name.size();
    }
    return total;
}

std::string formatDurationMs(std::int64_t ms) {
    if (ms == 0) return "0s";
    std::string out;
    if (ms < 0) {
        out = "-";
        ms = -ms;
    }
    constexpr Unit order[] = {{"y", 365LL * 86400'000},
                              {"w", 7LL * 86400'000},
                              {"d", 86400'000},
                              {"h", 3600'000},
                              {"m", 60'000},
                              {"s", 1000},
                              {"ms", 1}};
    for (const Unit& unit : order) {
        if (ms >= unit.ms) {
            out += std::to_string(ms / unit.ms);
            out += unit.name;
            ms %= unit.ms;
        }
    }
    return out;
}

} // namespace dw
