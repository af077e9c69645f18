#include "plot_axes.h"

#include "health_table_model.h"

#include <QDateTime>
#include <array>
#include <cmath>

namespace dw {

ValueAxis niceValueAxis(double lo, double hi, int maxTicks) {
    if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
    if (lo == hi) lo -= 1, hi += 1;
    const double pad = (hi - lo) * 0.05;
    lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
    hi += pad;
    const double raw = (hi - lo) / std::max(1, maxTicks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude * 10;
    for (double m : {1.0, 2.0, 2.5, 5.0})
        if (magnitude * m >= raw) {
            step = magnitude * m;
            break;
        }
    return {std::floor(lo / step) * step, std::ceil(hi / step) * step, step};
}

ValueAxis niceDurationAxis(double lo, double hi, int maxTicks) {
    const ValueAxis plain = niceValueAxis(lo, hi, maxTicks);
    if (plain.hi - plain.lo <= 120) return plain;
    static constexpr std::array<double, 14> kSteps = {60,   120,   300,   600,   900,   1800,   3600,
                                                      7200, 10800, 21600, 43200, 86400, 172800, 604800};
    const double span = plain.hi - plain.lo;
    double step = kSteps.back();
    for (double s : kSteps)
        if (span / s <= maxTicks) {
            step = s;
            break;
        }
    // The data range with 5% headroom, zero kept as the floor of non-negative data, on whole steps.
    const bool data = std::isfinite(lo) && std::isfinite(hi) && lo <= hi;
    const double from = data ? lo : plain.lo;
    const double to = data ? hi : plain.hi;
    const double pad = (to - from) * 0.05;
    const double bottom = from >= 0 ? std::max(0.0, from - pad) : from - pad;
    return {std::floor(bottom / step) * step, std::ceil((to + pad) / step) * step, step};
}

std::vector<std::int64_t> timeTicks(std::int64_t fromMs, std::int64_t toMs, int maxTicks, QString* format) {
    static constexpr std::array<std::int64_t, 20> kSteps = {
        1000,   2000,    5000,    10000,   15000,    30000,    60000,    120000,   300000,    600000,
        900000, 1800000, 3600000, 7200000, 10800000, 21600000, 43200000, 86400000, 172800000, 604800000};
    const std::int64_t span = std::max<std::int64_t>(1, toMs - fromMs);
    std::int64_t step = kSteps.back();
    for (std::int64_t s : kSteps)
        if (span / s <= maxTicks) {
            step = s;
            break;
        }
    *format = span > 86400000 ? "MM-dd HH:mm" : step < 60000 ? "HH:mm:ss" : "HH:mm";
    // Round to local time, so hour and day ticks fall on the hour and at midnight where the user is.
    const std::int64_t offset = std::int64_t(QDateTime::fromMSecsSinceEpoch(fromMs).offsetFromUtc()) * 1000;
    std::int64_t t = ((fromMs + offset + step - 1) / step) * step - offset;
    if (t < fromMs) t += step;
    std::vector<std::int64_t> out;
    for (; t <= toMs; t += step)
        out.push_back(t);
    return out;
}

QString formatWithUnit(double value, const std::string& unit) {
    if (unit == "s") {
        // Fractions of a second (a small range's ticks) keep their digits; longer spans read as 1h2m.
        if (std::fabs(value) < 60 && value != std::round(value)) return QString::number(value, 'g', 3) + "s";
        return humanDuration(std::int64_t(value * 1000));
    }
    if (unit == "/s") return QString::number(value, 'g', 3) + "/s";
    if (unit == "percent") return QString::number(value, 'f', 1) + "%";
    if (unit == "percentunit") return QString::number(value * 100, 'f', 1) + "%";
    if (unit == "bytes") {
        const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        while (std::fabs(value) >= 1024 && i < 4) {
            value /= 1024;
            ++i;
        }
        return QString::number(value, 'g', 3) + " " + units[i];
    }
    return QString::number(value, 'g', 4);
}

} // namespace dw
