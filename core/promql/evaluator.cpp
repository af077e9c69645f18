#include "promql/evaluator.h"

#include "model/sample_value.h"
#include "promql/label_regex.h"
#include "promql/label_set.h"
#include "promql/vector_functions.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace dw::promql {

namespace {} // namespace

Evaluator::Evaluator(const SeriesStore& store, const EngineOptions& options, std::int64_t queryStart,
                     std::int64_t queryEnd, std::int64_t queryStep)
    : m_store(store), m_options(options), m_queryStart(queryStart), m_queryEnd(queryEnd),
      m_queryStep(queryStep) {}

Evaluator::~Evaluator() = default;

Value Evaluator::scalarOf(const StepGrid& grid, double v) {
    Value value;
    value.type = ValueType::Scalar;
    value.series.push_back({{}, std::vector<double>(grid.count, v)});
    return value;
}

void Evaluator::warnQuantile(double q, std::int64_t position) {
    if (std::isnan(q) || q < 0 || q > 1)
        warn("PromQL warning: quantile value should be between 0 and 1, got " + formatFloatGo(q), position);
}

void Evaluator::noteNonCounter(const Labels& labels, std::int64_t position) {
    if (!annotates()) return;
    const std::string_view name = labelValue(labels, "__name__");
    if (name.empty() || name.ends_with("_total") || name.ends_with("_sum") || name.ends_with("_count") ||
        name.ends_with("_bucket"))
        return;
    info("PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: " +
             quoteGo(name),
         position);
}

void Evaluator::warn(std::string message, std::int64_t position) {
    if (!annotates()) return;
    if (std::find(m_warnings.begin(), m_warnings.end(), message) != m_warnings.end()) return;
    m_warnings.push_back(std::move(message));
    m_warningPositions.push_back(position);
}

void Evaluator::info(std::string message, std::int64_t position) {
    if (!annotates()) return;
    if (std::find(m_infos.begin(), m_infos.end(), message) != m_infos.end()) return;
    m_infos.push_back(std::move(message));
    m_infoPositions.push_back(position);
}

double Evaluator::queryParameter(std::string_view name) const {
    if (name == "start") return double(m_queryStart) / 1000;
    if (name == "end") return double(m_queryEnd) / 1000;
    if (name == "range") return double(m_queryEnd - m_queryStart) / 1000;
    return m_queryStart == m_queryEnd ? 0.0 : double(m_queryStep) / 1000;
}

const LabelRegex& Evaluator::regex(const std::string& pattern) {
    auto& slot = m_regexes[pattern];
    if (!slot) {
        std::string error;
        slot = LabelRegex::compile(pattern, error, m_options.generation);
        if (!slot) throw EvalError(error);
    }
    return *slot;
}

void Evaluator::countSamples(std::size_t n) {
    m_samples += n;
    if (m_samples > m_options.maxSamples)
        throw EvalError("query processing would load too many samples into memory in query execution");
}

std::optional<std::int64_t> Evaluator::atTime(const AtModifier& at) const {
    switch (at.kind) {
    case AtModifier::Kind::None:
        return std::nullopt;
    case AtModifier::Kind::Time:
        return at.timeMs;
    case AtModifier::Kind::Start:
        return m_queryStart;
    case AtModifier::Kind::End:
        return m_queryEnd;
    }
    return std::nullopt;
}

std::vector<Evaluator::Selected> Evaluator::select(const VectorSelector& selector) {
    std::vector<const LabelRegex*> regexes;
    for (const LabelMatcher& m : selector.matchers)
        regexes.push_back(m.type == LabelMatcher::Type::Regex || m.type == LabelMatcher::Type::NotRegex
                              ? &regex(m.value)
                              : nullptr);
    const std::vector<SeriesRef> candidates =
        selector.name.empty() ? m_store.allSeries() : m_store.seriesWithName(selector.name);
    std::vector<Selected> selected;
    for (const SeriesRef ref : candidates) {
        Labels labels = m_store.labels(ref);
        bool ok = true;
        for (std::size_t i = 0; ok && i < selector.matchers.size(); ++i)
            ok = matcherAccepts(selector.matchers[i], labelValue(labels, selector.matchers[i].name),
                                regexes[i]);
        if (ok) selected.push_back({ref, std::move(labels)});
    }
    // Prometheus reads series in label order, and instant results keep that order.
    std::sort(selected.begin(), selected.end(),
              [](const Selected& a, const Selected& b) { return compareLabels(a.labels, b.labels) < 0; });
    return selected;
}

