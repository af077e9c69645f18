// MonitorSession's part that sends alerts to Alertmanager (kept apart from the pipeline it listens to).
#include "monitor/monitor_session.h"

namespace dw {

void MonitorSession::setAlerting(AlertNotifier::Options options) {
    if (options.alertmanagers.empty()) {
        m_notifier.reset();
        return;
    }
    options.toWallMs = [clock = m_clock](std::int64_t t) { return clock->wallMs(t); };
    const bool first = !m_notifier;
    m_notifier = std::make_unique<AlertNotifier>(std::move(options));
    if (!first) return;
    // Snapshots are built on the evaluation thread; this runs on the session's, where the notifier lives.
    connect(this, &MonitorSession::snapshotReady, this,
            [this](const std::shared_ptr<const DashboardSnapshot>& s) {
                if (m_notifier && !m_replayOpen) m_notifier->update(s->nowMs, s->alerts);
            });
}

std::vector<AlertmanagerQueue::Status> MonitorSession::alertmanagerStatuses() const {
    return m_notifier ? m_notifier->statuses() : std::vector<AlertmanagerQueue::Status>{};
}

std::vector<std::string> MonitorSession::alertDeliveredTo(const Labels& labels) const {
    return m_notifier ? m_notifier->deliveredTo(labels) : std::vector<std::string>{};
}

} // namespace dw
