#pragma once

#include <QString>
#include <cstdint>
#include <string>
#include <vector>

namespace dw {

// A value axis with round tick values, as Grafana and Prometheus's graph page choose them.
struct ValueAxis {
    double lo = 0;
    double hi = 1;
    double step = 0.2;
};

// The axis for data between lo and hi: 5% headroom, zero kept as the floor of non-negative data, about
// maxTicks ticks at 1, 2, 2.5 or 5 times a power of ten.
// Thread-safety: pure functions; call from any thread.
ValueAxis niceValueAxis(double lo, double hi, int maxTicks);

// The same for durations in seconds: steps of whole minutes, hours or days once the range spans more
// than two minutes, so ticks read "10m", "1h" rather than "16m40s".
ValueAxis niceDurationAxis(double lo, double hi, int maxTicks);

// Tick times at round local-time steps (1 s up to 1 d), at most maxTicks in [fromMs, toMs]; *format is
// the label format ("HH:mm:ss" for steps under a minute, "HH:mm", "MM-dd HH:mm" beyond a day).
std::vector<std::int64_t> timeTicks(std::int64_t fromMs, std::int64_t toMs, int maxTicks, QString* format);

// Formats a value with a panel's unit: "12s", "0.033/s", "1.2 MiB", "12.5%".
QString formatWithUnit(double value, const std::string& unit);

} // namespace dw
