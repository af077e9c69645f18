#include "promql/engine.h"

#include "promql/evaluator.h"
#include "promql/label_set.h"

#include <algorithm>

namespace dw::promql {

Engine::Engine(const SeriesStore& store, EngineOptions options) : m_store(store), m_options(options) {}

bool Engine::instant(const Node& expr, std::int64_t timeMs, QueryResult& result, std::string& error) const {
    result = {};
    try {
        Evaluator ev(m_store, m_options, timeMs, timeMs);
        result.type = expr.type();
        if (result.type == ValueType::Matrix) {
            result.isRange = true;
            for (ResultSeries& s : ev.rangeVectorAt(expr, timeMs))
                result.series.push_back(std::move(s));
        } else {
            Value value = ev.eval(expr, StepGrid{timeMs, 1, 1});
            result.text = std::move(value.text);
            if (result.type == ValueType::String) result.series.push_back({{}, {Point{timeMs, 0}}});
            for (StepSeries& s : value.series)
                if (isPresent(s.values[0]))
                    result.series.push_back({std::move(s.labels), {Point{timeMs, s.values[0]}}});
        }
        result.warnings = std::move(ev.warnings());
        result.infos = std::move(ev.infos());
        result.warningPositions = std::move(ev.warningPositions());
        result.infoPositions = std::move(ev.infoPositions());
        return true;
    } catch (const EvalError& e) {
        error = e.what();
        return false;
    }
}

std::string Engine::checkRange(std::int64_t startMs, std::int64_t endMs, std::int64_t stepMs) {
    if (endMs < startMs) return "end timestamp must not be before start time";
    if (stepMs <= 0)
        return "zero or negative query resolution step widths are not accepted. Try a positive integer";
    if ((endMs - startMs) / stepMs > kMaxPoints)
        return "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
               "resolution (?step=XX)";
    return {};
}

bool Engine::range(const Node& expr, std::int64_t startMs, std::int64_t endMs, std::int64_t stepMs,
                   QueryResult& result, std::string& error) const {
    result = {};
    if (error = checkRange(startMs, endMs, stepMs); !error.empty()) return false;
    const ValueType type = expr.type();
    if (type != ValueType::Scalar && type != ValueType::Vector) {
        error = std::string("invalid expression type \"") +
                (type == ValueType::Matrix ? "range vector" : "string") +
                "\" for range query, must be Scalar or instant Vector";
        return false;
    }
    try {
        Evaluator ev(m_store, m_options, startMs, endMs, stepMs);
        const StepGrid grid{startMs, stepMs, std::size_t((endMs - startMs) / stepMs) + 1};
        Value value = ev.eval(expr, grid);
        result.type = ValueType::Matrix;
        result.isRange = true;
        for (StepSeries& s : value.series) {
            ResultSeries out{std::move(s.labels), {}};
            for (std::size_t i = 0; i < grid.count; ++i)
                if (isPresent(s.values[i])) out.points.push_back({grid.at(i), s.values[i]});
            if (!out.points.empty()) result.series.push_back(std::move(out));
        }
        std::sort(result.series.begin(), result.series.end(),
                  [](const ResultSeries& a, const ResultSeries& b) {
                      return compareLabels(a.labels, b.labels) < 0;
                  });
        result.warnings = std::move(ev.warnings());
        result.infos = std::move(ev.infos());
        result.warningPositions = std::move(ev.warningPositions());
        result.infoPositions = std::move(ev.infoPositions());
        return true;
    } catch (const EvalError& e) {
        error = e.what();
        return false;
    }
}

} // namespace dw::promql
