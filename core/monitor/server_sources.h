#pragma once

#include "monitor/server_panels.h"
#include "promapi/prometheus_source.h"
#include "util/clock.h"

#include <QThread>
#include <memory>
#include <mutex>
#include <vector>

namespace dw {

// The Prometheus servers the window watches: each one's PrometheusSource refreshes on a thread of their
// own (dw-prometheus), every interval, independently, so a slow server delays only its own data and never
// the UI or the evaluation thread. They write into the session's store; their targets and how each server
// answered are published here for the evaluation thread and the UI.
// Ownership and threads: the sources, their requests and their network manager are created, used and
// destroyed on the dw-prometheus thread (the worker owns them); this object is used from the thread that
// created it; targets() and states() may be called from any thread (a mutex inside).
class ServerSources {
public:
    struct State {
        std::string title;
        bool loaded = false; // a refresh has completed
        bool ok = false;
        std::string error;
        std::vector<std::string> warnings;
        std::size_t targets = 0;
        std::int64_t refreshedAtMs = 0;
        qint64 bytes = 0; // received by the last refresh
    };

    // metrics: what health reads (copied into the store); panelExpressions: the dashboard's panel queries,
    // which each server answers itself over the chart's range (ServerPanels).
    ServerSources(SeriesStore& store, std::shared_ptr<const Clock> clock, std::vector<std::string> metrics,
                  std::vector<std::string> panelExpressions, PrometheusSource::Options options);
    ~ServerSources();
    ServerSources(const ServerSources&) = delete;
    ServerSources& operator=(const ServerSources&) = delete;

    // Replaces the servers watched; each new one loads its window at once. Blocks until the worker has
    // taken them (so a server removed here sends nothing more).
    void setServers(std::vector<PrometheusServerSpec> servers);
    std::vector<PrometheusServerSpec> servers() const;
    void setInterval(std::int64_t ms);
    // The dashboard's chart range and width, which the servers' panel answers follow.
    void setPanelRange(std::int64_t rangeMs, int columns);
    // Every server's latest answers to the panel queries, by expression.
    std::map<std::string, std::vector<ServerPanels::Series>> panelSeries() const;

    std::vector<TargetStatus> targets() const;
    // The servers' own pending and firing alerts, marked with their source.
    std::vector<Alert> alerts() const;
    std::vector<State> states() const;

    // One API call to server `index` (Explore's queries and metric lists), sent from the dw-prometheus
    // thread; done runs there, once, unless the servers are replaced or this object is destroyed first.
    void call(std::size_t index, const QString& path, const QUrlQuery& form, bool post, api::Callback done);

private:
    class Worker;
    mutable std::mutex m_mutex;
    std::vector<PrometheusServerSpec> m_servers;                       // guarded by m_mutex
    std::vector<std::vector<TargetStatus>> m_targets;                  // per server, guarded by m_mutex
    std::vector<std::vector<Alert>> m_alerts;                          // per server, guarded by m_mutex
    std::vector<State> m_states;                                       // per server, guarded by m_mutex
    std::vector<std::map<std::string, ServerPanels::Series>> m_panels; // per server, guarded by m_mutex
    QThread m_thread;
    Worker* m_worker = nullptr; // lives in m_thread
    friend class Worker;
};

} // namespace dw
