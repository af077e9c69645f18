// Function calls: range-vector functions over windows, and functions of instant vectors and scalars.
#include "model/label_text.h"
#include "model/number_parser.h"
#include "promql/evaluator.h"
#include "promql/functions.h"
#include "promql/go_math.h"
#include "promql/histogram_quantile.h"
#include "promql/label_regex.h"
#include "promql/label_set.h"
#include "promql/natural_order.h"
#include "promql/range_functions.h"
#include "promql/vector_functions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace dw::promql {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const Node& unwrap(const Node& node) {
    if (const auto* paren = std::get_if<Paren>(&node.value)) return unwrap(*paren->expr);
    return node;
}

// absent() and absent_over_time() answer with the selector's equality matchers as labels; a label that
// another matcher also constrains is left out, as Prometheus does.
Labels absentLabels(const Node& arg) {
    Labels labels;
    const Node& node = unwrap(arg);
    const VectorSelector* vs = std::get_if<VectorSelector>(&node.value);
    if (const auto* ms = std::get_if<MatrixSelector>(&node.value)) vs = &ms->selector;
    if (!vs) return labels;
    std::vector<std::string> ambiguous;
    for (const LabelMatcher& m : vs->matchers) {
        if (m.name == kMetricNameLabel) continue;
        if (m.type == LabelMatcher::Type::Equal && labelValue(labels, m.name).empty())
            setLabel(labels, m.name, m.value);
        else
            ambiguous.push_back(m.name);
    }
    for (const std::string& name : ambiguous)
        deleteLabel(labels, name);
    return labels;
}

const std::vector<double>& scalarValues(const Value& value) {
    return value.series.front().values;
}

Value absentSeries(const Labels& labels, std::vector<double> values) {
    Value out;
    StepSeries s{labels, std::move(values)};
    if (s.anyPresent()) out.series.push_back(std::move(s));
    return out;
}

// Calls f(step, lo, hi, start, end) for each step with the points [lo, hi) inside the step's window
// ([start, end], or (start, end] when left-open); both bounds only move forward, so a series is walked once.
template<typename F>
void forEachWindow(const RangeInput& input, const std::vector<Point>& points, const StepGrid& grid, F&& f) {
    std::size_t lo = 0, hi = 0;
    const std::int64_t openLeft = input.leftOpen ? 1 : 0;
    for (std::size_t i = 0; i < grid.count; ++i) {
        const std::int64_t end = input.effectiveTime(grid.at(i)), start = end - input.rangeMs;
        while (lo < points.size() && points[lo].t < start + openLeft)
            ++lo;
        hi = std::max(hi, lo);
        while (hi < points.size() && points[hi].t <= end)
            ++hi;
        f(i, lo, hi, start, end);
    }
}

std::string stringArg(Evaluator& ev, const Node& node, const StepGrid& grid) {
    return ev.eval(node, grid).text;
}

} // namespace

