#include "monitor/server_sources.h"

#include "util/thread_handoff.h"

#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QTimer>

namespace dw {

class ServerSources::Worker : public QObject {
public:
    Worker(ServerSources& owner, SeriesStore& store, std::shared_ptr<const Clock> clock,
           std::vector<std::string> metrics, std::vector<std::string> panelExpressions,
           PrometheusSource::Options options)
        : m_owner(owner), m_store(store), m_clock(std::move(clock)), m_metrics(std::move(metrics)),
          m_panelExpressions(std::move(panelExpressions)), m_options(options) {}

    // On the worker's thread from here on.
    void begin() {
        m_network = std::make_unique<QNetworkAccessManager>();
        m_timer = std::make_unique<QTimer>();
        m_timer->setInterval(m_intervalMs);
        QObject::connect(m_timer.get(), &QTimer::timeout, this, [this] { refreshAll(); });
        m_timer->start();
    }
    void end() {
        m_timer.reset();
        m_sources.clear(); // aborts their requests, whose callbacks are then never called
        m_panels.clear();  // after the sources: the panels' calls are their requests
        m_network.reset();
    }
    void setServers(const std::vector<PrometheusServerSpec>& servers) {
        m_sources.clear(); // no callback of a removed server runs after this
        m_panels.clear();
        {
            std::lock_guard lock(m_owner.m_mutex);
            m_owner.m_servers = servers;
            m_owner.m_targets.assign(servers.size(), {});
            m_owner.m_alerts.assign(servers.size(), {});
            m_owner.m_panels.assign(servers.size(), {});
            m_owner.m_states.assign(servers.size(), {});
            for (std::size_t i = 0; i < servers.size(); ++i)
                m_owner.m_states[i].title = servers[i].title();
        }
        m_busy.assign(servers.size(), false);
        for (const PrometheusServerSpec& server : servers) {
            m_sources.push_back(std::make_unique<PrometheusSource>(m_store, server, m_metrics, m_options));
            m_panels.push_back(std::make_unique<ServerPanels>(m_panelExpressions));
        }
        refreshAll();
    }
    void call(std::size_t index, const QString& path, const QUrlQuery& form, bool post, api::Callback done) {
        if (index >= m_sources.size()) return;
        // The source owns the request: replaced or destroyed, it takes the call (and done) with it.
        api::call(*m_network, m_sources[index]->server(), path, form, post, *m_sources[index],
                  std::move(done));
    }
    void setPanelRange(std::int64_t rangeMs, int columns) {
        m_rangeMs = rangeMs;
        m_columns = columns;
    }
    void setInterval(std::int64_t ms) {
        m_intervalMs = int(ms);
        if (m_timer) m_timer->setInterval(m_intervalMs);
    }

private:
    void refreshAll() {
        for (std::size_t i = 0; i < m_panels.size(); ++i)
            m_panels[i]->refresh(*m_network, m_sources[i]->server(), *m_sources[i], m_clock->nowMs(),
                                 m_rangeMs, m_columns, [this, i] {
                                     std::lock_guard lock(m_owner.m_mutex);
                                     if (i < m_owner.m_panels.size())
                                         m_owner.m_panels[i] = m_panels[i]->results();
                                 });
        for (std::size_t i = 0; i < m_sources.size(); ++i) {
            if (m_busy[i]) continue; // a slow server: its next refresh waits for this one
            m_busy[i] = true;
            PrometheusSource* source = m_sources[i].get();
            // Runs only while the source lives (its requests are its children), on this thread.
            source->refresh(*m_network, m_clock->nowMs(), true,
                            [this, i, source](const PrometheusSource::Refresh& r) {
                                m_busy[i] = false;
                                publish(i, *source, r);
                            });
        }
    }
    void publish(std::size_t i, const PrometheusSource& source, const PrometheusSource::Refresh& refresh) {
        std::lock_guard lock(m_owner.m_mutex);
        if (i >= m_owner.m_states.size()) return;
        State& state = m_owner.m_states[i];
        state.loaded = true;
        state.ok = refresh.ok;
        state.error = refresh.error;
        state.warnings = refresh.warnings;
        state.bytes = refresh.bytes;
        state.refreshedAtMs = m_clock->nowMs();
        m_owner.m_targets[i] = source.targets();
        m_owner.m_alerts[i] = source.alerts();
        state.targets = m_owner.m_targets[i].size();
    }

