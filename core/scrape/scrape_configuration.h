#pragma once

#include "scrape/prometheus_config.h"
#include "scrape/scrape_manager.h"
#include "scrape/target_discovery.h"

#include <QObject>
#include <memory>
#include <optional>

namespace dw {

// The running scrape configuration: a Prometheus configuration file, its target discovery, and the
// ScrapeManager scraping what they name. Loading again (a reload) replaces all of it only when the new
// file loads; a file that fails leaves the running configuration in place and says why.
// Thread-safety: a QObject used from its own thread (discovery watches files there).
class ScrapeConfiguration : public QObject {
public:
    explicit ScrapeConfiguration(ScrapeManager& manager, QObject* parent = nullptr);
    ~ScrapeConfiguration() override;

    // Loads or reloads; on failure returns false, sets error ("FILE:LINE:COL: ...") and changes nothing.
    bool load(const std::string& path, std::string& error);
    const PrometheusConfig* current() const { return m_config ? &*m_config : nullptr; }
    const std::string& path() const { return m_path; }
    // Discovery problems of the running configuration (unreadable file_sd files, failed DNS lookups).
    std::vector<std::string> problems() const;

private:
    ScrapeManager& m_manager;
    std::optional<PrometheusConfig> m_config;
    std::unique_ptr<TargetDiscovery> m_discovery;
    std::string m_path;
};

} // namespace dw
