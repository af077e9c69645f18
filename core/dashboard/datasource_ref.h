#pragma once

#include "dashboard/dashboard.h"

#include <QJsonObject>
#include <QJsonValue>

namespace dw::dashboard {

// Classifies a datasource reference in any of the styles real dashboards use. inputs: the file's
// __inputs (to learn the plugin of "${DS_…}"); variables: its datasource variables (to learn theirs).
// A bare name is taken for Prometheus unless it names another kind (Loki, InfluxDB, …): DispatchWatch
// cannot ask a Grafana which plugin a name has, and most dashboards that reach it are Prometheus ones.
// Thread-safety: a free function over its arguments.
DatasourceRef classifyDatasource(const QJsonValue& value, const QJsonArray& inputs,
                                 const std::vector<Variable>& variables);

} // namespace dw::dashboard
