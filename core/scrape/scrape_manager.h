#pragma once

#include "scrape/target_scraper.h"
#include "scrape/target_status.h"
#include "store/series_store.h"
#include "util/clock.h"

#include <QThread>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace dw {

// Scrapes many targets concurrently on a thread of its own, so the GUI never waits on the network or on
// parsing. Each target runs its own schedule (TargetScraper) through one QNetworkAccessManager.
// Replacing the target list keeps the scrapers of targets that did not change, so their caches, health and
// schedules continue; removed targets stop at once: setTargets() returns when their scrapers, and any scrape
// of theirs in flight, are destroyed.
// Ownership: the scrapers and the network manager live in (and are destroyed on) the manager's thread; a
// scraper owns its requests in flight. Thread-safety: every public method may be called from any thread.
class ScrapeManager {
public:
    using TargetStatus = dw::TargetStatus;

    ScrapeManager(SeriesStore& store, const Clock& clock);
    ~ScrapeManager();
    ScrapeManager(const ScrapeManager&) = delete;
    ScrapeManager& operator=(const ScrapeManager&) = delete;

    void setTargets(const std::vector<TargetSpec>& targets);
    std::vector<TargetStatus> targets() const;
    // Every scrape of every target as received (a recorder); called on the manager's thread. Empty: none.
    // Returns once every scraper has it.
    void setObserver(TargetScraper::Observer observer);
    // Scrapes every target once now, outside the schedules; done runs (on the manager's thread) when all
    // have been stored.
    void scrapeAllNow(std::function<void()> done);

private:
    struct Worker;
    SeriesStore& m_store;
    const Clock& m_clock;
    QThread m_thread;
    std::unique_ptr<Worker> m_worker;
};

} // namespace dw
