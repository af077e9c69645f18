#include "monitor/server_panels.h"

#include "promapi/api_decode.h"
#include "promql/result_format.h"

#include <algorithm>

namespace dw {

void ServerPanels::refresh(QNetworkAccessManager& network, const PrometheusServerSpec& server, QObject& owner,
                           std::int64_t nowMs, std::int64_t rangeMs, int columns,
                           const std::function<void()>& changed) {
    const std::int64_t step = std::max<std::int64_t>(1000, rangeMs / std::max(1, columns));
    const std::int64_t end =
        nowMs - nowMs % step; // whole steps, so answers line up from one refresh to the next
    const std::int64_t start = end - rangeMs + step;
    for (const std::string& expression : m_expressions) {
        Cache& cache = m_cache[expression];
        if (cache.busy) continue;
        const bool incremental = cache.stepMs == step && cache.toMs >= start && cache.toMs <= end;
        const std::int64_t askFrom = incremental ? cache.toMs : start;
        QUrlQuery form;
        form.addQueryItem("query", QString::fromStdString(expression));
        form.addQueryItem("start", QString::fromStdString(promql::formatApiTimestamp(askFrom)));
        form.addQueryItem("end", QString::fromStdString(promql::formatApiTimestamp(end)));
        form.addQueryItem("step", QString::number(double(step) / 1000.0, 'g', 17));
        cache.busy = true;
        // Runs only while the owner (the server's source) lives; this object dies with it.
        api::call(
            network, server, "/api/v1/query_range", form, true, owner,
            [this, expression, incremental, askFrom, start, end, step, changed](const ApiResponse& response) {
                Cache& cache = m_cache[expression];
                cache.busy = false;
                std::string error;
                const auto result = response.ok ? api::queryResult(response.data, error) : std::nullopt;
                if (!result) return; // the last good answer stays; the source reports the server's state
                if (!incremental) cache.series.clear();
                m_lastAnswerPoints = 0;
                for (auto& [labels, points] : cache.series) {
                    // Steps asked again replace what was there; steps before the range leave.
                    std::erase_if(points,
                                  [&](const promql::Point& p) { return p.t >= askFrom || p.t < start; });
                }
                for (const promql::ResultSeries& s : result->series) {
                    auto& points = cache.series[s.labels];
                    points.insert(points.end(), s.points.begin(), s.points.end());
                    m_lastAnswerPoints += s.points.size();
                }
                std::erase_if(cache.series, [](const auto& entry) { return entry.second.empty(); });
                cache.stepMs = step;
                cache.toMs = end;
                auto published = std::make_shared<std::vector<promql::ResultSeries>>();
                published->reserve(cache.series.size());
                for (const auto& [labels, points] : cache.series)
                    published->push_back({labels, points});
                cache.published = std::move(published);
                changed();
            });
    }
}

std::map<std::string, ServerPanels::Series> ServerPanels::results() const {
    std::map<std::string, Series> out;
    for (const auto& [expression, cache] : m_cache)
        if (cache.published) out[expression] = cache.published;
    return out;
}

} // namespace dw
