#pragma once

#include "health/health_state.h"
#include "model/labels.h"

#include <cstdint>
#include <string>

namespace dw {

// Something that changed, as a kind plus its facts; outputs put it into words (incident_text.h).
// A value type.
struct Incident {
    enum class Kind {
        EntityChanged, // an entity's state changed (or was first seen not healthy)
        TargetDown,
        TargetUp,     // after being down
        AlertPending, // became active, waiting for its `for`
        AlertFiring,
        AlertResolved,
    };
    Kind kind = Kind::EntityChanged;
    std::int64_t timeMs = 0;

    // EntityChanged: who, from what to what, and the model's reason for the new state.
    EntityKey entity;
    std::string entityKind; // "dispatcher"
    std::string entityId;   // for people: "dispatcher-acme-billing"
    HealthState from = HealthState::Unknown;
    HealthState to = HealthState::Unknown;
    bool firstSeen = false; // no state before: from is meaningless
    Reason reason;

    // TargetDown, TargetUp: the target, and the error that took it down.
    std::string job, instance;
    std::string error;

    // AlertPending, AlertFiring, AlertResolved: the rule and the alert's labels (alertname included).
    std::string alertName;
    Labels alertLabels;
};

} // namespace dw
