#pragma once

#include <cmath>

namespace dw::promql {

// Go's math.Max and math.Min, whose NaN and signed-zero rules PromQL's results follow (std::max does not).
inline double goMax(double x, double y) {
    if (std::isinf(x) && x > 0) return x;
    if (std::isinf(y) && y > 0) return y;
    if (std::isnan(x) || std::isnan(y)) return x + y; // NaN
    if (x == 0 && x == y) return std::signbit(x) ? y : x;
    return x > y ? x : y;
}
inline double goMin(double x, double y) {
    if (std::isinf(x) && x < 0) return x;
    if (std::isinf(y) && y < 0) return y;
    if (std::isnan(x) || std::isnan(y)) return x + y;
    if (x == 0 && x == y) return std::signbit(x) ? x : y;
    return x < y ? x : y;
}

// Kahan-Babuska-Neumaier summation, as Prometheus's kahanSumInc.
struct KahanSum {
    double sum = 0;
    double c = 0;
    void add(double inc) {
        const double t = sum + inc;
        if (std::fabs(sum) >= std::fabs(inc))
            c += (sum - t) + inc;
        else
            c += (inc - t) + sum;
        sum = t;
    }
    double value() const { return sum + c; }
};

} // namespace dw::promql
