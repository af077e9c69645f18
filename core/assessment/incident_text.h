#pragma once

#include "assessment/incident.h"

#include <string>

namespace dw {

// The words for an incident, written in one place for every output (replay's report, the timeline's
// tooltips, watch): who it is about, and what happened.
std::string incidentSubject(const Incident& incident); // "dispatcher dispatcher-acme-billing", "target job/host:port"
std::string incidentWhat(const Incident& incident);    // "stale: no heartbeat for 2m1s, threshold 2m"

} // namespace dw
