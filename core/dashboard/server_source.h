#pragma once

#include "dashboard/dashboard_source.h"
#include "promapi/server_spec.h"

#include <QNetworkAccessManager>

namespace dw::dashboard {

// A dashboard's answers from a Prometheus server's HTTP API (or Thanos, Mimir, VictoriaMetrics), the way
// Grafana's Prometheus datasource asks: /api/v1/query and query_range, /api/v1/labels and
// /api/v1/label/NAME/values with match[]. Each call waits in a local event loop: for the command line.
// Thread-safety: use from the thread of the network manager.
class ServerSource final : public DashboardSource {
public:
    // scrapeIntervalMs: the datasource's "scrape interval" setting; Grafana's default is 15 s.
    ServerSource(QNetworkAccessManager& network, PrometheusServerSpec server, promql::Generation generation,
                 std::int64_t scrapeIntervalMs = 15000);

    std::string describe() const override;
    std::int64_t nowMs() const override;
    std::int64_t scrapeIntervalMs() const override { return m_scrapeIntervalMs; }
    promql::Generation generation() const override { return m_generation; }
    bool query(const std::string& expr, bool instant, std::int64_t startMs, std::int64_t endMs,
               std::int64_t stepMs, promql::QueryResult& result, std::string& error) override;
    bool metricNames(std::int64_t startMs, std::int64_t endMs, std::vector<std::string>& out,
                     std::string& error) override;
    bool labelNames(std::int64_t startMs, std::int64_t endMs, std::vector<std::string>& out,
                    std::string& error) override;
    bool labelValues(const std::string& label, const std::string& match, std::int64_t startMs,
                     std::int64_t endMs, std::vector<std::string>& out, std::string& error) override;

    // Whether the last call failed to reach the server at all (not an error the server answered).
    bool unreachable() const override { return m_unreachable; }

private:
    bool strings(const QString& path, const QUrlQuery& form, std::vector<std::string>& out,
                 std::string& error);

    QNetworkAccessManager& m_network;
    PrometheusServerSpec m_server;
    promql::Generation m_generation;
    std::int64_t m_scrapeIntervalMs;
    bool m_unreachable = false;
};

} // namespace dw::dashboard
