#include "cli/live_targets.h"

#include "cli/command.h"
#include "cli/input_source.h"
#include "scrape/prometheus_config.h"
#include "scrape/target_discovery.h"

#include <QEventLoop>
#include <QTimer>

namespace dw::cli {

std::optional<std::vector<TargetSpec>> targetsFromArguments(const QString& configPath,
                                                            const QStringList& jobs, const QStringList& urls,
                                                            std::int64_t timeoutMs) {
    std::vector<TargetSpec> targets;
    if (!configPath.isEmpty()) {
        std::string error;
        const auto config = PrometheusConfig::load(configPath.toStdString(), error);
        if (!config) {
            printErr(QString::fromStdString(error) + "\n");
            return std::nullopt;
        }
        for (const std::string& notice : config->notices)
            printErr(QString::fromStdString(notice) + "\n");
        for (const QString& job : jobs)
            if (!config->job(job.toStdString())) {
                printErr(QStringLiteral("no job \"%1\" in %2\n").arg(job, configPath));
                return std::nullopt;
            }
        TargetDiscovery discovery(*config, {});
        discovery.start();
        for (const std::string& problem : discovery.problems())
            printErr(QString::fromStdString(problem) + "\n");
        for (const TargetSpec& spec : discovery.targets())
            if (jobs.isEmpty() || jobs.contains(QString::fromStdString(spec.job))) targets.push_back(spec);
    }
    for (const QString& url : urls) {
        QString error;
        auto spec = targetFromUrl(url, timeoutMs, error);
        if (!spec) {
            printErr(error + "\n");
            return std::nullopt;
        }
        targets.push_back(std::move(*spec));
    }
    return targets;
}

void scrapeRound(const std::vector<std::unique_ptr<TargetScraper>>& scrapers) {
    std::size_t remaining = scrapers.size();
    QEventLoop loop;
    for (const auto& scraper : scrapers)
        scraper->scrapeNow([&] {
            if (--remaining == 0) loop.quit();
        });
    if (remaining > 0) loop.exec();
}

void waitFor(std::int64_t ms) {
    QEventLoop loop;
    QTimer::singleShot(int(ms), &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace dw::cli
