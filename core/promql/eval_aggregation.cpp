// Aggregation operators (sum, avg, topk, quantile, count_values...) with Prometheus 2.x's arithmetic.
#include "model/label_text.h"
#include "promql/evaluator.h"
#include "promql/label_set.h"
#include "promql/range_functions.h"
#include "promql/top_k_heap.h"
#include "promql/vector_functions.h"

#include <cmath>
#include <limits>
#include <unordered_map>

namespace dw::promql {

namespace {

struct Groups {
    std::vector<Labels> labels;        // each group's output labels, in order of first appearance
    std::vector<std::size_t> ofSeries; // the group of each input series
};

Groups groupSeries(const Aggregation& agg, const Value& input) {
    Groups groups;
    std::unordered_map<std::uint64_t, std::size_t> index;
    const bool on = !agg.without;
    for (const StepSeries& s : input.series) {
        const auto [it, inserted] =
            index.emplace(matchingSignature(s.labels, agg.grouping, on), groups.labels.size());
        if (inserted) groups.labels.push_back(matchingLabels(s.labels, agg.grouping, on));
        groups.ofSeries.push_back(it->second);
    }
    return groups;
}

// sum, avg, count, group, min, max, stddev, stdvar: one pass over the series, state per group and step.
Value simpleAggregation(TokenKind op, const Groups& groups, const Value& input, std::size_t steps) {
    const std::size_t n = groups.labels.size();
    std::vector<double> value(n * steps, 0.0), mean(n * steps, 0.0), count(n * steps, 0.0);
    for (std::size_t s = 0; s < input.series.size(); ++s) {
        const std::size_t base = groups.ofSeries[s] * steps;
        const std::vector<double>& values = input.series[s].values;
        for (std::size_t i = 0; i < steps; ++i) {
            const double v = values[i];
            if (!isPresent(v)) continue;
            const std::size_t k = base + i;
            const double c = ++count[k];
            if (c == 1) {
                value[k] = op == TokenKind::Stddev || op == TokenKind::Stdvar ? 0 : v;
                mean[k] = v;
                continue;
            }
            switch (op) {
            case TokenKind::Sum:
                value[k] += v;
                break;
            case TokenKind::Avg:
                if (std::isinf(mean[k])) {
                    if (std::isinf(v) && (mean[k] > 0) == (v > 0)) break;
                    if (!std::isinf(v) && !std::isnan(v)) break;
                }
                // Dividing each term by the count avoids overflowing the sum.
                mean[k] += v / c - mean[k] / c;
                break;
            case TokenKind::Max:
                if (value[k] < v || std::isnan(value[k])) value[k] = v;
                break;
            case TokenKind::Min:
                if (value[k] > v || std::isnan(value[k])) value[k] = v;
                break;
            case TokenKind::Stddev:
            case TokenKind::Stdvar: {
                const double delta = v - mean[k];
                mean[k] += delta / c;
                value[k] += delta * (v - mean[k]);
                break;
            }
            default:
                break;
            }
        }
    }
    Value out;
    for (std::size_t g = 0; g < n; ++g) {
        StepSeries series{groups.labels[g], std::vector<double>(steps, absentValue())};
        for (std::size_t i = 0; i < steps; ++i) {
            const std::size_t k = g * steps + i;
            if (count[k] == 0) continue;
            switch (op) {
            case TokenKind::Avg:
                series.values[i] = mean[k];
                break;
            case TokenKind::Count:
                series.values[i] = count[k];
                break;
            case TokenKind::Group:
                series.values[i] = 1;
                break;
            case TokenKind::Stdvar:
                series.values[i] = value[k] / count[k];
                break;
            case TokenKind::Stddev:
                series.values[i] = std::sqrt(value[k] / count[k]);
                break;
            default:
                series.values[i] = value[k];
            }
        }
        out.series.push_back(std::move(series));
    }
    return out;
}

Value topK(bool top, const std::vector<double>& param, const Groups& groups, const Value& input,
           std::size_t steps) {
    const std::size_t n = groups.labels.size();
    std::vector<std::vector<double>> selected(input.series.size());
    std::vector<TopKHeap> heaps(n, TopKHeap(top));
    std::vector<std::size_t> order; // instant queries: the output order Prometheus gives
    for (std::size_t i = 0; i < steps; ++i) {
        const double k = param[i];
        if (!(k >= -9.2e18 && k <= 9.2e18))
            throw EvalError("Scalar value " + formatFloatPlain(k) + " overflows int64");
        if (std::int64_t(k) < 1) continue;
        for (TopKHeap& h : heaps)
            h.clear();
        for (std::size_t s = 0; s < input.series.size(); ++s) {
            const double v = input.series[s].values[i];
            if (isPresent(v)) heaps[groups.ofSeries[s]].offer(s, v, std::size_t(std::int64_t(k)));
        }
        for (TopKHeap& h : heaps) {
            if (steps == 1) h.sortForOutput();
            for (const TopKHeap::Item& item : h.items()) {
                if (selected[item.series].empty()) selected[item.series].assign(steps, absentValue());
                selected[item.series][i] = item.value;
                if (steps == 1) order.push_back(item.series);
            }
        }
    }
    Value out;
    if (steps == 1) {
        for (const std::size_t s : order)
            out.series.push_back({input.series[s].labels, std::move(selected[s])});
        return out;
    }
    for (std::size_t s = 0; s < input.series.size(); ++s)
        if (!selected[s].empty()) out.series.push_back({input.series[s].labels, std::move(selected[s])});
    return out;
}

// limitk: the first k series of each group at each step, in input order; limit_ratio: the series whose
// label hash, as a fraction of 2^64, falls within the ratio (from the start for r >= 0, from the end for
// r < 0), as Prometheus's HashRatioSampler picks them. Both keep the series as they are.
Value limited(bool ratio, const std::vector<double>& param, const Groups& groups, const Value& input,
              std::size_t steps) {
    std::vector<double> offsets;
    if (ratio)
        for (const StepSeries& s : input.series)
            offsets.push_back(double(prometheusLabelsHash(s.labels)) / double(UINT64_MAX));
    std::vector<std::vector<double>> selected(input.series.size());
    std::vector<std::int64_t> taken(groups.labels.size());
    for (std::size_t i = 0; i < steps; ++i) {
        std::fill(taken.begin(), taken.end(), 0);
        const double p = param[i];
        for (std::size_t s = 0; s < input.series.size(); ++s) {
            const double v = input.series[s].values[i];
            if (!isPresent(v)) continue;
            bool keep = false;
            if (ratio)
                keep = p >= 0 ? offsets[s] < p : offsets[s] >= 1 + p;
            else
                keep = taken[groups.ofSeries[s]]++ < std::int64_t(p);
            if (!keep) continue;
            if (selected[s].empty()) selected[s].assign(steps, absentValue());
            selected[s][i] = v;
        }
    }
    Value out;
    for (std::size_t s = 0; s < input.series.size(); ++s)
        if (!selected[s].empty()) out.series.push_back({input.series[s].labels, std::move(selected[s])});
    return out;
}

// Prometheus 3's checks of topk's, bottomk's and limitk's k over all steps: false when no step has k >= 1
// (nothing to select), an error for NaN or a k beyond int64.
bool checkK(const std::vector<double>& param) {
    const bool anyNaN = std::any_of(param.begin(), param.end(), [](double k) { return std::isnan(k); });
    if (!anyNaN && std::none_of(param.begin(), param.end(), [](double k) { return k >= 1; })) return false;
    if (anyNaN) throw EvalError("Parameter value is NaN");
    for (const double k : param)
        if (!(k > -9.2e18 && k < 9.2e18))
            throw EvalError("Scalar value " + formatFloatGo(k) + (k < 0 ? " underflows" : " overflows") +
                            " int64");
    return true;
}

Value quantiles(const std::vector<double>& param, const Groups& groups, const Value& input,
                std::size_t steps) {
    const std::size_t n = groups.labels.size();
    std::vector<std::vector<double>> members(n);
    Value out;
    for (std::size_t g = 0; g < n; ++g)
        out.series.push_back({groups.labels[g], std::vector<double>(steps, absentValue())});
    for (std::size_t i = 0; i < steps; ++i) {
        for (auto& m : members)
            m.clear();
        for (std::size_t s = 0; s < input.series.size(); ++s)
            if (isPresent(input.series[s].values[i]))
                members[groups.ofSeries[s]].push_back(input.series[s].values[i]);
        for (std::size_t g = 0; g < n; ++g)
            if (!members[g].empty()) out.series[g].values[i] = quantileOf(param[i], members[g]);
    }
    std::erase_if(out.series, [](const StepSeries& s) { return !s.anyPresent(); });
    return out;
}

Value countValues(const std::string& label, const Groups& groups, const Value& input, std::size_t steps) {
    Value out;
    std::unordered_map<std::uint64_t, std::size_t> index;
    for (std::size_t i = 0; i < steps; ++i) {
        for (std::size_t s = 0; s < input.series.size(); ++s) {
            const double v = input.series[s].values[i];
            if (!isPresent(v)) continue;
            Labels labels = groups.labels[groups.ofSeries[s]];
            setLabel(labels, label, formatFloatPlain(v));
            const auto [it, inserted] = index.emplace(hashLabels(labels), out.series.size());
            if (inserted)
                out.series.push_back({std::move(labels), std::vector<double>(steps, absentValue())});
            double& count = out.series[it->second].values[i];
            count = isPresent(count) ? count + 1 : 1;
        }
    }
    return out;
}

} // namespace

Value Evaluator::evalAggregation(const Aggregation& agg, const StepGrid& grid) {
    std::vector<double> param;
    std::string label;
    if (agg.param) {
        Value p = eval(*agg.param, grid);
        if (agg.op == TokenKind::CountValues) {
            label = p.text;
            if (!isValidLabelName(label)) throw EvalError("invalid label name \"" + label + "\"");
        } else {
            param = std::move(p.series.front().values);
        }
    }
    const Value input = eval(*agg.expr, grid);
    const Groups groups = groupSeries(agg, input);
    switch (agg.op) {
    case TokenKind::Topk:
    case TokenKind::Bottomk:
        // Prometheus 3 checks k for every step first (2.42 only where there are samples, with other words).
        if (generation() == Generation::Prometheus3 && !checkK(param)) return {};
        return topK(agg.op == TokenKind::Topk, param, groups, input, grid.count);
    case TokenKind::Limitk:
        if (!checkK(param)) return {};
        return limited(false, param, groups, input, grid.count);
    case TokenKind::LimitRatio: {
        if (std::all_of(param.begin(), param.end(), [](double r) { return r == 0; })) return {};
        if (std::any_of(param.begin(), param.end(), [](double r) { return std::isnan(r); }))
            throw EvalError("Ratio value is NaN");
        const auto [low, high] = std::minmax_element(param.begin(), param.end());
        if (*high > 1)
            warn("PromQL warning: ratio value should be between -1 and 1, got " + formatFloatGo(*high) +
                     ", capping to 1",
                 agg.param->position);
        if (*low < -1)
            warn("PromQL warning: ratio value should be between -1 and 1, got " + formatFloatGo(*low) +
                     ", capping to -1",
                 agg.param->position);
        for (double& r : param)
            r = std::clamp(r, -1.0, 1.0);
        return limited(true, param, groups, input, grid.count);
    }
    case TokenKind::Quantile: {
        // Prometheus warns once each for NaN, the largest above 1 and the smallest below 0.
        const auto [low, high] = std::minmax_element(param.begin(), param.end());
        if (std::any_of(param.begin(), param.end(), [](double q) { return std::isnan(q); }))
            warnQuantile(std::nan(""), agg.param->position);
        if (high != param.end() && *high > 1) warnQuantile(*high, agg.param->position);
        if (low != param.end() && *low < 0) warnQuantile(*low, agg.param->position);
        return quantiles(param, groups, input, grid.count);
    }
    case TokenKind::CountValues:
        return countValues(label, groups, input, grid.count);
    default:
        return simpleAggregation(agg.op, groups, input, grid.count);
    }
}

} // namespace dw::promql
