#pragma once

#include "alertmanager/alertmanager_queue.h"
#include "alerts/rule_evaluator.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace dw {

// Sends DispatchWatch's alerts (the rules' and the per-entity health alerts) to Alertmanagers the way
// Prometheus's notifier does: a firing alert when it starts firing and again every resend delay, with
// endsAt four evaluation or resend intervals ahead (so Alertmanager resolves it by itself if DispatchWatch
// goes away); a resolved alert with endsAt at its end, re-sent for 15 minutes; the configuration's external
// labels added (an alert's own label wins); startsAt the time it fired. Every Alertmanager gets every alert,
// each through its own bounded queue. Alerts of Prometheus servers (Alert::source) are theirs to send.
// Thread-safety: none; lives in one thread (the command's, or the window's), whose event loop delivers.
class AlertNotifier : public QObject {
public:
    struct Options {
        std::vector<TargetSpec> alertmanagers; // base URLs with auth, TLS and timeout
        Labels externalLabels;
        std::string externalUrl; // generatorURL's base
        std::int64_t resendDelayMs = 60'000;
        std::int64_t evaluationIntervalMs = 15'000;
        std::int64_t resolvedRetentionMs = 15 * 60'000;
        std::size_t queueCapacity = 10'000;
        std::size_t maxBatch = 64;
        // Session time to wall-clock time for the times Alertmanager reads (a demo's scaled clock runs
        // ahead of the wall); empty: the same.
        std::function<std::int64_t(std::int64_t)> toWallMs;
        AlertmanagerQueue::Warn warn; // problems worth telling a person
    };

    explicit AlertNotifier(Options options, QObject* parent = nullptr);
    ~AlertNotifier() override;

    // After each evaluation at session time now, with the assessment's alerts (pending ones are ignored).
    void update(std::int64_t nowMs, const std::vector<Alert>& alerts);
    bool idle() const;
    std::vector<AlertmanagerQueue::Status> statuses() const;
    // The Alertmanagers (display URLs) that have accepted this alert since it first fired; labels as the
    // alert has them (without external labels).
    std::vector<std::string> deliveredTo(const Labels& labels) const;

private:
    struct Tracked {
        Alert alert;
        std::int64_t lastSentMs = 0;
        std::int64_t resolvedAtMs = 0; // 0: firing
    };
    void send(Tracked& tracked, std::int64_t nowMs);
    std::int64_t wall(std::int64_t ms) const { return m_options.toWallMs ? m_options.toWallMs(ms) : ms; }

    Options m_options;
    QNetworkAccessManager m_network; // before the queues, which use it
    std::vector<std::unique_ptr<AlertmanagerQueue>> m_queues;
    std::map<Labels, Tracked> m_alerts; // by the alert's own labels
    // Per alert (with external labels), the Alertmanagers that accepted it.
    std::map<Labels, std::vector<std::string>> m_delivered;
};

} // namespace dw
