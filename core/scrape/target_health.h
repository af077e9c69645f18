#pragma once

#include <cstdint>
#include <string>

namespace dw {

// What DispatchWatch knows about a target's scrapes, for the UI and the CLI. A value type.
struct TargetHealth {
    enum class State { Unknown, Up, Down };
    State state = State::Unknown;
    std::int64_t lastScrapeMs = 0; // start time of the last scrape
    std::int64_t lastDurationMs = 0;
    std::size_t samples = 0; // in the last successful scrape
    std::int64_t bodySize = 0;
    std::string lastError; // empty after a successful scrape
    std::int64_t lastErrorMs = 0;
    std::int64_t downSinceMs = 0; // when the current run of failures began
    std::int64_t upSinceMs = 0;   // when the current run of successes began
    std::uint64_t scrapes = 0;
    std::uint64_t failures = 0;
    std::uint64_t missed = 0; // scheduled scrapes skipped (the previous one still running, or far behind)
    std::uint64_t late = 0;   // scrapes that started more than a tenth of the interval after their slot
};

const char* targetStateName(TargetHealth::State state);

} // namespace dw