Value Evaluator::evalSelector(const VectorSelector& selector, const StepGrid& grid, bool sampleTimestamps) {
    Value value;
    const std::optional<std::int64_t> at = atTime(selector.at);
    const std::int64_t lookback = m_options.lookbackMs;
    const bool leftOpen = leftOpenWindows();
    const std::int64_t first = (at ? *at : grid.start) - selector.offsetMs;
    const std::int64_t last = (at ? *at : grid.end()) - selector.offsetMs;
    std::vector<Sample> samples;
    for (Selected& s : select(selector)) {
        samples.clear();
        m_store.samples(s.ref, first - lookback, last, samples);
        countSamples(samples.size());
        StepSeries out{std::move(s.labels), std::vector<double>(grid.count, absentValue())};
        std::size_t next = 0; // the first sample after the current step's time
        bool any = false;
        for (std::size_t i = 0; i < grid.count; ++i) {
            const std::int64_t t = (at ? *at : grid.at(i)) - selector.offsetMs;
            while (next < samples.size() && samples[next].t <= t)
                ++next;
            if (next == 0) continue;
            const Sample& found = samples[next - 1];
            // Prometheus 3 closes the lookback window on the left: a sample exactly `lookback` old is gone.
            if (found.t < t - lookback || (leftOpen && found.t == t - lookback) || isStaleMarker(found.v))
                continue;
            out.values[i] = sampleTimestamps ? double(found.t) / 1000 : found.v;
            any = true;
        }
        if (any) value.series.push_back(std::move(out));
    }
    return value;
}

RangeInput Evaluator::rangeInput(const Node& node, const StepGrid& grid) {
    RangeInput input;
    input.leftOpen = leftOpenWindows();
    if (const auto* paren = std::get_if<Paren>(&node.value)) return rangeInput(*paren->expr, grid);
    if (const auto* matrix = std::get_if<MatrixSelector>(&node.value)) {
        const VectorSelector& vs = matrix->selector;
        input.rangeMs = matrix->rangeMs;
        input.offsetMs = vs.offsetMs;
        input.atMs = atTime(vs.at);
        input.selector = &vs;
        input.loadFrom = input.effectiveTime(grid.start) - input.rangeMs + (input.leftOpen ? 1 : 0);
        input.loadTo = input.effectiveTime(grid.end());
        for (Selected& s : select(vs))
            input.pending.push_back({s.ref, std::move(s.labels)});
        return input;
    }
    const auto& sub = std::get<Subquery>(node.value);
    input.rangeMs = sub.rangeMs;
    input.offsetMs = sub.offsetMs;
    input.atMs = atTime(sub.at);
    const std::int64_t step = sub.stepMs > 0 ? sub.stepMs : m_options.subqueryStepMs;
    const std::int64_t from = input.effectiveTime(grid.start) - sub.rangeMs;
    // The subquery's steps are multiples of its step: the first one at or after the window's start.
    // (Go's division truncates towards zero, and Prometheus relies on it for negative times.)
    // Prometheus 3's windows are left-open, so a step exactly at the window's start is not in it.
    std::int64_t alignedStart = step * (from / step);
    if (alignedStart < from || (leftOpenWindows() && alignedStart == from)) alignedStart += step;
    const std::int64_t end = input.effectiveTime(grid.end());
    if (alignedStart > end) return input;
    // Every inner step costs memory for each series, so a subquery's steps count towards the sample limit
    // before anything is allocated ("foo[1y:1ms]" fails the way Prometheus fails it).
    countSamples(std::size_t((end - alignedStart) / step) + 1);
    const StepGrid inner{alignedStart, step, std::size_t((end - alignedStart) / step) + 1};
    Value value = eval(*sub.expr, inner);
    for (StepSeries& s : value.series) {
        RangeInput::Series series{std::move(s.labels), {}};
        for (std::size_t i = 0; i < inner.count; ++i)
            if (isPresent(s.values[i])) series.points.push_back({inner.at(i), s.values[i]});
        if (!series.points.empty()) input.series.push_back(std::move(series));
    }
    return input;
}

