#include "assessment/incident_text.h"

namespace dw {

std::string incidentSubject(const Incident& i) {
    switch (i.kind) {
    case Incident::Kind::EntityChanged:
        return i.entityKind + " " + i.entityId;
    case Incident::Kind::TargetDown:
    case Incident::Kind::TargetUp:
        return "target " + i.job + "/" + i.instance;
    case Incident::Kind::AlertPending:
    case Incident::Kind::AlertFiring:
    case Incident::Kind::AlertResolved:
        return "alert " + i.alertName;
    }
    return {};
}

std::string incidentWhat(const Incident& i) {
    std::string labels;
    for (const Label& l : i.alertLabels)
        if (l.name != "alertname") labels += (labels.empty() ? "" : ", ") + l.name + "=" + l.value;
    switch (i.kind) {
    case Incident::Kind::EntityChanged:
        return std::string(healthStateName(i.to)) + ": " + describe(i.reason);
    case Incident::Kind::TargetDown:
        return "down: " + i.error;
    case Incident::Kind::TargetUp:
        return "up again";
    case Incident::Kind::AlertPending:
        return "pending {" + labels + "}";
    case Incident::Kind::AlertFiring:
        return "firing {" + labels + "}";
    case Incident::Kind::AlertResolved:
        return "resolved {" + labels + "}";
    }
    return {};
}

} // namespace dw
