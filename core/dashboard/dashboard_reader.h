#pragma once

#include "dashboard/dashboard.h"

#include <QByteArray>
#include <optional>
#include <string>

namespace dw::dashboard {

// Reads a Grafana dashboard file: what Grafana's "Export → Save to file" writes (with or without its
// __inputs), the {"dashboard": …, "meta": …} of Grafana's HTTP API, and the rows-of-panels layout of
// schema versions before 16. Invalid JSON is an error with line and column; a dashboard that is valid
// JSON but not of Grafana's shape where it matters (panels not a list, a panel without a type) is read as
// far as it goes, with each problem on its panel or the dashboard, naming the place by its JSON path.
// Thread-safety: a free function over its arguments.
std::optional<Dashboard> readDashboard(const QByteArray& json, std::string& error);

// Line and column (from 1) of a byte offset in text, as editors count them.
std::pair<int, int> lineAndColumn(const QByteArray& text, qsizetype offset);

} // namespace dw::dashboard
