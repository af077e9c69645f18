#include "promql/functions.h"

#include <algorithm>

namespace dw::promql {

namespace {

using V = ValueType;
constexpr V S = V::Scalar, I = V::Vector, M = V::Matrix, T = V::String;

const std::vector<FunctionInfo>& functions() {
    static const std::vector<FunctionInfo> all = [] {
        std::vector<FunctionInfo> f = {
            {"abs", {I}},
            {"absent", {I}},
            {"absent_over_time", {M}},
            {"ceil", {I}},
            {"changes", {M}},
            {"clamp", {I, S, S}},
            {"clamp_max", {I, S}},
            {"clamp_min", {I, S}},
            {"delta", {M}},
            {"deriv", {M}},
            {"exp", {I}},
            {"floor", {I}},
            {"histogram_quantile", {S, I}},
            {"holt_winters", {M, S, S}, 0, I, FunctionInfo::In::Prometheus2Only},
            {"double_exponential_smoothing", {M, S, S}, 0, I, FunctionInfo::In::Prometheus3Only},
            {"sort_by_label", {I, T}, -1, I, FunctionInfo::In::Prometheus3Only},
            {"sort_by_label_desc", {I, T}, -1, I, FunctionInfo::In::Prometheus3Only},
            {"max_of", {S, S}, 0, S, FunctionInfo::In::Prometheus3Only},
            {"min_of", {S, S}, 0, S, FunctionInfo::In::Prometheus3Only},
            {"idelta", {M}},
            {"increase", {M}},
            {"irate", {M}},
            {"label_join", {I, T, T, T}, -1},
            {"label_replace", {I, T, T, T, T}},
            {"ln", {I}},
            {"log10", {I}},
            {"log2", {I}},
            {"predict_linear", {M, S}},
            {"rate", {M}},
            {"resets", {M}},
            {"round", {I, S}, 1},
            {"scalar", {I}, 0, S},
            {"sgn", {I}},
            {"sort", {I}},
            {"sort_desc", {I}},
            {"sqrt", {I}},
            {"time", {}, 0, S},
            {"timestamp", {I}},
            {"vector", {S}},
            {"pi", {}, 0, S},
            {"quantile_over_time", {S, M}},
        };
        for (std::string_view name :
             {"avg_over_time", "count_over_time", "last_over_time", "max_over_time", "min_over_time",
              "present_over_time", "stddev_over_time", "stdvar_over_time", "sum_over_time", "mad_over_time"})
            f.push_back({name, {M}});
        for (std::string_view name : {"first_over_time", "ts_of_first_over_time", "ts_of_last_over_time",
                                      "ts_of_max_over_time", "ts_of_min_over_time"})
            f.push_back({name, {M}, 0, I, FunctionInfo::In::Prometheus3Only});
        // The query's own parameters, as scalars (Prometheus 3's duration expressions use them too).
        for (std::string_view name : {"start", "end", "range", "step"})
            f.push_back({name, {}, 0, S, FunctionInfo::In::Prometheus3Only});
        for (std::string_view name : {"acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "deg",
                                      "rad", "sin", "sinh", "tan", "tanh"})
            f.push_back({name, {I}});
        // The date functions take an optional vector of timestamps (default: vector(time())).
        for (std::string_view name : {"day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour",
                                      "minute", "month", "year"})
            f.push_back({name, {I}, 1});
        std::sort(f.begin(), f.end(),
                  [](const FunctionInfo& a, const FunctionInfo& b) { return a.name < b.name; });
        return f;
    }();
    return all;
}

} // namespace

const FunctionInfo* findFunction(std::string_view name, Generation generation) {
    const auto& all = functions();
    const auto it = std::lower_bound(all.begin(), all.end(), name,
                                     [](const FunctionInfo& f, std::string_view n) { return f.name < n; });
    if (it == all.end() || it->name != name) return nullptr;
    const FunctionInfo::In unavailable = generation == Generation::Prometheus3
                                             ? FunctionInfo::In::Prometheus2Only
                                             : FunctionInfo::In::Prometheus3Only;
    return it->in == unavailable ? nullptr : &*it;
}

} // namespace dw::promql
