#pragma once

#include "promapi/api_call.h"
#include "recording/recording_writer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dw {

// Turns the raw samples a Prometheus server holds for a span into a recording: one target per
// (job, instance), one scrape per original scrape time (`up`'s timestamps; a scrape where `up` was 0 is
// a failed scrape), the body the series of that scrape as exposition text. Replay then stores exactly the
// server's samples, and rebuilds the staleness markers Prometheus wrote (a series missing from a scrape).
// The span is read in slices of sliceMs per selector.
// Thread-safety: call from one thread; it runs a local event loop while waiting for the server.
struct RecordingImport {
    struct Result {
        bool ok = false;
        std::string error;
        std::vector<std::string> warnings;
        std::size_t targets = 0, scrapes = 0, series = 0, samples = 0;
    };
    static Result run(QNetworkAccessManager& network, const PrometheusServerSpec& server,
                      std::int64_t startMs, std::int64_t endMs, RecordingWriter& writer,
                      std::int64_t sliceMs = 15 * 60 * 1000);
};

} // namespace dw
