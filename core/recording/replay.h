#pragma once

#include "recording/recording_reader.h"
#include "scrape/scrape_processor.h"
#include "util/clock.h"

#include <map>
#include <memory>
#include <optional>

namespace dw {

// A recording as a source: each recorded scrape goes to its target's ScrapeProcessor (the parser, store,
// report series and target health live scraping uses), under a replay clock. It judges nothing: an
// Assessment evaluated alongside (ReplayAssessment) does, as for live targets.
// Thread-safety: none; use from one thread. The store may be read from others meanwhile.
class Replay {
public:
    Replay();
    // Replays into a store and under a clock owned elsewhere (a monitoring session's).
    Replay(SeriesStore& store, std::shared_ptr<ManualClock> clock);
    ~Replay();

    // Opens a recording and finds its time span (a pass over the records without their bodies).
    bool open(const QString& path, std::string& error);
    std::int64_t startMs() const { return m_startMs; }
    std::int64_t endMs() const { return m_endMs; }
    const Clock& clock() const { return *m_clock; }
    std::shared_ptr<const Clock> sharedClock() const { return m_clock; }

    // Feeds every scrape that started at or before t; the clock then reads t. Times before the current
    // one are ignored: replays go forward.
    void runTo(std::int64_t t);
    void runToEnd() { runTo(m_endMs); }
    // Goes to any time: backwards by starting again from the beginning (the store is cleared).
    void seek(std::int64_t t);
    // When each scrape started, in file order: the steps of a replay timeline.
    const std::vector<std::int64_t>& scrapeTimes() const { return m_scrapeTimes; }

    SeriesStore& store() { return *m_store; }
    std::vector<TargetStatus> targets() const;
    std::uint64_t scrapesReplayed() const { return m_scrapes; }
    // Damage found while reading (offsets and what was lost) and a torn tail.
    const RecordingReader& reader() const { return *m_reader; }

private:
    void feed(const RecordedScrape& scrape);
    void restart();

    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<SeriesStore> m_ownStore;
    SeriesStore* m_store;
    QString m_path;
    std::vector<std::int64_t> m_scrapeTimes;
    std::unique_ptr<RecordingReader> m_reader;
    std::map<std::uint32_t, std::unique_ptr<ScrapeProcessor>> m_processors;
    std::optional<RecordedScrape> m_pending; // read, not yet due
    bool m_atEnd = false;
    std::int64_t m_startMs = 0;
    std::int64_t m_endMs = 0;
    std::uint64_t m_scrapes = 0;
};

} // namespace dw
