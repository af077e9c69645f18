#include "cli/live_targets.h"

#include "cli/command.h"
#include "cli/input_source.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

namespace dw::cli {

LiveTargets::LiveTargets(SeriesStore& store, const Clock& clock, std::function<void(TargetSpec&)> adjust)
    : m_store(store), m_clock(clock), m_adjust(std::move(adjust)),
      m_configuration([this](const std::vector<TargetSpec>& targets) { apply(targets); }) {}

LiveTargets::~LiveTargets() {
    stop();
}

void LiveTargets::stop() {
    m_stopped = true; // discovery's last words create nothing
    m_configuration.unload();
    m_scrapers.clear();
}

bool LiveTargets::open(const QString& configPath, const QStringList& jobs, const QStringList& urls,
                       std::int64_t timeoutMs) {
    std::vector<TargetSpec> direct;
    for (const QString& url : urls) {
        QString error;
        auto spec = targetFromUrl(url, timeoutMs, error);
        if (!spec) {
            printErr(error + "\n");
            return false;
        }
        direct.push_back(std::move(*spec));
    }
    if (!configPath.isEmpty()) {
        ScrapeConfiguration::Options options;
        for (const QString& job : jobs)
            options.jobs.push_back(job.toStdString());
        options.adjust = m_adjust;
        std::string error;
        if (!m_configuration.load(configPath.toStdString(), error, options)) {
            printErr(QString::fromStdString(error) + "\n");
            return false;
        }
        for (const std::string& notice : m_configuration.current()->notices)
            printErr(QString::fromStdString(notice) + "\n");
    }
    for (TargetSpec& spec : direct)
        if (m_adjust) m_adjust(spec);
    m_configuration.setDirectTargets(std::move(direct));
    return true;
}

void LiveTargets::add(TargetSpec spec) {
    auto direct = m_configuration.directTargets();
    direct.push_back(std::move(spec));
    m_configuration.setDirectTargets(std::move(direct));
}

void LiveTargets::settle(std::int64_t maxMs) {
    QElapsedTimer waited;
    waited.start();
    while (!m_configuration.settled() && waited.elapsed() < maxMs)
        waitFor(10);
    for (const std::string& problem : m_configuration.problems())
        printErr(QString::fromStdString(problem) + "\n");
}

void LiveTargets::observe(TargetScraper::Observer observer) {
    m_observer = std::move(observer);
    for (auto& [key, scraper] : m_scrapers)
        scraper->setObserver(m_observer);
}

void LiveTargets::startSchedules(TargetScraper::Observer observer) {
    m_scheduled = true;
    observe(std::move(observer));
    for (auto& [key, scraper] : m_scrapers)
        scraper->start();
}

void LiveTargets::apply(const std::vector<TargetSpec>& targets) {
    if (m_stopped) return;
    // Targets no longer listed stop here, with any scrape of theirs in flight.
    reconcileScrapers(m_scrapers, targets, [this](const TargetSpec& spec) {
        auto scraper = std::make_unique<TargetScraper>(spec, m_store, m_network, m_clock);
        if (m_observer) scraper->setObserver(m_observer);
        if (m_scheduled) scraper->start();
        return scraper;
    });
}

void LiveTargets::scrapeRound() {
    std::size_t remaining = m_scrapers.size();
    if (remaining == 0) return;
    QEventLoop loop;
    // A scraper removed by discovery during the round never calls back; the round ends without it.
    auto finished = std::make_shared<std::size_t>(0);
    for (auto& [key, scraper] : m_scrapers)
        scraper->scrapeNow([&loop, finished, remaining] {
            if (++*finished == remaining) loop.quit();
        });
    QTimer guard; // a removed scraper's round is over when every remaining one has answered
    guard.setInterval(50);
    QObject::connect(&guard, &QTimer::timeout, &loop, [&] {
        std::size_t busy = 0;
        for (auto& [key, scraper] : m_scrapers)
            busy += scraper->busy();
        if (busy == 0) loop.quit();
    });
    guard.start();
    if (*finished < remaining) loop.exec();
}

std::vector<TargetStatus> LiveTargets::statuses() const {
    std::vector<TargetStatus> out;
    for (const auto& [key, scraper] : m_scrapers)
        out.push_back({scraper->spec(), scraper->health(), {}});
    return out;
}

void waitFor(std::int64_t ms) {
    QEventLoop loop;
    QTimer::singleShot(int(ms), &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace dw::cli
