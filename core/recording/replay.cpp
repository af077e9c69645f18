#include "recording/replay.h"

#include <algorithm>

namespace dw {

namespace {

SeriesStore::Options replayStoreOptions() {
    SeriesStore::Options options;
    options.retentionMs = std::int64_t(400) * 24 * 3600 * 1000; // a recording is kept whole
    return options;
}

TargetSpec specOf(const RecordedTarget& target) {
    TargetSpec spec;
    spec.url = QUrl(QString::fromStdString(target.url));
    spec.job = target.job;
    spec.labels = target.labels;
    spec.intervalMs = target.intervalMs;
    spec.timeoutMs = target.timeoutMs;
    return spec;
}

} // namespace

Replay::Replay()
    : m_clock(std::make_shared<ManualClock>(0)),
      m_ownStore(std::make_unique<SeriesStore>(replayStoreOptions())), m_store(m_ownStore.get()) {}

Replay::Replay(SeriesStore& store, std::shared_ptr<ManualClock> clock)
    : m_clock(std::move(clock)), m_store(&store) {}

Replay::~Replay() = default;

bool Replay::open(const QString& path, std::string& error) {
    RecordingReader scan;
    if (!scan.open(path, error)) return false;
    scan.setDecodeBodies(false);
    RecordedScrape s;
    bool first = true;
    m_scrapeTimes.clear();
    while (scan.next(s)) {
        m_scrapeTimes.push_back(s.timestampMs);
        m_startMs = first ? s.timestampMs : std::min(m_startMs, s.timestampMs);
        m_endMs = first ? s.timestampMs : std::max(m_endMs, s.timestampMs);
        first = false;
    }
    std::sort(m_scrapeTimes.begin(), m_scrapeTimes.end());
    m_path = path;
    restart();
    return m_reader != nullptr;
}

void Replay::restart() {
    m_store->clear();
    m_processors.clear();
    m_pending.reset();
    m_atEnd = false;
    m_scrapes = 0;
    m_reader = std::make_unique<RecordingReader>();
    std::string error;
    if (!m_reader->open(m_path, error)) m_reader.reset(); // it was readable a moment ago: gone since
    m_clock->setMs(m_startMs);
}

void Replay::seek(std::int64_t t) {
    if (t < m_clock->nowMs()) restart();
    runTo(t);
}

void Replay::runTo(std::int64_t t) {
    if (!m_reader || t < m_clock->nowMs()) return;
    for (;;) {
        if (!m_pending && !m_atEnd) {
            RecordedScrape next;
            if (m_reader->next(next))
                m_pending = std::move(next);
            else
                m_atEnd = true;
        }
        if (!m_pending || m_pending->timestampMs > t) break;
        feed(*m_pending);
        m_pending.reset();
    }
    m_clock->setMs(t);
}

void Replay::feed(const RecordedScrape& scrape) {
    auto& processor = m_processors[scrape.target];
    if (!processor) {
        const auto& targets = m_reader->targets();
        const auto it = targets.find(scrape.target);
        processor = std::make_unique<ScrapeProcessor>(it != targets.end() ? specOf(it->second) : TargetSpec{},
                                                      *m_store);
    }
    FetchResult result;
    result.ok = scrape.ok;
    result.status = scrape.status;
    result.contentType = QByteArray::fromStdString(scrape.contentType);
    result.body = QByteArray::fromRawData(scrape.body.data(), qsizetype(scrape.body.size()));
    result.bodySize = scrape.bodySize;
    result.durationMs = scrape.durationMs;
    result.error = scrape.error;
    m_clock->setMs(scrape.timestampMs);
    processor->process(result, scrape.timestampMs);
    ++m_scrapes;
}

std::vector<TargetStatus> Replay::targets() const {
    std::vector<TargetStatus> out;
    for (const auto& [id, processor] : m_processors)
        out.push_back(processor->status());
    return out;
}

} // namespace dw
