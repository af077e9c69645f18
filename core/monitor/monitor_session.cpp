#include "monitor/monitor_session.h"

#include "promql/engine.h"
#include "promql/parser.h"

#include <QMetaObject>
#include <cstring>

namespace dw {

// Builds snapshots on the evaluation thread.
class MonitorSession::Worker : public QObject {
public:
    Worker(MonitorSession& session, ProfileSet profiles)
        : m_session(session), m_builder(session.m_store, std::move(profiles)) {
        m_timer.setInterval(1000);
        connect(&m_timer, &QTimer::timeout, this, &Worker::build);
    }
    void build() {
        std::vector<TargetRow> rows;
        for (const auto& status : m_session.m_scrapes.targets())
            rows.push_back({status.spec, status.health});
        auto snapshot = m_builder.build(m_session.m_clock->nowMs(), std::move(rows));
        {
            std::lock_guard lock(m_session.m_mutex);
            m_session.m_latest = snapshot;
        }
        emit m_session.snapshotReady(snapshot);
    }
    QTimer m_timer;
    MonitorSession& m_session;
    SnapshotBuilder m_builder;
};

MonitorSession::MonitorSession(std::shared_ptr<const Clock> clock, ProfileSet profiles, QObject* parent)
    : QObject(parent), m_clock(std::move(clock)), m_scrapes(m_store, *m_clock) {
    qRegisterMetaType<std::shared_ptr<const DashboardSnapshot>>();
    m_worker = new Worker(*this, std::move(profiles));
    m_worker->moveToThread(&m_thread);
    m_worker->m_timer.moveToThread(&m_thread);
    m_thread.setObjectName("dw-evaluation");
    m_thread.start();
}

MonitorSession::~MonitorSession() {
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->m_timer.stop(); }, Qt::BlockingQueuedConnection);
    m_scrapes.setTargets({});
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has ended, so this thread may delete it
}

void MonitorSession::setTargets(std::vector<TargetSpec> targets) {
    m_targets = targets;
    m_scrapes.setTargets(std::move(targets));
}

std::vector<TargetSpec> MonitorSession::targets() const {
    return m_targets;
}

void MonitorSession::setOptions(const SnapshotBuilder::Options& options) {
    QMetaObject::invokeMethod(m_worker, [w = m_worker, options] { w->m_builder.setOptions(options); });
}

void MonitorSession::setRefreshInterval(std::int64_t ms) {
    QMetaObject::invokeMethod(m_worker, [w = m_worker, ms] { w->m_timer.setInterval(int(ms)); });
}

void MonitorSession::start() {
    QMetaObject::invokeMethod(m_worker, [w = m_worker] {
        w->m_timer.start();
        w->build();
    });
}

void MonitorSession::refreshNow() {
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->build(); });
}

void MonitorSession::scrapeNow() {
    m_scrapes.scrapeAllNow([this] { refreshNow(); });
}

void MonitorSession::runQuery(const QString& expression, std::int64_t rangeMs,
                              std::function<void(QueryOutcome)> done) {
    const std::string text = expression.toStdString();
    QMetaObject::invokeMethod(m_worker, [this, text, rangeMs, done = std::move(done)] {
        QueryOutcome outcome;
        promql::SyntaxError syntax;
        const promql::NodePtr expr = promql::parseQuery(text, syntax);
        const std::int64_t now = m_clock->nowMs();
        outcome.fromMs = now - rangeMs;
        outcome.toMs = now;
        if (!expr) {
            outcome.error = syntax.describe();
            outcome.errorColumn = int(syntax.position);
        } else {
            const promql::Engine engine(m_store);
            const std::int64_t step = std::max<std::int64_t>(1000, rangeMs / 800);
            const bool ok = rangeMs > 0
                                ? engine.range(*expr, now - rangeMs, now, step, outcome.result, outcome.error)
                                : engine.instant(*expr, now, outcome.result, outcome.error);
            if (!ok && outcome.error.empty()) outcome.error = "query failed";
        }
        QMetaObject::invokeMethod(
            this, [done, outcome = std::move(outcome)]() mutable { done(std::move(outcome)); });
    });
}

std::vector<MonitorSession::MetricInfo> MonitorSession::metricNames() const {
    std::vector<MetricInfo> out;
    for (auto& [name, count] : m_store.metricNameCounts()) {
        MetricInfo info{name, count, {}};
        // A sample's family: itself, or its name without a histogram, summary or counter suffix.
        std::optional<SeriesStore::Metadata> metadata = m_store.metadata(name);
        for (const char* suffix : {"_bucket", "_count", "_sum", "_total", "_created", "_info"})
            if (!metadata && name.ends_with(suffix))
                metadata = m_store.metadata(name.substr(0, name.size() - std::strlen(suffix)));
        if (metadata) info.metadata = *metadata;
        out.push_back(std::move(info));
    }
    return out;
}

std::shared_ptr<const DashboardSnapshot> MonitorSession::latest() const {
    std::lock_guard lock(m_mutex);
    return m_latest;
}

} // namespace dw
