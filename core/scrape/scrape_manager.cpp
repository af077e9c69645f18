#include "scrape/scrape_manager.h"

#include "scrape/target_scraper.h"
#include "util/thread_handoff.h"

#include <QNetworkAccessManager>
#include <map>

namespace dw {

// Lives in the manager's thread; everything in it runs there.
struct ScrapeManager::Worker : QObject {
    ScrapeManager& owner;
    std::unique_ptr<QNetworkAccessManager> network;
    ScraperMap scrapers;
    mutable std::mutex scrapersMutex; // guards the map for targets() from other threads
    TargetScraper::Observer observer;

    explicit Worker(ScrapeManager& manager) : owner(manager) {}

    void apply(const std::vector<TargetSpec>& targets) {
        if (!network) network = std::make_unique<QNetworkAccessManager>();
        ScraperMap removed;
        {
            std::lock_guard lock(scrapersMutex);
            removed = reconcileScrapers(scrapers, targets, [this](const TargetSpec& spec) {
                auto scraper = std::make_unique<TargetScraper>(spec, owner.m_store, *network, owner.m_clock);
                scraper->setObserver(observer);
                scraper->start();
                return scraper;
            });
        }
        removed.clear(); // targets no longer listed stop here, outside the lock
    }
};

ScrapeManager::ScrapeManager(SeriesStore& store, const Clock& clock)
    : m_store(store), m_clock(clock), m_worker(std::make_unique<Worker>(*this)) {
    m_thread.setObjectName("dw-scrape");
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

ScrapeManager::~ScrapeManager() {
    // Scrapers and the network manager must die in the thread that owns them.
    invokeOn(
        m_worker.get(),
        [worker = m_worker.get()] {
            std::lock_guard lock(worker->scrapersMutex);
            worker->scrapers.clear();
            worker->network.reset();
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void ScrapeManager::setObserver(TargetScraper::Observer observer) {
    invokeOn(
        m_worker.get(),
        [worker = m_worker.get(), observer = std::move(observer)] {
            worker->observer = observer;
            for (auto& [key, scraper] : worker->scrapers)
                scraper->setObserver(observer);
        },
        Qt::BlockingQueuedConnection);
}

void ScrapeManager::setTargets(const std::vector<TargetSpec>& targets) {
    // Blocking, so that a removed target's scraper (and any scrape of it in flight) is gone on return:
    // nothing of it writes into the store afterwards.
    auto apply = [worker = m_worker.get(), &targets] { worker->apply(targets); };
    if (QThread::currentThread() == &m_thread)
        apply();
    else
        invokeOn(m_worker.get(), apply, Qt::BlockingQueuedConnection);
}

std::vector<ScrapeManager::TargetStatus> ScrapeManager::targets() const {
    std::lock_guard lock(m_worker->scrapersMutex);
    std::vector<TargetStatus> out;
    out.reserve(m_worker->scrapers.size());
    for (const auto& [key, scraper] : m_worker->scrapers)
        out.push_back({scraper->spec(), scraper->health(), {}});
    return out;
}

void ScrapeManager::scrapeAllNow(std::function<void()> done) {
    invokeOn(
        m_worker.get(),
        [worker = m_worker.get(), done = std::move(done)] {
            auto remaining = std::make_shared<std::size_t>(worker->scrapers.size());
            if (*remaining == 0) {
                if (done) done();
                return;
            }
            for (auto& [key, scraper] : worker->scrapers)
                scraper->scrapeNow([remaining, done] {
                    if (--*remaining == 0 && done) done();
                });
        },
        Qt::QueuedConnection);
}

} // namespace dw
