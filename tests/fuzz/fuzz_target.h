#pragma once

#include <cstddef>
#include <cstdint>

// Feeds one input to everything that reads exposition text: the lenient parser, the strict validator, the
// linter and the scrape ingester. The first byte picks the format (odd: OpenMetrics, even: text 0.0.4).
// Shared by the libFuzzer harness and the regression test, which replays every saved crash input.
void fuzzExpositionInput(const std::uint8_t* data, std::size_t size);

// Parses one PromQL query and, when it parses, evaluates it as an instant and as a range query over a
// small store (gauges, a counter with a reset, a histogram, NaN and staleness markers). Errors are fine;
// crashes, sanitizer reports and errors without a message are not.
void fuzzPromqlInput(const std::uint8_t* data, std::size_t size);
