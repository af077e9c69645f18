#include "scrape/target_scraper.h"

#include "util/hash.h"

#include <cmath>

namespace dw {

namespace {
constexpr std::int64_t kTimestampToleranceMs = 2;
} // namespace

const char* targetStateName(TargetHealth::State state) {
    switch (state) {
    case TargetHealth::State::Up:
        return "up";
    case TargetHealth::State::Down:
        return "down";
    case TargetHealth::State::Unknown:
        break;
    }
    return "unknown";
}

TargetScraper::TargetScraper(TargetSpec spec, SeriesStore& store, QNetworkAccessManager& network,
                             const Clock& clock, QObject* parent)
    : QObject(parent), m_spec(std::move(spec)), m_network(network), m_clock(clock),
      m_processor(m_spec, store) {
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &TargetScraper::onTimer);
}

TargetHealth TargetScraper::health() const {
    return m_processor.health();
}

void TargetScraper::setObserver(Observer observer) {
    m_observer = std::move(observer);
}

std::int64_t TargetScraper::offsetMs() const {
    const std::string identity = m_spec.url.toString(QUrl::RemoveUserInfo).toStdString() + "\n" + m_spec.job;
    return std::int64_t(hashBytes(identity) % std::uint64_t(std::max<std::int64_t>(1, m_spec.intervalMs)));
}

void TargetScraper::start() {
    m_running = true;
    const std::int64_t now = m_clock.nowMs();
    const std::int64_t interval = std::max<std::int64_t>(1, m_spec.intervalMs);
    m_nextMs = now - now % interval + offsetMs();
    if (m_nextMs < now) m_nextMs += interval;
    scheduleNext();
}

void TargetScraper::stop() {
    m_running = false;
    m_timer.stop();
}

void TargetScraper::scheduleNext() {
    if (!m_running) return;
    // The wait is in wall time; the schedule is in the clock's (an accelerated demo's) time.
    const double rate = std::max(1e-6, m_clock.rate());
    m_timer.start(int(double(std::max<std::int64_t>(0, m_nextMs - m_clock.nowMs())) / rate));
}

void TargetScraper::onTimer() {
    const std::int64_t scheduled = m_nextMs;
    const std::int64_t interval = std::max<std::int64_t>(1, m_spec.intervalMs);
    // The grid never drifts: the next slot is a whole number of intervals after the first.
    m_nextMs += interval;
    const std::int64_t now = m_clock.nowMs();
    if (now >= m_nextMs) {
        const std::int64_t skipped = (now - m_nextMs) / interval + 1;
        m_nextMs += skipped * interval;
        m_processor.countMissed(std::uint64_t(skipped));
    }
    if (now - scheduled > interval / 10) m_processor.countLate();
    if (m_inFlight) {
        m_processor.countMissed(1);
    } else {
        scrape(scheduled, {});
    }
    scheduleNext();
}

void TargetScraper::scrapeNow(std::function<void()> done) {
    if (m_inFlight) {
        if (done) done();
        return;
    }
    scrape(-1, std::move(done));
}

void TargetScraper::scrape(std::int64_t scheduledMs, std::function<void()> done) {
    m_inFlight = true;
    std::int64_t timestamp = m_clock.nowMs();
    if (scheduledMs >= 0 && std::abs(timestamp - scheduledMs) <= kTimestampToleranceMs)
        timestamp = scheduledMs;
    ScrapeRequest::start(m_network, m_spec, *this,
                         [this, timestamp, done = std::move(done)](const FetchResult& result) {
                             finish(result, timestamp, done);
                         });
}

void TargetScraper::finish(const FetchResult& fetched, std::int64_t timestampMs,
                           const std::function<void()>& done) {
    m_inFlight = false;
    // The recorder sees the scrape as received, before parsing can turn it into a failure.
    if (m_observer) m_observer(m_spec, fetched, timestampMs);
    FetchResult result = fetched;
    m_processor.process(result, timestampMs);
    if (done) done();
}

ScraperMap reconcileScrapers(ScraperMap& scrapers, const std::vector<TargetSpec>& targets,
                             const std::function<std::unique_ptr<TargetScraper>(const TargetSpec&)>& create) {
    ScraperMap next;
    for (const TargetSpec& spec : targets) {
        std::string key = spec.key();
        if (next.count(key)) continue;
        if (auto it = scrapers.find(key); it != scrapers.end()) {
            next.emplace(std::move(key), std::move(it->second));
            scrapers.erase(it);
        } else {
            next.emplace(std::move(key), create(spec));
        }
    }
    scrapers.swap(next);
    return next; // what was not listed any more
}

} // namespace dw
