#pragma once

#include "promql/ast.h"
#include "promql/engine_options.h"
#include "promql/query_result.h"
#include "promql/step_series.h"
#include "store/series_store.h"

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace dw::promql {

class LabelRegex;

// An evaluation failure, worded as Prometheus words it ("vector cannot contain metrics with the same
// labelset"); the engine turns it into an error result.
struct EvalError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The value of an expression over a step grid: a scalar (one series without labels, present at every
// step), an instant vector, or a string.
struct Value {
    ValueType type = ValueType::Vector;
    std::vector<StepSeries> series;
    std::string text;
};

// A range vector's series as a function reads them: points in time order, staleness markers removed.
struct RangeInput {
    struct Series {
        Labels labels;
        std::vector<Point> points;
    };
    std::vector<Series> series; // a subquery's series, evaluated
    // A matrix selector's series, read from the store one at a time while they are visited, so a query
    // over many series never holds all their samples at once.
    struct Pending {
        SeriesRef ref;
        Labels labels;
    };
    std::vector<Pending> pending;
    std::int64_t loadFrom = 0, loadTo = 0;
    std::int64_t rangeMs = 0;
    std::int64_t offsetMs = 0;
    std::optional<std::int64_t> atMs;
    bool leftOpen = false;                    // Prometheus 3: (t - range, t]
    const VectorSelector* selector = nullptr; // null for a subquery
    std::int64_t effectiveTime(std::int64_t stepTime) const { return (atMs ? *atMs : stepTime) - offsetMs; }
};

// Evaluates one query over a SeriesStore, with the semantics of the options' Prometheus generation, over a
// dense step grid: each node yields every series' value at every step, so operators are loops over arrays and
// label work (matching signatures, grouping) happens once per series rather than once per step.
// Thread-safety: one Evaluator per query and thread; the store may be shared.
class Evaluator {
public:
    Evaluator(const SeriesStore& store, const EngineOptions& options, std::int64_t queryStart,
              std::int64_t queryEnd, std::int64_t queryStep = 0);
    ~Evaluator();

    Value eval(const Node& node, const StepGrid& grid);
    // A range vector (matrix selector or subquery) read at one time, as an instant query returns it.
    std::vector<ResultSeries> rangeVectorAt(const Node& node, std::int64_t time);
    std::vector<std::string>& warnings() { return m_warnings; }
    std::vector<std::string>& infos() { return m_infos; }
    std::vector<std::int64_t>& warningPositions() { return m_warningPositions; }
    std::vector<std::int64_t>& infoPositions() { return m_infoPositions; }
    // Prometheus 3's annotations; Prometheus 2 (2.42) has none. Each is added once (they are a set).
    bool annotates() const { return m_options.generation == Generation::Prometheus3; }
    void warnQuantile(double q, std::int64_t position);
    // rate() or increase() of a series whose name does not look like a counter's.
    void noteNonCounter(const Labels& labels, std::int64_t position);
    void warn(std::string message, std::int64_t position = -1);
    void info(std::string message, std::int64_t position = -1);

    // Parts, in their own files.
    Value evalCall(const Call& call, const StepGrid& grid);
    Value evalAggregation(const Aggregation& aggregation, const StepGrid& grid);
    Value evalBinary(const Binary& binary, const StepGrid& grid);
    RangeInput rangeInput(const Node& node, const StepGrid& grid);
    // Calls visit with each series of the range vector that has samples; the series may be modified.
    void forEachRangeSeries(RangeInput& input, const std::function<void(RangeInput::Series&)>& visit);
    Value evalSelector(const VectorSelector& selector, const StepGrid& grid, bool sampleTimestamps);
    const LabelRegex& regex(const std::string& pattern);
    // A scalar with the same value at every step.
    static Value scalarOf(const StepGrid& grid, double v);
    // start(), end(), range() and step() of the query, in seconds (step() is 0 for an instant query).
    double queryParameter(std::string_view name) const;
    std::int64_t defaultSubqueryStep() const { return m_options.subqueryStepMs; }
    // Prometheus 3's range and lookback windows, (t - range, t]; Prometheus 2's are [t - range, t].
    bool leftOpenWindows() const { return m_options.generation == Generation::Prometheus3; }
    Generation generation() const { return m_options.generation; }

private:
    struct Selected {
        SeriesRef ref;
        Labels labels;
    };
    std::vector<Selected> select(const VectorSelector& selector);
    std::optional<std::int64_t> atTime(const AtModifier& at) const;
    void countSamples(std::size_t n);

    const SeriesStore& m_store;
    const EngineOptions& m_options;
    std::int64_t m_queryStart;
    std::int64_t m_queryEnd;
    std::int64_t m_queryStep;
    std::size_t m_samples = 0;
    std::unordered_map<std::string, std::unique_ptr<LabelRegex>> m_regexes;
    std::vector<std::string> m_warnings;
    std::vector<std::string> m_infos;
    std::vector<std::int64_t> m_warningPositions, m_infoPositions;
};

// Merges series with equal labels (after a name was dropped, say) into one; two of them with a value at
// the same step is Prometheus's "vector cannot contain metrics with the same labelset" error.
void mergeSameLabels(std::vector<StepSeries>& series);
// The same check over whole series, as Prometheus applies it to range-vector functions.
void requireDistinctLabels(const std::vector<StepSeries>& series);

} // namespace dw::promql