void Evaluator::forEachRangeSeries(RangeInput& input, const std::function<void(RangeInput::Series&)>& visit) {
    for (RangeInput::Series& s : input.series)
        visit(s);
    RangeInput::Series loaded;
    for (RangeInput::Pending& p : input.pending) {
        loaded.points.clear();
        m_store.samples(p.ref, input.loadFrom, input.loadTo, loaded.points);
        std::erase_if(loaded.points, [](const Sample& s) { return isStaleMarker(s.v); });
        countSamples(loaded.points.size());
        if (loaded.points.empty()) continue;
        loaded.labels = std::move(p.labels);
        visit(loaded);
    }
}

std::vector<ResultSeries> Evaluator::rangeVectorAt(const Node& node, std::int64_t time) {
    const StepGrid grid{time, 1, 1};
    RangeInput input = rangeInput(node, grid);
    const std::int64_t end = input.effectiveTime(time), start = end - input.rangeMs;
    std::vector<ResultSeries> out;
    forEachRangeSeries(input, [&](RangeInput::Series& s) {
        const bool leftOpen = leftOpenWindows();
        std::erase_if(s.points,
                      [&](const Point& p) { return p.t < start || (leftOpen && p.t == start) || p.t > end; });
        if (!s.points.empty()) out.push_back({std::move(s.labels), std::move(s.points)});
    });
    return out;
}

Value Evaluator::eval(const Node& node, const StepGrid& grid) {
    return std::visit(
        [&](const auto& n) -> Value {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, NumberLiteral>) {
                return scalarOf(grid, n.value);
            } else if constexpr (std::is_same_v<T, StringLiteral>) {
                Value v;
                v.type = ValueType::String;
                v.text = n.value;
                return v;
            } else if constexpr (std::is_same_v<T, VectorSelector>) {
                return evalSelector(n, grid, false);
            } else if constexpr (std::is_same_v<T, MatrixSelector> || std::is_same_v<T, Subquery>) {
                throw EvalError("a range vector cannot be evaluated here; it must be a function's argument");
            } else if constexpr (std::is_same_v<T, Call>) {
                return evalCall(n, grid);
            } else if constexpr (std::is_same_v<T, Aggregation>) {
                return evalAggregation(n, grid);
            } else if constexpr (std::is_same_v<T, Binary>) {
                return evalBinary(n, grid);
            } else if constexpr (std::is_same_v<T, Paren>) {
                return eval(*n.expr, grid);
            } else {
                static_assert(std::is_same_v<T, Unary>);
                Value v = eval(*n.expr, grid);
                if (n.op != TokenKind::Sub) return v;
                for (StepSeries& s : v.series) {
                    if (v.type == ValueType::Vector) dropMetricName(s.labels);
                    for (double& x : s.values)
                        if (isPresent(x)) x = -x;
                }
                if (v.type == ValueType::Vector) requireDistinctLabels(v.series);
                return v;
            }
        },
        node.value);
}

void requireDistinctLabels(const std::vector<StepSeries>& series) {
    std::unordered_map<std::uint64_t, std::size_t> seen;
    for (std::size_t i = 0; i < series.size(); ++i) {
        const auto [it, inserted] = seen.emplace(hashLabels(series[i].labels), i);
        if (!inserted) throw EvalError("vector cannot contain metrics with the same labelset");
    }
}

void mergeSameLabels(std::vector<StepSeries>& series) {
    std::unordered_map<std::uint64_t, std::size_t> first;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < series.size(); ++i) {
        const auto [it, inserted] = first.emplace(hashLabels(series[i].labels), kept);
        if (inserted) {
            if (kept != i) series[kept] = std::move(series[i]);
            ++kept;
            continue;
        }
        std::vector<double>& into = series[it->second].values;
        const std::vector<double>& from = series[i].values;
        for (std::size_t step = 0; step < into.size(); ++step) {
            if (!isPresent(from[step])) continue;
            if (isPresent(into[step]))
                throw EvalError("vector cannot contain metrics with the same labelset");
            into[step] = from[step];
        }
    }
    series.resize(kept);
}

} // namespace dw::promql
