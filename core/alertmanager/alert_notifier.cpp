#include "alertmanager/alert_notifier.h"

#include <algorithm>
#include <set>

namespace dw {

AlertNotifier::AlertNotifier(Options options, QObject* parent) : QObject(parent), m_options(std::move(options)) {
    for (const TargetSpec& spec : m_options.alertmanagers) {
        const std::size_t index = m_queues.size();
        // The queues are owned by this object and call back only while they live, so `this` is alive.
        m_queues.push_back(std::make_unique<AlertmanagerQueue>(
            spec, m_network, m_options.queueCapacity, m_options.maxBatch,
            [this, index](const std::vector<PostableAlert>& batch) {
                const std::string& url = m_queues[index]->status().url;
                for (const PostableAlert& a : batch) {
                    std::vector<std::string>& to = m_delivered[a.labels];
                    if (std::find(to.begin(), to.end(), url) == to.end()) to.push_back(url);
                }
            },
            m_options.warn));
    }
}

AlertNotifier::~AlertNotifier() = default;

void AlertNotifier::update(std::int64_t nowMs, const std::vector<Alert>& alerts) {
    if (m_queues.empty()) return;
    std::set<Labels> firing;
    for (const Alert& a : alerts) {
        if (!a.source.empty() || a.state != Alert::State::Firing) continue;
        firing.insert(a.labels);
        auto [it, isNew] = m_alerts.try_emplace(a.labels, Tracked{a, 0, 0});
        Tracked& t = it->second;
        const bool refired = t.resolvedAtMs != 0;
        t.alert = a;
        t.resolvedAtMs = 0;
        if (isNew || refired || nowMs - t.lastSentMs >= m_options.resendDelayMs) send(t, nowMs);
    }
    for (auto it = m_alerts.begin(); it != m_alerts.end();) {
        Tracked& t = it->second;
        if (firing.count(it->first)) {
            ++it;
            continue;
        }
        if (t.resolvedAtMs == 0) {
            t.resolvedAtMs = nowMs;
            send(t, nowMs);
        } else if (nowMs - t.resolvedAtMs > m_options.resolvedRetentionMs) {
            m_delivered.erase(withExternalLabels(it->first, m_options.externalLabels));
            it = m_alerts.erase(it);
            continue;
        } else if (nowMs - t.lastSentMs >= m_options.resendDelayMs) {
            send(t, nowMs);
        }
        ++it;
    }
}

void AlertNotifier::send(Tracked& tracked, std::int64_t nowMs) {
    const Alert& a = tracked.alert;
    PostableAlert out;
    out.labels = withExternalLabels(a.labels, m_options.externalLabels);
    out.annotations = a.annotations;
    out.startsAtMs = wall(a.firedAtMs ? a.firedAtMs : a.activeAtMs);
    const std::int64_t validFor = 4 * std::max(m_options.evaluationIntervalMs, m_options.resendDelayMs);
    out.endsAtMs = wall(tracked.resolvedAtMs ? tracked.resolvedAtMs : nowMs + validFor);
    out.generatorUrl = generatorUrl(m_options.externalUrl, a.expr);
    for (auto& queue : m_queues)
        queue->push(out);
    tracked.lastSentMs = nowMs;
}

bool AlertNotifier::idle() const {
    return std::all_of(m_queues.begin(), m_queues.end(), [](const auto& q) { return q->idle(); });
}

std::vector<AlertmanagerQueue::Status> AlertNotifier::statuses() const {
    std::vector<AlertmanagerQueue::Status> out;
    for (const auto& queue : m_queues)
        out.push_back(queue->status());
    return out;
}

std::vector<std::string> AlertNotifier::deliveredTo(const Labels& labels) const {
    const auto it = m_delivered.find(withExternalLabels(labels, m_options.externalLabels));
    return it == m_delivered.end() ? std::vector<std::string>{} : it->second;
}

} // namespace dw
