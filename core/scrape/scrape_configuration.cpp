#include "scrape/scrape_configuration.h"

#include <algorithm>

namespace dw {

ScrapeConfiguration::ScrapeConfiguration(Callback onChange, QObject* parent)
    : QObject(parent), m_onChange(std::move(onChange)) {}

ScrapeConfiguration::~ScrapeConfiguration() = default;

bool ScrapeConfiguration::load(const std::string& path, std::string& error) {
    return load(path, error, Options{});
}

bool ScrapeConfiguration::load(const std::string& path, std::string& error, Options options) {
    auto loaded = PrometheusConfig::load(path, error);
    if (!loaded) return false; // the running configuration stays
    for (const std::string& job : options.jobs)
        if (!loaded->job(job)) {
            error = "no job \"" + job + "\" in " + path;
            return false;
        }
    m_config = std::move(*loaded);
    m_options = std::move(options);
    m_path = path;
    m_discovered.clear();
    // The old discovery goes first, so nothing it still had under way reaches the new list.
    m_discovery.reset();
    m_discovery = std::make_unique<TargetDiscovery>(
        *m_config, [this](const std::vector<TargetSpec>& targets) { discovered(targets); }, this);
    m_discovery->start();
    return true;
}

void ScrapeConfiguration::unload() {
    m_discovery.reset();
    m_config.reset();
    m_path.clear();
    m_discovered.clear();
    publish();
}

void ScrapeConfiguration::setDirectTargets(std::vector<TargetSpec> targets) {
    m_direct = std::move(targets);
    publish();
}

void ScrapeConfiguration::discovered(const std::vector<TargetSpec>& targets) {
    m_discovered.clear();
    for (TargetSpec spec : targets) {
        const auto& jobs = m_options.jobs;
        if (!jobs.empty() && std::find(jobs.begin(), jobs.end(), spec.job) == jobs.end()) continue;
        if (m_options.adjust) m_options.adjust(spec);
        m_discovered.push_back(std::move(spec));
    }
    publish();
}

std::vector<TargetSpec> ScrapeConfiguration::targets() const {
    std::vector<TargetSpec> all = m_direct;
    all.insert(all.end(), m_discovered.begin(), m_discovered.end());
    return all;
}

void ScrapeConfiguration::publish() {
    if (m_onChange) m_onChange(targets());
}

std::vector<std::string> ScrapeConfiguration::problems() const {
    return m_discovery ? m_discovery->problems() : std::vector<std::string>{};
}

bool ScrapeConfiguration::settled() const {
    return !m_discovery || m_discovery->settled();
}

} // namespace dw
