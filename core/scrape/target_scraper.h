#pragma once

#include "scrape/scrape_processor.h"
#include "util/clock.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace dw {

// Scrapes one target into the store on its own interval, as Prometheus's scrape loop does: the first
// scrape at an offset within the interval derived from a hash of the target (so many targets spread out),
// then on a fixed grid that never drifts; a scrape never overlaps the previous one (the slot is counted as
// missed). Each scrape's samples are stamped with its start time, aligned to the grid when within 2 ms, as
// Prometheus does; a ScrapeProcessor stores it.
// Thread-safety: lives in one thread (the scrape manager's); health() may be called from any thread.
class TargetScraper : public QObject {
public:
    TargetScraper(TargetSpec spec, SeriesStore& store, QNetworkAccessManager& network, const Clock& clock,
                  QObject* parent = nullptr);

    const TargetSpec& spec() const { return m_spec; }
    TargetHealth health() const;
    // Called with every scrape as received (before parsing), for recordings; on this object's thread.
    using Observer = std::function<void(const TargetSpec&, const FetchResult&, std::int64_t timestampMs)>;
    void setObserver(Observer observer);

    // Starts the scrape schedule.
    void start();
    void stop();
    // One scrape now, outside the schedule; done is called when it has been stored.
    void scrapeNow(std::function<void()> done = {});
    // The offset within the interval at which this target's scrapes fall.
    std::int64_t offsetMs() const;
    bool busy() const { return m_inFlight; }

private:
    void onTimer();
    void scheduleNext();
    void scrape(std::int64_t scheduledMs, std::function<void()> done);
    void finish(const FetchResult& result, std::int64_t timestampMs, const std::function<void()>& done);

    TargetSpec m_spec;
    QNetworkAccessManager& m_network;
    const Clock& m_clock;
    ScrapeProcessor m_processor;
    Observer m_observer;
    QTimer m_timer;
    std::int64_t m_nextMs = 0;
    bool m_running = false;
    bool m_inFlight = false;
};

// Scrapers by TargetSpec::key().
using ScraperMap = std::map<std::string, std::unique_ptr<TargetScraper>>;

// Makes `scrapers` scrape exactly `targets`: the scrapers of unchanged targets stay (their caches, health
// and schedules go on), new targets get one from create, a target listed twice is scraped once. Returns
// the scrapers no longer listed, for the caller to destroy (with any scrape of theirs in flight).
ScraperMap reconcileScrapers(ScraperMap& scrapers, const std::vector<TargetSpec>& targets,
                             const std::function<std::unique_ptr<TargetScraper>(const TargetSpec&)>& create);

} // namespace dw
