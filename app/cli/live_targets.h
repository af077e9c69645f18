#pragma once

#include "scrape/target_scraper.h"
#include "scrape/target_spec.h"

#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

namespace dw::cli {

// The targets a command line names: those of a Prometheus configuration (empty path: none), only the
// given jobs if any, plus URLs. Reports configuration notices and problems on stderr; returns nothing
// when the configuration or a URL is unusable.
std::optional<std::vector<TargetSpec>> targetsFromArguments(const QString& configPath,
                                                            const QStringList& jobs, const QStringList& urls,
                                                            std::int64_t timeoutMs);

// Scrapes every target once, concurrently, and returns when all are stored.
void scrapeRound(const std::vector<std::unique_ptr<TargetScraper>>& scrapers);

// Runs the event loop for a while (timers and sockets keep working).
void waitFor(std::int64_t ms);

} // namespace dw::cli
