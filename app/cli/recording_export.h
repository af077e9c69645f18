#pragma once

#include <QString>

namespace dw::cli {

// `recording export`: replays a recording into a store (the parser and staleness exactly as live) and
// writes the samples of the series a selector selects — as OpenMetrics text with timestamps, one family
// after another and each series in time order (what `promtool tsdb create-blocks-from openmetrics`
// loads), or as CSV (time, series, value). Staleness markers are not samples and are left out.
int exportRecording(const QString& path, const QString& format, const QString& match, const QString& out);

} // namespace dw::cli
