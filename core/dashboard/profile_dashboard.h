#pragma once

#include "health/profile.h"

#include <QJsonObject>
#include <string>

namespace dw::dashboard {

// A profile's view as a Grafana dashboard (schema 39, Grafana 10/11): a datasource variable, job and
// instance variables (multi-value, "All"), one row of stat tiles counting the entities and those stale or
// restarting, the profile's panels with its colours, units and thresholds, and a state timeline of each
// entity's heartbeat, all reading the chosen datasource and limited to the chosen jobs and instances.
// The tiles and the timeline are the health model's judgements expressed in PromQL where PromQL can.
// Thread-safety: a free function.
QJsonObject dashboardFromProfile(const Profile& profile);

// expr with job=~"$job" and instance=~"$instance" added to every selector that has no matcher on them.
// Returns expr unchanged when it does not parse (reported by dashboard check in Grafana and here).
std::string withTargetVariables(const std::string& expr, promql::Generation generation);

} // namespace dw::dashboard
