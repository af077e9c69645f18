#pragma once

#include <cstdint>
#include <string>

// Synthetic OpenMetrics text with a timestamp on every sample, for comparing PromQL results with the real
// Prometheus (backfilled with promtool) and for benchmarks. Deterministic for a given seed.

// Counters with resets, gauges, classic histograms, info series; series that start late, stop early and
// have gaps longer than the lookback; irregular scrape intervals around 15 s. Includes the metrics the
// reference documents' queries use (Compozy, pupsourcing, Daisi). Spans [startMs, startMs + spanMs].
std::string generateAgreementData(std::int64_t startMs, std::int64_t spanMs, unsigned seed);

// The benchmark's data: `x` (counter values, typed unknown so the name stays `x`) and `h_bucket` (a classic
// histogram with 10 buckets per series group), `series` series each, every 15 s for spanMs, spread over 10
// jobs.
std::string generateBenchData(std::int64_t startMs, std::int64_t spanMs, int series);
