#pragma once

#include "alertmanager/postable_alert.h"
#include "scrape/target_spec.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <functional>
#include <list>
#include <map>

namespace dw {

// The alerts waiting for one Alertmanager, and their delivery to its API v2 (POST /api/v2/alerts) in
// batches, one request at a time. A newer copy of an alert replaces the queued one, so an Alertmanager
// that was down gets each alert's latest state when it is back, not a backlog. The queue is bounded: past
// its capacity the oldest alerts are dropped and counted. A failed batch goes back to the front and is
// retried with a growing delay (1 s doubling to 30 s).
// Thread-safety: none; lives in the thread of its network manager, which must outlive it.
class AlertmanagerQueue : public QObject {
public:
    struct Status {
        std::string url; // as shown to people: no credentials
        std::size_t queued = 0;
        std::uint64_t sent = 0;     // alerts Alertmanager accepted
        std::uint64_t dropped = 0;  // alerts dropped from a full queue
        std::uint64_t failures = 0; // requests that failed
        std::string lastError;      // empty once a request succeeds again
        std::int64_t lastSuccessMs = 0;
    };
    // Called after Alertmanager accepted a batch, with the alerts' labels.
    using Delivered = std::function<void(const std::vector<PostableAlert>&)>;
    // Called once per problem worth telling a person (a full queue, a first failure after success).
    using Warn = std::function<void(const std::string&)>;

    // spec.url is the Alertmanager's base (with any path prefix).
    AlertmanagerQueue(TargetSpec spec, QNetworkAccessManager& network, std::size_t capacity,
                      std::size_t maxBatch, Delivered delivered, Warn warn, QObject* parent = nullptr);

    void push(PostableAlert alert);
    const Status& status() const { return m_status; }
    // Nothing queued and nothing in flight.
    bool idle() const { return m_queue.empty() && !m_sending; }

private:
    void sendNext();
    void finished(bool ok, const std::string& error);
    void enqueue(PostableAlert alert, bool front);

    TargetSpec m_spec; // url: the base + /api/v2/alerts
    QNetworkAccessManager& m_network;
    std::size_t m_capacity;
    std::size_t m_maxBatch;
    Delivered m_delivered;
    Warn m_warn;
    std::list<PostableAlert> m_queue;
    std::map<Labels, std::list<PostableAlert>::iterator> m_index; // the queued copy of each alert
    std::vector<PostableAlert> m_batch;                          // in flight
    bool m_sending = false;
    QTimer m_retry;
    int m_backoffMs = 0;
    Status m_status;
};

} // namespace dw
