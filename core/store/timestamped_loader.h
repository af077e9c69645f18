#pragma once

#include "parser/parse_error.h"
#include "store/series_store.h"

#include <cstdint>
#include <string_view>

namespace dw {

// Loads OpenMetrics text in which every sample carries its own timestamp — the input of
// `promtool tsdb create-blocks-from openmetrics` — into a store, so the same file can be queried by
// DispatchWatch and by a backfilled Prometheus. Nothing is stored unless the whole file is valid.
// Thread-safety: a free function; the store locks itself.
struct TimestampedLoad {
    bool ok = false;
    ParseError error;
    std::size_t samples = 0;
    std::size_t series = 0;
    std::int64_t minTimeMs = 0;
    std::int64_t maxTimeMs = 0;
};

TimestampedLoad loadTimestampedOpenMetrics(std::string_view body, SeriesStore& store);

} // namespace dw
