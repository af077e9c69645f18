#pragma once

#include "assessment/incident.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace dw {

// What a person chose to be told about (the Settings dialog): entity changes into some states, recoveries,
// targets going down and up, alerts firing and resolving of some severities, for some profiles. A value type.
struct NotificationFilter {
    std::set<HealthState> states = {HealthState::Stale, HealthState::Stopped, HealthState::Flapping,
                                    HealthState::Unknown};
    bool recoveries = true; // back to healthy
    bool targets = true;
    bool alertsFiring = true;
    bool alertsResolved = true;
    std::set<std::string> severities = {"critical", "warning"}; // of alerts; empty: every severity
    std::set<std::string> profiles;                             // empty: every profile
};

// One desktop notification: a summary line, a body, and the entity a click opens (empty: none).
struct Notification {
    std::string summary;
    std::string body;
    std::string entityId;
    bool urgent = false;
    int changes = 0; // how many changes it tells of
};

// Turns the incidents of one assessment into the few notifications a person wants: the chosen ones only;
// changes that happen together grouped ("12 dispatchers went stale on compozy/prod-1"); the same change of
// the same entity not told again within repeatAfterMs (a flapping entity does not ring every minute); and
// at most maxPerMinute notifications a minute, what that holds back summed up in one (at most one a minute).
// Thread-safety: none; one thread plans (the window's).
class NotificationPlanner {
public:
    struct Options {
        NotificationFilter filter;
        std::int64_t repeatAfterMs = std::int64_t{10} * 60'000;
        int maxPerMinute = 4;
    };
    NotificationPlanner();
    explicit NotificationPlanner(Options options);
    void setFilter(NotificationFilter filter) { m_options.filter = std::move(filter); }
    const NotificationFilter& filter() const { return m_options.filter; }

    // wallMs: now on the wall clock (what rate limits are about).
    std::vector<Notification> plan(std::int64_t wallMs, const std::vector<Incident>& incidents);

private:
    bool wanted(const Incident& incident) const;
    bool repeated(std::int64_t wallMs, const Incident& incident);

    Options m_options;
    std::map<std::string, std::int64_t> m_lastTold; // change key -> when it was last notified
    std::vector<std::int64_t> m_sent;               // times of recent notifications
    int m_unsaid = 0;                               // changes the cap held back, not yet summed up
    std::int64_t m_lastSummaryMs = -1;
};

} // namespace dw
