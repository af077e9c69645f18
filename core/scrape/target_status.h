#pragma once

#include "scrape/target_health.h"
#include "scrape/target_spec.h"

namespace dw {

// A target and what is known about its scrapes, live or replayed. A value type.
struct TargetStatus {
    TargetSpec spec;
    TargetHealth health;
    std::string source; // empty: scraped by DispatchWatch; else the Prometheus server that scrapes it
};

} // namespace dw
