#pragma once

#include <cstdint>
#include <string>

namespace dw::bench {

// Writes a realistic node-exporter-like exposition body (text 0.0.4): per-CPU counters, per-device disk,
// network and filesystem series, histograms and summaries, with HELP and TYPE lines. The series count grows
// with the requested number of CPUs and devices; variant shifts every counter and gauge as successive
// scrapes would, with the series text unchanged.
std::string nodeExporterText(std::size_t targetSeries, std::uint32_t variant = 0);

} // namespace dw::bench
