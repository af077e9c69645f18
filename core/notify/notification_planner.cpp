#include "notification_planner.h"

#include "assessment/incident_text.h"

#include <algorithm>

namespace dw {

namespace {

std::string severityOf(const Incident& i) {
    for (const Label& l : i.alertLabels)
        if (l.name == "severity") return l.value;
    return {};
}

std::string stateName(HealthState s) {
    return std::string(healthStateName(s));
}

// Incidents told together share this: the kind of change, its new state, and where.
std::string groupKey(const Incident& i) {
    switch (i.kind) {
    case Incident::Kind::EntityChanged:
        return "e\n" + i.entityKind + "\n" + stateName(i.to) + "\n" + i.entity.job + "/" + i.entity.instance;
    case Incident::Kind::TargetDown:
    case Incident::Kind::TargetUp:
        return "t\n" + std::to_string(int(i.kind)) + "\n" + i.job;
    case Incident::Kind::AlertPending:
    case Incident::Kind::AlertFiring:
    case Incident::Kind::AlertResolved:
        break;
    }
    return "a\n" + std::to_string(int(i.kind)) + "\n" + i.alertName;
}

Notification describeGroup(const std::vector<const Incident*>& group) {
    const Incident& first = *group.front();
    const std::size_t n = group.size();
    Notification out;
    out.changes = int(n);
    switch (first.kind) {
    case Incident::Kind::EntityChanged: {
        const std::string where = first.entity.job + "/" + first.entity.instance;
        const std::string verb =
            first.to == HealthState::Healthy ? "recovered" : "went " + stateName(first.to);
        out.summary = n == 1 ? first.entityId + " " + verb
                             : std::to_string(n) + " " + first.entityKind + "s " + verb + " on " + where;
        out.body = n == 1 ? describe(first.reason) + " (" + where + ")" : "";
        for (std::size_t i = 0; n > 1 && i < std::min<std::size_t>(n, 5); ++i)
            out.body += group[i]->entityId + ": " + describe(group[i]->reason) + "\n";
        if (n > 5) out.body += "and " + std::to_string(n - 5) + " more";
        out.entityId = first.entityId;
        out.urgent = first.to == HealthState::Stale || first.to == HealthState::Unknown;
        break;
    }
    case Incident::Kind::TargetDown:
    case Incident::Kind::TargetUp: {
        const bool down = first.kind == Incident::Kind::TargetDown;
        out.summary =
            n == 1 ? first.job + "/" + first.instance + (down ? " is down" : " is up again")
                   : std::to_string(n) + " targets of " + first.job + (down ? " are down" : " are up again");
        out.body = down ? first.error : "";
        out.urgent = down;
        break;
    }
    case Incident::Kind::AlertPending:
    case Incident::Kind::AlertFiring:
    case Incident::Kind::AlertResolved: {
        const bool firing = first.kind == Incident::Kind::AlertFiring;
        out.summary =
            (n == 1 ? "Alert " + first.alertName : std::to_string(n) + " alerts " + first.alertName) +
            (firing ? " firing" : " resolved");
        for (std::size_t i = 0; i < std::min<std::size_t>(n, 5); ++i)
            out.body += incidentWhat(*group[i]) + "\n";
        out.urgent = firing && severityOf(first) == "critical";
        break;
    }
    }
    while (!out.body.empty() && out.body.back() == '\n')
        out.body.pop_back();
    return out;
}

} // namespace

NotificationPlanner::NotificationPlanner() : NotificationPlanner(Options{}) {}

NotificationPlanner::NotificationPlanner(Options options) : m_options(std::move(options)) {}

bool NotificationPlanner::wanted(const Incident& i) const {
    const NotificationFilter& f = m_options.filter;
    switch (i.kind) {
    case Incident::Kind::EntityChanged:
        if (!f.profiles.empty() && !f.profiles.count(i.entity.profile)) return false;
        if (i.firstSeen && i.to == HealthState::Healthy) return false;
        return i.to == HealthState::Healthy ? f.recoveries && !i.firstSeen : f.states.count(i.to) > 0;
    case Incident::Kind::TargetDown:
    case Incident::Kind::TargetUp:
        return f.targets;
    case Incident::Kind::AlertPending:
        return false; // pending is not yet news
    case Incident::Kind::AlertFiring:
    case Incident::Kind::AlertResolved:
        if (!(i.kind == Incident::Kind::AlertFiring ? f.alertsFiring : f.alertsResolved)) return false;
        return f.severities.empty() || f.severities.count(severityOf(i)) > 0;
    }
    return false;
}

bool NotificationPlanner::repeated(std::int64_t wallMs, const Incident& i) {
    std::string key = groupKey(i) + "\n";
    if (i.kind == Incident::Kind::EntityChanged) key += i.entityId;
    if (i.kind == Incident::Kind::TargetDown || i.kind == Incident::Kind::TargetUp) key += i.instance;
    for (const Label& l : i.alertLabels)
        key += l.name + "=" + l.value + ",";
    const auto it = m_lastTold.find(key);
    if (it != m_lastTold.end() && wallMs - it->second < m_options.repeatAfterMs) return true;
    m_lastTold[key] = wallMs;
    return false;
}

std::vector<Notification> NotificationPlanner::plan(std::int64_t wallMs,
                                                    const std::vector<Incident>& incidents) {
    // Groups in the order their first change came.
    std::vector<std::pair<std::string, std::vector<const Incident*>>> groups;
    for (const Incident& i : incidents) {
        if (!wanted(i) || repeated(wallMs, i)) continue;
        const std::string key = groupKey(i);
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
        if (it == groups.end()) it = groups.insert(groups.end(), {key, {}});
        it->second.push_back(&i);
    }
    // Forget what can no longer count as a repeat, so memory follows the last few minutes.
    std::erase_if(m_lastTold,
                  [&](const auto& entry) { return wallMs - entry.second >= m_options.repeatAfterMs; });
    std::erase_if(m_sent, [&](std::int64_t t) { return wallMs - t >= 60'000; });
    std::vector<Notification> out;
    int more = 0;
    for (const auto& [key, group] : groups) {
        if (int(m_sent.size()) >= m_options.maxPerMinute) {
            more += int(group.size());
            continue;
        }
        out.push_back(describeGroup(group));
        m_sent.push_back(wallMs);
    }
    // What the cap held back is summed up in one notification, at most one a minute.
    m_unsaid += more;
    if (m_unsaid > 0 && (m_lastSummaryMs < 0 || wallMs - m_lastSummaryMs >= 60'000)) {
        Notification rest;
        rest.summary = std::to_string(m_unsaid) + " more change" + (m_unsaid == 1 ? "" : "s");
        rest.body = "Too many at once to tell one by one: see DispatchWatch.";
        rest.changes = m_unsaid;
        out.push_back(std::move(rest));
        m_unsaid = 0;
        m_lastSummaryMs = wallMs;
    }
    return out;
}

} // namespace dw
