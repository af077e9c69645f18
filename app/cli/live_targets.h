#pragma once

#include "scrape/scrape_configuration.h"
#include "scrape/target_scraper.h"
#include "scrape/target_status.h"

#include <QNetworkAccessManager>
#include <QString>
#include <QStringList>
#include <map>
#include <memory>
#include <vector>

namespace dw::cli {

// The targets a command scrapes: its URLs and, with --config, the configuration's targets (only --job's)
// as discovery finds them while the command runs: a file_sd file that changes or a DNS answer that
// arrives adds and removes scrapers from then on. Scrapers run on the command's thread and event loop;
// scheduled ones (record) follow their intervals, the others are driven by scrapeRound() (check, query).
// Thread-safety: use from the command's thread only.
class LiveTargets {
public:
    // adjust is applied to every target, direct or discovered (a command's --timeout, --interval).
    LiveTargets(SeriesStore& store, const Clock& clock, std::function<void(TargetSpec&)> adjust);
    ~LiveTargets();

    // Reads the configuration (empty path: none) and the URLs, printing the configuration's notices on
    // stderr; false (reported) when the configuration, a job or a URL is unusable.
    bool open(const QString& configPath, const QStringList& jobs, const QStringList& urls,
              std::int64_t timeoutMs);
    // Adds a target given directly (the embedded demo).
    void add(TargetSpec spec);
    // Runs the event loop until discovery has its DNS answers, at most maxMs; then prints discovery's
    // problems (unreadable files, failed lookups) on stderr.
    void settle(std::int64_t maxMs);
    // Every scrape from now on, in rounds or scheduled, is reported to observer.
    void observe(TargetScraper::Observer observer);
    // Scrapers from now on start their own schedules and report every scrape to observer.
    void startSchedules(TargetScraper::Observer observer);

    // Stops following the configuration and every scraper (with any scrape in flight).
    void stop();
    // Scrapes every target once, concurrently, and returns when all are stored.
    void scrapeRound();
    std::size_t size() const { return m_scrapers.size(); }
    std::vector<TargetStatus> statuses() const;

private:
    void apply(const std::vector<TargetSpec>& targets);

    SeriesStore& m_store;
    const Clock& m_clock;
    std::function<void(TargetSpec&)> m_adjust;
    QNetworkAccessManager m_network;
    ScraperMap m_scrapers;
    bool m_scheduled = false;
    bool m_stopped = false;
    TargetScraper::Observer m_observer;
    ScrapeConfiguration m_configuration; // last: its callback uses the members above
};

// Runs the event loop for a while (timers and sockets keep working).
void waitFor(std::int64_t ms);

} // namespace dw::cli