    ServerSources& m_owner;
    SeriesStore& m_store;
    std::shared_ptr<const Clock> m_clock;
    std::vector<std::string> m_metrics;
    std::vector<std::string> m_panelExpressions;
    PrometheusSource::Options m_options;
    std::int64_t m_rangeMs = std::int64_t{15} * 60 * 1000;
    int m_columns = 800;
    int m_intervalMs = 5000;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<QTimer> m_timer;
    std::vector<std::unique_ptr<PrometheusSource>> m_sources;
    std::vector<std::unique_ptr<ServerPanels>> m_panels; // one per source, destroyed after it
    std::vector<bool> m_busy;
};

ServerSources::ServerSources(SeriesStore& store, std::shared_ptr<const Clock> clock,
                             std::vector<std::string> metrics, std::vector<std::string> panelExpressions,
                             PrometheusSource::Options options) {
    m_worker =
        new Worker(*this, store, std::move(clock), std::move(metrics), std::move(panelExpressions), options);
    m_worker->moveToThread(&m_thread);
    m_thread.setObjectName("dw-prometheus");
    m_thread.start();
    invokeOn(
        m_worker, [w = m_worker] { w->begin(); }, Qt::BlockingQueuedConnection);
}

ServerSources::~ServerSources() {
    invokeOn(
        m_worker, [w = m_worker] { w->end(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has ended
}

void ServerSources::setServers(std::vector<PrometheusServerSpec> servers) {
    invokeOn(
        m_worker, [w = m_worker, servers = std::move(servers)] { w->setServers(servers); },
        Qt::BlockingQueuedConnection);
}

std::vector<PrometheusServerSpec> ServerSources::servers() const {
    std::lock_guard lock(m_mutex);
    return m_servers;
}

void ServerSources::setInterval(std::int64_t ms) {
    invokeOn(m_worker, [w = m_worker, ms] { w->setInterval(ms); });
}

void ServerSources::call(std::size_t index, const QString& path, const QUrlQuery& form, bool post,
                         api::Callback done) {
    invokeOn(m_worker, [w = m_worker, index, path, form, post, done = std::move(done)]() mutable {
        w->call(index, path, form, post, std::move(done));
    });
}

std::vector<TargetStatus> ServerSources::targets() const {
    std::lock_guard lock(m_mutex);
    std::vector<TargetStatus> out;
    for (const auto& list : m_targets)
        out.insert(out.end(), list.begin(), list.end());
    return out;
}

void ServerSources::setPanelRange(std::int64_t rangeMs, int columns) {
    invokeOn(m_worker, [w = m_worker, rangeMs, columns] { w->setPanelRange(rangeMs, columns); });
}

std::map<std::string, std::vector<ServerPanels::Series>> ServerSources::panelSeries() const {
    std::lock_guard lock(m_mutex);
    std::map<std::string, std::vector<ServerPanels::Series>> out;
    for (const auto& server : m_panels)
        for (const auto& [expression, series] : server)
            out[expression].push_back(series);
    return out;
}

std::vector<Alert> ServerSources::alerts() const {
    std::lock_guard lock(m_mutex);
    std::vector<Alert> out;
    for (const auto& list : m_alerts)
        out.insert(out.end(), list.begin(), list.end());
    return out;
}

std::vector<ServerSources::State> ServerSources::states() const {
    std::lock_guard lock(m_mutex);
    return m_states;
}

} // namespace dw