Value Evaluator::evalCall(const Call& call, const StepGrid& grid) {
    const std::string_view name = call.function->name;
    const auto& argTypes = call.function->args;

    // Range-vector functions: the window slides over each series' points once.
    for (std::size_t m = 0; m < call.args.size() && m < argTypes.size(); ++m) {
        if (argTypes[m] != ValueType::Matrix) continue;
        RangeInput input = rangeInput(*call.args[m], grid);
        std::vector<std::vector<double>> scalars;
        for (std::size_t j = 0; j < call.args.size(); ++j)
            if (j != m) scalars.push_back(scalarValues(eval(*call.args[j], grid)));
        if (name == "holt_winters" || name == "double_exponential_smoothing") {
            for (std::size_t i = 0; i < grid.count; ++i) {
                if (!(scalars[0][i] > 0 && scalars[0][i] < 1))
                    throw EvalError("invalid smoothing factor. Expected: 0 < sf < 1, got: " +
                                    std::to_string(scalars[0][i]));
                if (!(scalars[1][i] > 0 && scalars[1][i] < 1))
                    throw EvalError("invalid trend factor. Expected: 0 < tf < 1, got: " +
                                    std::to_string(scalars[1][i]));
            }
        }
        const bool quantileFunction = name == "quantile_over_time";
        const bool counterFunction = (name == "rate" || name == "increase") && input.selector;
        Value out;
        if (name == "absent_over_time") {
            std::vector<double> values(grid.count, 1.0);
            forEachRangeSeries(input, [&](RangeInput::Series& s) {
                forEachWindow(input, s.points, grid,
                              [&](std::size_t i, std::size_t lo, std::size_t hi, std::int64_t, std::int64_t) {
                                  if (hi > lo) values[i] = absentValue();
                              });
            });
            return absentSeries(input.selector ? absentLabels(*call.args[m]) : Labels{}, std::move(values));
        }
        const RangeFunction function = findRangeFunction(name);
        const bool keepName = name == "last_over_time" || name == "first_over_time";
        std::vector<double> stepScalars(scalars.size());
        std::vector<std::uint32_t> drops;
        forEachRangeSeries(input, [&](RangeInput::Series& s) {
            if (counterFunction) noteNonCounter(s.labels, call.args[m]->position);
            drops.resize(s.points.size());
            for (std::size_t k = 0; k < s.points.size(); ++k)
                drops[k] = k == 0 ? 0 : drops[k - 1] + (s.points[k].v < s.points[k - 1].v ? 1 : 0);
            StepSeries series{std::move(s.labels), std::vector<double>(grid.count, absentValue())};
            if (!keepName) dropMetricName(series.labels);
            forEachWindow(
                input, s.points, grid,
                [&](std::size_t i, std::size_t lo, std::size_t hi, std::int64_t start, std::int64_t end) {
                    for (std::size_t j = 0; j < scalars.size(); ++j)
                        stepScalars[j] = scalars[j][i];
                    if (quantileFunction && hi > lo) warnQuantile(stepScalars[0], call.args[0]->position);
                    const RangeWindow window{std::span<const Point>(s.points).subspan(lo, hi - lo),
                                             start,
                                             end,
                                             input.rangeMs,
                                             input.atMs ? grid.start : grid.at(i),
                                             drops.data() + lo};
                    series.values[i] = function(window, stepScalars);
                });
            if (series.anyPresent()) out.series.push_back(std::move(series));
        });
        requireDistinctLabels(out.series);
        return out;
    }

    Value out;
    if (name == "time" || name == "pi") {
        out.type = ValueType::Scalar;
        out.series.push_back({{}, std::vector<double>(grid.count)});
        for (std::size_t i = 0; i < grid.count; ++i)
            out.series[0].values[i] = name == "pi" ? std::numbers::pi : double(grid.at(i)) / 1000;
        return out;
    }
    if (name == "vector") {
        Value v = eval(*call.args[0], grid);
        v.type = ValueType::Vector;
        return v;
    }
    if (name == "scalar") {
        const Value v = eval(*call.args[0], grid);
        out.type = ValueType::Scalar;
        out.series.push_back({{}, std::vector<double>(grid.count, kNaN)});
        std::vector<int> count(grid.count, 0);
        for (const StepSeries& s : v.series)
            for (std::size_t i = 0; i < grid.count; ++i)
                if (isPresent(s.values[i]) && ++count[i] == 1) out.series[0].values[i] = s.values[i];
        for (std::size_t i = 0; i < grid.count; ++i)
            if (count[i] != 1) out.series[0].values[i] = kNaN;
        return out;
    }
    if (name == "absent") {
        const Value v = eval(*call.args[0], grid);
        std::vector<double> values(grid.count, 1.0);
        for (const StepSeries& s : v.series)
            for (std::size_t i = 0; i < grid.count; ++i)
                if (isPresent(s.values[i])) values[i] = absentValue();
        return absentSeries(absentLabels(*call.args[0]), std::move(values));
    }
    if (name == "timestamp") {
        const Node& arg = unwrap(*call.args[0]);
        if (const auto* vs = std::get_if<VectorSelector>(&arg.value)) {
            out = evalSelector(*vs, grid, true);
        } else {
            out = eval(arg, grid);
            for (StepSeries& s : out.series)
                for (std::size_t i = 0; i < grid.count; ++i)
                    if (isPresent(s.values[i])) s.values[i] = double(grid.at(i)) / 1000;
        }
        for (StepSeries& s : out.series)
            dropMetricName(s.labels);
        mergeSameLabels(out.series);
        return out;
    }
    if (name.starts_with("sort") && (grid.count > 1 || m_queryStart != m_queryEnd))
        warn("PromQL warning: sort is ineffective for range queries since results are always ordered by "
             "labels",
             call.position);
    if (name == "sort" || name == "sort_desc") {
        out = eval(*call.args[0], grid);
        // Only an instant query's order is visible; range results are sorted by labels anyway.
        if (grid.count == 1) {
            const bool desc = name == "sort_desc";
            // Prometheus puts NaN last in both directions.
            std::stable_sort(out.series.begin(), out.series.end(),
                             [desc](const StepSeries& a, const StepSeries& b) {
                                 const double x = a.values[0], y = b.values[0];
                                 if (std::isnan(x)) return false;
                                 if (std::isnan(y)) return true;
                                 return desc ? x > y : x < y;
                             });
        }
        return out;
    }
    if (name == "sort_by_label" || name == "sort_by_label_desc") {
        out = eval(*call.args[0], grid);
        std::vector<std::string> names;
        for (std::size_t j = 1; j < call.args.size(); ++j)
            names.push_back(stringArg(*this, *call.args[j], grid));
        if (grid.count == 1) {
            const bool desc = name == "sort_by_label_desc";
            std::stable_sort(out.series.begin(), out.series.end(),
                             [&](const StepSeries& a, const StepSeries& b) {
                                 for (const std::string& label : names) {
                                     const std::string_view x = labelValue(a.labels, label),
                                                            y = labelValue(b.labels, label);
                                     if (x == y) continue;
                                     return desc ? naturalLess(y, x) : naturalLess(x, y);
                                 }
                                 const int order = compareLabels(a.labels, b.labels);
                                 return desc ? order > 0 : order < 0;
                             });
        }
        return out;
    }
    if (name == "max_of" || name == "min_of") {
        const std::vector<double> a = scalarValues(eval(*call.args[0], grid));
        const std::vector<double> b = scalarValues(eval(*call.args[1], grid));
        out.type = ValueType::Scalar;
        out.series.push_back({{}, std::vector<double>(grid.count)});
        for (std::size_t i = 0; i < grid.count; ++i)
            out.series[0].values[i] = name == "max_of" ? goMax(a[i], b[i]) : goMin(a[i], b[i]);
        return out;
    }
    if (name == "start" || name == "end" || name == "range" || name == "step") {
        return scalarOf(grid, queryParameter(name));
    }
    if (name == "label_replace" || name == "label_join") {
        out = eval(*call.args[0], grid);
        const std::string dst = stringArg(*this, *call.args[1], grid);
        if (!isValidLabelName(dst))
            throw EvalError("invalid destination label name in " + std::string(name) + "(): " + dst);
        if (name == "label_replace") {
            const std::string replacement = stringArg(*this, *call.args[2], grid);
            const std::string src = stringArg(*this, *call.args[3], grid);
            const std::string pattern = stringArg(*this, *call.args[4], grid);
            std::string error;
            const auto re = LabelRegex::compile(pattern, error, generation());
            if (!re) throw EvalError("invalid regular expression in label_replace(): " + pattern);
            for (StepSeries& s : out.series) {
                bool matched = false;
                const std::string value =
                    expandTemplate(re->re2(), labelValue(s.labels, src), replacement, matched);
                if (matched) setLabel(s.labels, dst, value);
            }
        } else {
            const std::string separator = stringArg(*this, *call.args[2], grid);
            std::vector<std::string> sources;
            for (std::size_t j = 3; j < call.args.size(); ++j) {
                sources.push_back(stringArg(*this, *call.args[j], grid));
                if (!isValidLabelName(sources.back()))
                    throw EvalError("invalid source label name in label_join(): " + sources.back());
            }
            for (StepSeries& s : out.series) {
                std::string joined;
                for (std::size_t j = 0; j < sources.size(); ++j) {
                    if (j > 0) joined += separator;
                    joined += labelValue(s.labels, sources[j]);
                }
                setLabel(s.labels, dst, joined);
            }
        }
        mergeSameLabels(out.series);
        return out;
    }
    if (name == "histogram_quantile") {
        const std::vector<double> q = scalarValues(eval(*call.args[0], grid));
        out = histogramQuantile(q, eval(*call.args[1], grid));
        for (const double value : q)
            warnQuantile(value, call.args[0]->position);
        mergeSameLabels(out.series);
        return out;
    }

    // Functions of each sample value; all drop the metric name.
    if (call.args.empty()) { // the date functions default to vector(time())
        out.series.push_back({{}, std::vector<double>(grid.count)});
        for (std::size_t i = 0; i < grid.count; ++i)
            out.series[0].values[i] = double(grid.at(i)) / 1000;
    } else {
        out = eval(*call.args[0], grid);
    }
    std::vector<std::vector<double>> extra;
    for (std::size_t j = 1; j < call.args.size(); ++j)
        extra.push_back(scalarValues(eval(*call.args[j], grid)));
    if (name == "clamp") {
        // clamp() with max < min returns nothing at that step.
        for (StepSeries& s : out.series)
            for (std::size_t i = 0; i < grid.count; ++i) {
                if (!isPresent(s.values[i])) continue;
                s.values[i] = extra[1][i] < extra[0][i] ? absentValue()
                                                        : goMax(extra[0][i], goMin(extra[1][i], s.values[i]));
            }
    } else if (name == "clamp_min" || name == "clamp_max" || name == "round") {
        for (StepSeries& s : out.series)
            for (std::size_t i = 0; i < grid.count; ++i) {
                double& v = s.values[i];
                if (!isPresent(v)) continue;
                if (name == "clamp_min")
                    v = goMax(v, extra[0][i]);
                else if (name == "clamp_max")
                    v = goMin(v, extra[0][i]);
                else {
                    // Prometheus rounds half up, on the inverse to keep to_nearest < 1 exact.
                    const double inverse = 1.0 / (extra.empty() ? 1.0 : extra[0][i]);
                    v = std::floor(v * inverse + 0.5) / inverse;
                }
            }
    } else {
        const ValueFunction function = findValueFunction(name);
        if (!function) throw EvalError("function " + std::string(name) + " is not supported");
        for (StepSeries& s : out.series)
            for (double& v : s.values)
                if (isPresent(v)) v = function(v);
    }
    for (StepSeries& s : out.series)
        dropMetricName(s.labels);
    std::erase_if(out.series, [](const StepSeries& s) { return !s.anyPresent(); });
    mergeSameLabels(out.series);
    return out;
}

} // namespace dw::promql
