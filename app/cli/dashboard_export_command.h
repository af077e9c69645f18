#pragma once

#include <QStringList>

namespace dw::cli {

// dispatchwatch dashboard export --profile NAME|FILE [--out FILE]: the profile's view as Grafana JSON.
int runDashboardExport(const QStringList& arguments);
// dispatchwatch rules export --profile NAME|FILE [--out FILE]: its alerting as a Prometheus rule file.
int runRules(const QStringList& arguments);

} // namespace dw::cli
