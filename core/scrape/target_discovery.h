#pragma once

#include "scrape/prometheus_config.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace dw {

// Keeps a configuration's target list current: its static targets, the groups in its file_sd files
// (JSON or YAML; re-read when they change and on their refresh interval) and its DNS SRV or A lookups
// (through Qt's QDnsLookup, on their refresh interval). When a file cannot be read or parsed, its previous
// targets are kept and the problem is reported; reading goes on.
// Thread-safety: a QObject used from its own thread only.
class TargetDiscovery : public QObject {
public:
    using Callback = std::function<void(const std::vector<TargetSpec>&)>;

    TargetDiscovery(PrometheusConfig config, Callback onChange, QObject* parent = nullptr);
    // Reads the files now and starts the DNS lookups; onChange runs now and after every change.
    void start();
    const std::vector<TargetSpec>& targets() const { return m_targets; }
    // Current problems, one sentence each ("targets.json: line 3: ...").
    std::vector<std::string> problems() const;
    // No DNS lookup is waiting for its answer: the targets are as complete as discovery can make them.
    bool settled() const { return m_lookupsPending == 0; }

private:
    void readFiles();
    void readFile(std::size_t jobIndex, const std::string& path);
    void lookup(std::size_t jobIndex, const DnsSdConfig& sd, const std::string& name);
    void publish();

    PrometheusConfig m_config;
    Callback m_onChange;
    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    std::vector<std::unique_ptr<QTimer>> m_timers;
    // Discovered groups by job and source ("file:PATH" or "dns:NAME").
    std::map<std::pair<std::size_t, std::string>, std::vector<TargetGroup>> m_groups;
    std::map<std::string, std::string> m_problems;
    std::vector<TargetSpec> m_targets;
    bool m_published = false;
    int m_lookupsPending = 0;
};

} // namespace dw
