#pragma once

#include "monitor/snapshot_builder.h"
#include "promql/query_result.h"
#include "scrape/scrape_manager.h"
#include "util/clock.h"

#include <QObject>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace dw {

// The live pipeline behind the dashboard: the store, scraping on the ScrapeManager's thread, and an
// evaluation thread that builds a DashboardSnapshot every refresh interval and hands it to the UI with
// snapshotReady (queued to the receiver's thread). The UI thread never waits on the network, parsing or
// evaluation.
// Thread-safety: create and call from one thread (the UI's); snapshotReady arrives in that thread.
class MonitorSession : public QObject {
    Q_OBJECT

public:
    MonitorSession(std::shared_ptr<const Clock> clock, ProfileSet profiles, QObject* parent = nullptr);
    ~MonitorSession() override;

    void setTargets(std::vector<TargetSpec> targets);
    std::vector<TargetSpec> targets() const;
    void setOptions(const SnapshotBuilder::Options& options);
    void setRefreshInterval(std::int64_t ms);
    // Starts scraping and refreshing.
    void start();
    // Builds a snapshot now on the evaluation thread; snapshotReady follows.
    void refreshNow();
    // Scrapes every target once now; then refreshes.
    void scrapeNow();

    // The Explore page's queries: evaluated on the evaluation thread over [now - rangeMs, now] (an
    // instant query when rangeMs is 0); done runs in this object's thread with the result or an error.
    struct QueryOutcome {
        promql::QueryResult result;
        std::string error;    // "1:5: parse error: ..." or an evaluation error
        int errorColumn = -1; // 0-based position of a parse error
        std::int64_t fromMs = 0, toMs = 0;
    };
    void runQuery(const QString& expression, std::int64_t rangeMs, std::function<void(QueryOutcome)> done);
    // Metric names with their series counts and metadata, for the browser and completion.
    struct MetricInfo {
        std::string name;
        std::size_t series = 0;
        SeriesStore::Metadata metadata; // of the name's family (foo_total and foo_bucket belong to foo)
    };
    std::vector<MetricInfo> metricNames() const;

    SeriesStore& store() { return m_store; }
    const Clock& clock() const { return *m_clock; }
    std::shared_ptr<const DashboardSnapshot> latest() const;

signals:
    void snapshotReady(std::shared_ptr<const DashboardSnapshot> snapshot);

private:
    class Worker;
    std::shared_ptr<const Clock> m_clock;
    SeriesStore m_store;
    ScrapeManager m_scrapes;
    std::vector<TargetSpec> m_targets;
    QThread m_thread;
    Worker* m_worker = nullptr; // lives in m_thread
    mutable std::mutex m_mutex;
    std::shared_ptr<const DashboardSnapshot> m_latest;
};

} // namespace dw
