#pragma once

#include <optional>
#include <string>

namespace dw::dashboard {

// A value as Grafana shows it in a unit of its catalogue: short (K, Mil, Bil), none, percent and
// percentunit, time (ns to years: s, ms, m, h, d, dtdurations), data in IEC and SI (bytes, decbytes,
// bits, kbytes, …) and data rates (Bps, bps, …), throughput (reqps, ops, rps, wps, iops, cps, …), hertz,
// currencies, temperatures, bool, sci, locale, and the custom prefix:, suffix:, si: and count: forms; an
// unknown id is written after the number, as Grafana does. decimals: fixed, or Grafana's automatic choice.
// Thread-safety: a free function.
std::string formatGrafanaValue(double value, const std::string& unit, std::optional<int> decimals);

// Grafana's automatic number of decimals for a value (its getDecimalsForValue).
int autoDecimals(double value);

} // namespace dw::dashboard
