#pragma once

#include "promql/ast.h"
#include "promql/engine_options.h"
#include "promql/query_result.h"
#include "store/series_store.h"

#include <cstdint>
#include <string>

namespace dw::promql {

// The PromQL engine over a SeriesStore: instant and range queries with Prometheus 2.x's semantics. Takes
// a parsed expression (parseQuery), so the UI and the health model parse once and evaluate many times.
// Errors are worded as Prometheus's API words them.
// Thread-safety: const methods; queries may run concurrently from any thread (the store locks itself).
class Engine {
public:
    explicit Engine(const SeriesStore& store, EngineOptions options = {});

    bool instant(const Node& expr, std::int64_t timeMs, QueryResult& result, std::string& error) const;
    bool range(const Node& expr, std::int64_t startMs, std::int64_t endMs, std::int64_t stepMs,
               QueryResult& result, std::string& error) const;

    // Prometheus's limit on a range query's points per series (start, end and step of the API).
    static constexpr std::int64_t kMaxPoints = 11000;
    // The API's checks of a range query's parameters; empty when they are fine.
    static std::string checkRange(std::int64_t startMs, std::int64_t endMs, std::int64_t stepMs);

    const EngineOptions& options() const { return m_options; }

private:
    const SeriesStore& m_store;
    EngineOptions m_options;
};

} // namespace dw::promql
