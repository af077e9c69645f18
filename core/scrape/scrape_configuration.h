#pragma once

#include "scrape/prometheus_config.h"
#include "scrape/target_discovery.h"

#include <QObject>
#include <functional>
#include <memory>
#include <optional>

namespace dw {

// What a session or a command watches: targets given directly (URLs, the demo, targets added by hand) and,
// optionally, a Prometheus configuration whose discovery is followed while running — file_sd files re-read
// when they change, DNS names looked up again on their refresh interval — limited to some jobs. Every
// change hands the whole list to onChange (a ScrapeManager's setTargets, a command's scrapers).
// Loading again (a reload) replaces the configuration only when the new file loads; a file that fails
// leaves the running one in place and says why.
// Thread-safety: a QObject used from its own thread (discovery watches files and asks DNS there); onChange
// runs on that thread.
class ScrapeConfiguration : public QObject {
public:
    using Callback = std::function<void(const std::vector<TargetSpec>&)>;
    struct Options {
        std::vector<std::string> jobs;           // only these jobs' targets; empty: every job
        std::function<void(TargetSpec&)> adjust; // applied to every discovered target (a timeout, ...)
    };

    explicit ScrapeConfiguration(Callback onChange, QObject* parent = nullptr);
    ~ScrapeConfiguration() override;

    // Loads or reloads; on failure returns false, sets error ("FILE:LINE:COL: ...", or a job the file lacks)
    // and changes nothing.
    bool load(const std::string& path, std::string& error, Options options);
    bool load(const std::string& path, std::string& error);
    // Forgets the configuration; the direct targets stay.
    void unload();
    void setDirectTargets(std::vector<TargetSpec> targets);
    const std::vector<TargetSpec>& directTargets() const { return m_direct; }
    // Everything watched now: the direct targets, then the configuration's.
    std::vector<TargetSpec> targets() const;

    const PrometheusConfig* current() const { return m_config ? &*m_config : nullptr; }
    const std::string& path() const { return m_path; }
    // Discovery problems of the running configuration (unreadable file_sd files, failed DNS lookups).
    std::vector<std::string> problems() const;
    // Discovery has every answer it asked for (no DNS lookup outstanding).
    bool settled() const;

private:
    void discovered(const std::vector<TargetSpec>& targets);
    void publish();

    Callback m_onChange;
    std::optional<PrometheusConfig> m_config;
    Options m_options;
    std::unique_ptr<TargetDiscovery> m_discovery;
    std::string m_path;
    std::vector<TargetSpec> m_direct;
    std::vector<TargetSpec> m_discovered; // filtered and adjusted
};

} // namespace dw
