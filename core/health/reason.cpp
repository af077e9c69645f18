#include "health/reason.h"

#include "util/duration.h"

#include <QDateTime>
#include <algorithm>
#include <cmath>

namespace dw {

namespace {

std::string clockTime(std::int64_t ms) {
    return QDateTime::fromMSecsSinceEpoch(ms).toString("HH:mm:ss").toStdString();
}

std::string age(std::int64_t ms) {
    return formatDurationMs(std::max<std::int64_t>(0, ms) / 1000 * 1000);
}

std::string whole(double v) {
    return std::to_string(std::llround(v));
}

} // namespace

std::string describe(const Reason& r) {
    using Kind = Reason::Kind;
    switch (r.kind) {
    case Kind::TargetDown:
        return "target down since " + clockTime(r.atMs) + ": " + (r.text.empty() ? "scrapes fail" : r.text);
    case Kind::StopEvent:
        return "stopped at " + clockTime(r.atMs) + " (stop event)";
    case Kind::StoppedBeforeWatching:
        return "stopped before watching began (" + whole(r.stops) + " stops, " + whole(r.starts) +
               " starts counted)";
    case Kind::SeriesDisappeared:
        return "its series disappeared at " + clockTime(r.atMs);
    case Kind::StoppedState:
        return "state " + r.text + " since " + clockTime(r.atMs);
    case Kind::MarkedStale:
        return "marked " + r.text + " at " + clockTime(r.atMs) +
               " after missing heartbeats (stale workers cleaned went up)";
    case Kind::Flapping:
        return std::to_string(r.count) + " restarts in the last " + formatDurationMs(r.windowMs) +
               " (threshold " + std::to_string(r.threshold) + ")";
    case Kind::ReportedStaleUnconfirmed: {
        std::string facts;
        if (r.reportedAgeSeconds)
            facts += ", heartbeat age " + age(std::int64_t(*r.reportedAgeSeconds * 1000));
        if (r.reportedFailures) facts += ", " + whole(*r.reportedFailures) + " consecutive failures";
        return "reported stale by the exporter" + facts + " (watched " + age(r.durationMs) + " of " +
               formatDurationMs(r.thresholdMs) + ", not long enough to confirm)";
    }
    case Kind::NoHeartbeat:
        return "no heartbeat for " + age(r.durationMs) + ", threshold " + formatDurationMs(r.thresholdMs);
    case Kind::NoHeartbeatSinceWatching:
        return "no heartbeat since watching began " + age(r.durationMs) + " ago, threshold " +
               formatDurationMs(r.thresholdMs);
    case Kind::Heartbeat:
        return "heartbeat " + age(r.durationMs) + " ago";
    case Kind::NoHeartbeatYet:
        return "no heartbeat yet; watching for " + age(r.durationMs);
    case Kind::InState:
        return "state " + r.text;
    case Kind::Present:
        break;
    }
    return "present";
}

std::string describe(const Disagreement& d) {
    if (d.reportedHealthy)
        return "reported healthy, but its heartbeat counter has not moved for " + age(d.silentMs) +
               " (threshold " + formatDurationMs(d.thresholdMs) + ")";
    return "reported unhealthy" +
           (d.failures ? " (" + whole(*d.failures) + " consecutive failures)" : std::string()) +
           ", but its heartbeat counter moved " + age(d.silentMs) + " ago";
}

} // namespace dw
