#include "promql/range_functions.h"

#include "promql/go_math.h"
#include "promql/step_series.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

namespace dw::promql {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double extrapolatedRate(const RangeWindow& w, bool isCounter, bool isRate) {
    const auto& p = w.points;
    if (p.size() < 2) return absentValue();
    double result = p.back().v - p.front().v;
    if (isCounter && w.anyDrop()) {
        double last = 0;
        for (const Point& s : p) {
            if (s.v < last) result += last;
            last = s.v;
        }
    }
    double durationToStart = double(p.front().t - w.rangeStart) / 1000;
    const double durationToEnd = double(w.rangeEnd - p.back().t) / 1000;
    const double sampledInterval = double(p.back().t - p.front().t) / 1000;
    const double averageBetween = sampledInterval / double(p.size() - 1);
    // A counter cannot go below zero: do not extrapolate past the point where it would have been zero.
    if (isCounter && result > 0 && p.front().v >= 0) {
        const double durationToZero = sampledInterval * (p.front().v / result);
        if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
    const double threshold = averageBetween * 1.1;
    double extrapolateTo = sampledInterval;
    extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
    extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
    result = result * (extrapolateTo / sampledInterval);
    if (isRate) result /= double(w.rangeMs) / 1000;
    return result;
}

double instantValue(const RangeWindow& w, bool isRate) {
    const auto& p = w.points;
    if (p.size() < 2) return absentValue();
    const Point last = p[p.size() - 1], previous = p[p.size() - 2];
    double result = isRate && last.v < previous.v ? last.v : last.v - previous.v;
    const std::int64_t interval = last.t - previous.t;
    if (interval == 0) return absentValue();
    if (isRate) result /= double(interval) / 1000;
    return result;
}

struct Regression {
    double slope = 0;
    double intercept = 0;
};

Regression linearRegression(std::span<const Point> points, std::int64_t interceptTime) {
    double n = 0;
    KahanSum sumX, sumY, sumXY, sumX2;
    const double initY = points[0].v;
    bool constY = true;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const Point& s = points[i];
        if (constY && i > 0 && s.v != initY) constY = false;
        n += 1;
        const double x = double(s.t - interceptTime) / 1e3;
        sumX.add(x);
        sumY.add(s.v);
        sumXY.add(x * s.v);
        sumX2.add(x * x);
    }
    if (constY) {
        if (std::isinf(initY)) return {kNaN, kNaN};
        return {0, initY};
    }
    const double sx = sumX.value(), sy = sumY.value(), sxy = sumXY.value(), sx2 = sumX2.value();
    const double covXY = sxy - sx * sy / n;
    const double varX = sx2 - sx * sx / n;
    const double slope = covXY / varX;
    return {slope, sy / n - slope * sx / n};
}

template<typename F> double overTime(const RangeWindow& w, F&& f) {
    if (w.points.empty()) return absentValue();
    return f(w.points);
}

double avgOverTime(std::span<const Point> values) {
    double mean = 0, count = 0;
    KahanSum kahan;
    for (const Point& v : values) {
        count++;
        mean = kahan.sum;
        if (std::isinf(mean)) {
            if (std::isinf(v.v) && (mean > 0) == (v.v > 0)) continue;
            if (!std::isinf(v.v) && !std::isnan(v.v)) continue;
        }
        kahan.add(v.v / count - mean / count);
    }
    if (std::isinf(kahan.sum)) return kahan.sum;
    return kahan.value();
}

double stdvarOverTime(std::span<const Point> values) {
    double count = 0;
    KahanSum mean, aux;
    for (const Point& v : values) {
        count++;
        const double delta = v.v - mean.value();
        mean.add(delta / count);
        aux.add(delta * (v.v - mean.value()));
    }
    return aux.value() / count;
}

double holtWinters(const RangeWindow& w, std::span<const double> args) {
    const auto& p = w.points;
    const double sf = args[0], tf = args[1];
    if (!(sf > 0 && sf < 1) || !(tf > 0 && tf < 1)) return kNaN; // the caller reports the error
    if (p.size() < 2) return absentValue();
    double s0 = 0, s1 = p[0].v, b = p[1].v - p[0].v;
    for (std::size_t i = 1; i < p.size(); ++i) {
        const double x = sf * p[i].v;
        if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
        const double y = (1 - sf) * (s1 + b);
        s0 = s1;
        s1 = x + y;
    }
    return s1;
}

struct Entry {
    std::string_view name;
    RangeFunction function;
};

const Entry kFunctions[] = {
    {"rate", [](const RangeWindow& w, std::span<const double>) { return extrapolatedRate(w, true, true); }},
    {"increase",
     [](const RangeWindow& w, std::span<const double>) { return extrapolatedRate(w, true, false); }},
    {"delta",
     [](const RangeWindow& w, std::span<const double>) { return extrapolatedRate(w, false, false); }},
    {"irate", [](const RangeWindow& w, std::span<const double>) { return instantValue(w, true); }},
    {"idelta", [](const RangeWindow& w, std::span<const double>) { return instantValue(w, false); }},
    {"deriv",
     [](const RangeWindow& w, std::span<const double>) {
         if (w.points.size() < 2) return absentValue();
         return linearRegression(w.points, w.points[0].t).slope;
     }},
    {"predict_linear",
     [](const RangeWindow& w, std::span<const double> args) {
         if (w.points.size() < 2) return absentValue();
         const Regression r = linearRegression(w.points, w.evalTime);
         return r.slope * args[0] + r.intercept;
     }},
    {"holt_winters", holtWinters},
    {"double_exponential_smoothing", holtWinters}, // Prometheus 3's name for it
    {"resets",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) {
             double resets = 0;
             for (std::size_t i = 1; i < p.size(); ++i)
                 if (p[i].v < p[i - 1].v) resets++;
             return resets;
         });
     }},
    {"changes",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) {
             double changes = 0;
             for (std::size_t i = 1; i < p.size(); ++i) {
                 const double current = p[i].v, previous = p[i - 1].v;
                 if (!(current == previous || (std::isnan(current) && std::isnan(previous)))) changes++;
             }
             return changes;
         });
     }},
    {"avg_over_time", [](const RangeWindow& w, std::span<const double>) { return overTime(w, avgOverTime); }},
    {"sum_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) {
             KahanSum sum;
             for (const Point& s : p)
                 sum.add(s.v);
             return std::isinf(sum.sum) ? sum.sum : sum.value();
         });
     }},
    {"count_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) { return double(p.size()); });
     }},
    {"min_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) {
             double min = p[0].v;
             for (const Point& s : p)
                 if (s.v < min || std::isnan(min)) min = s.v;
             return min;
         });
     }},
    {"max_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) {
             double max = p[0].v;
             for (const Point& s : p)
                 if (s.v > max || std::isnan(max)) max = s.v;
             return max;
         });
     }},
    {"last_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) { return p.back().v; });
     }},
    {"first_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) { return p.front().v; });
     }},
    {"ts_of_first_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) { return double(p.front().t) / 1000; });
     }},
    {"ts_of_last_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) { return double(p.back().t) / 1000; });
     }},
    // The latest time of the extreme value (>=, <=), as Prometheus 3's compareOverTime finds it.
    {"ts_of_max_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) {
             double max = p[0].v;
             std::int64_t at = p[0].t;
             for (const Point& s : p)
                 if (s.v >= max || std::isnan(max)) max = s.v, at = s.t;
             return double(at) / 1000;
         });
     }},
    {"ts_of_min_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) {
             double min = p[0].v;
             std::int64_t at = p[0].t;
             for (const Point& s : p)
                 if (s.v <= min || std::isnan(min)) min = s.v, at = s.t;
             return double(at) / 1000;
         });
     }},
    {"present_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point>) { return 1.0; });
     }},
    {"stdvar_over_time",
     [](const RangeWindow& w, std::span<const double>) { return overTime(w, stdvarOverTime); }},
    {"stddev_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         return overTime(w, [](std::span<const Point> p) { return std::sqrt(stdvarOverTime(p)); });
     }},
    {"quantile_over_time",
     [](const RangeWindow& w, std::span<const double> args) {
         if (w.points.empty()) return absentValue();
         thread_local std::vector<double> values;
         values.clear();
         for (const Point& s : w.points)
             values.push_back(s.v);
         return quantileOf(args[0], values);
     }},
    {"mad_over_time",
     [](const RangeWindow& w, std::span<const double>) {
         if (w.points.empty()) return absentValue();
         thread_local std::vector<double> values;
         values.clear();
         for (const Point& s : w.points) {
             if (std::isnan(s.v)) return kNaN;
             values.push_back(s.v);
         }
         const double median = quantileOf(0.5, values);
         for (double& v : values)
             v = std::fabs(v - median);
         return quantileOf(0.5, values);
     }},
};

} // namespace

double quantileOf(double q, std::span<double> values) {
    if (values.empty() || std::isnan(q)) return kNaN;
    if (q < 0) return -std::numeric_limits<double>::infinity();
    if (q > 1) return std::numeric_limits<double>::infinity();
    // Prometheus sorts NaN first.
    std::sort(values.begin(), values.end(),
              [](double a, double b) { return std::isnan(a) ? !std::isnan(b) : a < b; });
    const double n = double(values.size());
    const double rank = q * (n - 1);
    const double lower = std::max(0.0, std::floor(rank));
    const double upper = std::min(n - 1, lower + 1);
    const double weight = rank - std::floor(rank);
    return values[std::size_t(lower)] * (1 - weight) + values[std::size_t(upper)] * weight;
}

RangeFunction findRangeFunction(std::string_view name) {
    for (const Entry& e : kFunctions)
        if (e.name == name) return e.function;
    return nullptr;
}

} // namespace dw::promql
