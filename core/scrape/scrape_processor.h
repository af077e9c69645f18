#pragma once

#include "scrape/scrape_ingester.h"
#include "scrape/scrape_request.h"
#include "scrape/target_status.h"

#include <array>
#include <functional>
#include <mutex>

namespace dw {

// What one finished scrape does, whether it just came off the network or out of a recording: the body
// is parsed into the store under the scrape's timestamp (a failed or unparsable one stores nothing and
// marks the previous scrape's series stale), up, scrape_duration_seconds, scrape_samples_scraped and
// scrape_body_size_bytes are appended, and the target's health is updated. Live scraping and replay share
// it, so a replay shows exactly what was shown live.
// Thread-safety: process() from one thread at a time; health() and status() from any thread.
class ScrapeProcessor {
public:
    ScrapeProcessor(TargetSpec spec, SeriesStore& store);

    const TargetSpec& spec() const { return m_spec; }
    TargetHealth health() const;
    TargetStatus status() const { return {m_spec, health(), {}}; }

    // Stores a scrape that started at timestampMs; a parse error turns the result into a failure with
    // the parser's position and message. Returns the samples stored.
    std::size_t process(FetchResult& result, std::int64_t timestampMs);
    // Scheduling counters, kept with the health.
    void countMissed(std::uint64_t count);
    void countLate();

private:
    void appendReport(std::int64_t timestampMs, bool up, const FetchResult& result, std::size_t samples);

    TargetSpec m_spec;
    SeriesStore& m_store;
    ScrapeIngester m_ingester;
    std::array<SeriesRef, 4> m_reportRefs{};
    bool m_reportRefsReady = false;
    mutable std::mutex m_healthMutex;
    TargetHealth m_health;
};

} // namespace dw
