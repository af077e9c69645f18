#include "alertmanager/alertmanager_queue.h"

#include "scrape/scrape_request.h"

#include <QDateTime>
#include <algorithm>

namespace dw {

namespace {

constexpr int kFirstRetryMs = 1000;
constexpr int kMaxRetryMs = 30'000;

std::string displayUrl(QUrl url) {
    url.setUserInfo({});
    return url.toString(QUrl::RemoveQuery).toStdString();
}

} // namespace

AlertmanagerQueue::AlertmanagerQueue(TargetSpec spec, QNetworkAccessManager& network, std::size_t capacity,
                                     std::size_t maxBatch, Delivered delivered, Warn warn, QObject* parent)
    : QObject(parent), m_spec(std::move(spec)), m_network(network), m_capacity(std::max<std::size_t>(1, capacity)),
      m_maxBatch(std::max<std::size_t>(1, maxBatch)), m_delivered(std::move(delivered)), m_warn(std::move(warn)) {
    m_status.url = displayUrl(m_spec.url);
    QString path = m_spec.url.path();
    while (path.endsWith('/'))
        path.chop(1);
    m_spec.url.setPath(path + "/api/v2/alerts");
    m_spec.bodySizeLimit = 1 << 20; // Alertmanager answers with nothing, or an error message
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &AlertmanagerQueue::sendNext);
}

void AlertmanagerQueue::push(PostableAlert alert) {
    enqueue(std::move(alert), false);
    std::uint64_t dropped = 0;
    while (m_queue.size() > m_capacity) {
        m_index.erase(m_queue.front().labels);
        m_queue.pop_front();
        ++dropped;
    }
    if (dropped > 0) {
        m_status.dropped += dropped;
        if (m_warn)
            m_warn("Alertmanager " + m_status.url + ": queue full (" + std::to_string(m_capacity) +
                   " alerts), dropped the " + std::to_string(dropped) + " oldest (" +
                   std::to_string(m_status.dropped) + " in all)");
    }
    m_status.queued = m_queue.size();
    if (!m_sending && !m_retry.isActive()) sendNext();
}

void AlertmanagerQueue::enqueue(PostableAlert alert, bool front) {
    const auto it = m_index.find(alert.labels);
    if (it != m_index.end()) {
        if (front) return; // a failed batch's copy is older than the one queued meanwhile
        m_queue.erase(it->second);
        m_index.erase(it);
    }
    Labels key = alert.labels;
    const auto where = front ? m_queue.begin() : m_queue.end();
    m_index.emplace(std::move(key), m_queue.insert(where, std::move(alert)));
}

void AlertmanagerQueue::sendNext() {
    if (m_sending || m_queue.empty()) return;
    m_batch.clear();
    while (!m_queue.empty() && m_batch.size() < m_maxBatch) {
        m_index.erase(m_queue.front().labels);
        m_batch.push_back(std::move(m_queue.front()));
        m_queue.pop_front();
    }
    m_status.queued = m_queue.size();
    m_sending = true;
    // The request is this object's child: destroying the queue aborts it and the callback never runs.
    ScrapeRequest::startApi(m_network, m_spec, postableAlertsJson(m_batch), *this,
                            [this](const FetchResult& result) {
                                std::string error = result.error;
                                if (!result.ok && !result.errorBody.isEmpty())
                                    error += " (" + result.errorBody.left(300).trimmed().toStdString() + ")";
                                finished(result.ok, error);
                            },
                            "application/json");
}

void AlertmanagerQueue::finished(bool ok, const std::string& error) {
    m_sending = false;
    if (ok) {
        m_status.sent += m_batch.size();
        m_status.lastError.clear();
        m_status.lastSuccessMs = QDateTime::currentMSecsSinceEpoch();
        m_backoffMs = 0;
        if (m_delivered) m_delivered(m_batch);
        m_batch.clear();
        sendNext();
        return;
    }
    ++m_status.failures;
    const bool firstFailure = m_status.lastError.empty();
    m_status.lastError = error;
    if (firstFailure && m_warn)
        m_warn("cannot send alerts to Alertmanager " + m_status.url + ": " + error + "; retrying");
    for (auto it = m_batch.rbegin(); it != m_batch.rend(); ++it)
        enqueue(std::move(*it), true);
    m_batch.clear();
    while (m_queue.size() > m_capacity) { // pushed while the batch was out
        m_index.erase(m_queue.front().labels);
        m_queue.pop_front();
        ++m_status.dropped;
    }
    m_status.queued = m_queue.size();
    m_backoffMs = m_backoffMs == 0 ? kFirstRetryMs : std::min(kMaxRetryMs, m_backoffMs * 2);
    m_retry.start(m_backoffMs);
}

} // namespace dw
