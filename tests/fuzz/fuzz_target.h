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

// Reads one file in the format its first byte picks (modulo 8): 0 prometheus.yml, 1 a file_sd file, 2 a rule
// file, 3 a health profile, 4 a demo scenario (then simulated for three minutes), 5 a recording, 6 the
// same with every framed record's checksum put right, 7 a Grafana dashboard. A reader may refuse its
// input, with a reason; it may not crash, hang or allocate without bound.
void fuzzFileInput(const std::uint8_t* data, std::size_t size);
