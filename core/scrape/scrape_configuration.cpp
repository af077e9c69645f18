#include "scrape/scrape_configuration.h"

namespace dw {

ScrapeConfiguration::ScrapeConfiguration(ScrapeManager& manager, QObject* parent)
    : QObject(parent), m_manager(manager) {}

ScrapeConfiguration::~ScrapeConfiguration() = default;

bool ScrapeConfiguration::load(const std::string& path, std::string& error) {
    auto loaded = PrometheusConfig::load(path, error);
    if (!loaded) return false; // the running configuration stays
    m_config = std::move(*loaded);
    m_path = path;
    m_discovery = std::make_unique<TargetDiscovery>(
        *m_config, [this](const std::vector<TargetSpec>& targets) { m_manager.setTargets(targets); }, this);
    m_discovery->start();
    return true;
}

std::vector<std::string> ScrapeConfiguration::problems() const {
    return m_discovery ? m_discovery->problems() : std::vector<std::string>{};
}

} // namespace dw
