#pragma once

#include "promql/generation.h"

#include <cstddef>
#include <cstdint>

namespace dw::promql {

// Prometheus's engine settings, with its defaults.
struct EngineOptions {
    std::int64_t lookbackMs = 5 * 60 * 1000; // --query.lookback-delta
    std::int64_t subqueryStepMs = 60 * 1000; // the global evaluation_interval
    std::size_t maxSamples = 50'000'000;     // --query.max-samples
    Generation generation = kDefaultGeneration;
};

} // namespace dw::promql
