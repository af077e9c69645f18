#pragma once

#include "promapi/api_call.h"
#include "promql/query_result.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dw {

// The dashboard's panel queries answered by one Prometheus server, at the chart's resolution: each query
// runs as /api/v1/query_range over the chart's range with step = range / chart width, aligned to whole
// steps, so a long range (6 h, 7 days) works within the server's retention however little the store holds.
// After the first answer only the steps that are new (and the last one again, which may have been
// incomplete) are asked for; points that leave the range are dropped.
// Ownership and threads: lives on the dw-prometheus thread with its server's PrometheusSource, whose
// requests carry its calls (destroying the source aborts them); results() hands out immutable snapshots.
class ServerPanels {
public:
    using Series = std::shared_ptr<const std::vector<promql::ResultSeries>>;

    explicit ServerPanels(std::vector<std::string> expressions) : m_expressions(std::move(expressions)) {}

    // Asks for what is new of every query over (nowMs - rangeMs, nowMs]; a query still being answered is
    // skipped. changed runs after each answer that changed something.
    void refresh(QNetworkAccessManager& network, const PrometheusServerSpec& server, QObject& owner,
                 std::int64_t nowMs, std::int64_t rangeMs, int columns, const std::function<void()>& changed);
    // The latest answer of every query, by expression.
    std::map<std::string, Series> results() const;
    // How many points the last answers carried in all (for tests: a refresh asks only for new steps).
    std::size_t lastAnswerPoints() const { return m_lastAnswerPoints; }

private:
    struct Cache {
        std::int64_t stepMs = 0, toMs = -1;
        bool busy = false;
        std::map<Labels, std::vector<promql::Point>> series;
        Series published;
    };
    std::vector<std::string> m_expressions;
    std::map<std::string, Cache> m_cache;
    std::size_t m_lastAnswerPoints = 0;
};

} // namespace dw
