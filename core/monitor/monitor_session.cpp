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
        for (const auto& status : replay ? replay->targets() : m_session.m_scrapes.targets())
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
    std::unique_ptr<Replay> replay; // used on this thread only
};

MonitorSession::MonitorSession(std::shared_ptr<const Clock> clock, ProfileSet profiles, QObject* parent)
    : QObject(parent), m_clock(std::move(clock)), m_scrapes(m_store, *m_clock), m_profiles(profiles) {
    qRegisterMetaType<std::shared_ptr<const DashboardSnapshot>>();
    m_worker = new Worker(*this, std::move(profiles));
    m_worker->moveToThread(&m_thread);
    m_worker->m_timer.moveToThread(&m_thread);
    m_thread.setObjectName("dw-evaluation");
    m_thread.start();
}

MonitorSession::~MonitorSession() {
    m_cancelIncidents = true;
    if (m_incidentThread.joinable()) m_incidentThread.join();
    stopRecording();
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->m_timer.stop(); }, Qt::BlockingQueuedConnection);
    m_scrapes.setTargets({});
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has ended, so this thread may delete it
}

bool MonitorSession::openRecording(const QString& path, std::shared_ptr<ManualClock> clock,
                                   std::string& error) {
    if (m_clock.get() != clock.get()) {
        error = "a replay needs the session's own manual clock";
        return false;
    }
    setTargets({});
    bool opened = false;
    ReplayInfo info;
    QMetaObject::invokeMethod(
        m_worker,
        [&] {
            m_worker->m_timer.stop(); // a replay changes only when moved
            auto replay = std::make_unique<Replay>(m_profiles, Replay::Options{0}, m_store, clock);
            if (!(opened = replay->open(path, error))) return;
            info.path = path;
            info.startMs = replay->startMs();
            info.endMs = replay->endMs();
            info.scrapeTimes = replay->scrapeTimes();
            replay->runTo(info.startMs);
            m_worker->replay = std::move(replay);
            m_worker->build();
        },
        Qt::BlockingQueuedConnection);
    if (!opened) return false;
    {
        std::lock_guard lock(m_mutex);
        m_replayInfo = info;
    }
    m_replayOpen = true;
    // The incidents of the whole recording, for the markers: a headless replay of its own.
    m_incidentThread = std::thread([this, path, profiles = m_profiles] {
        Replay scan(profiles);
        std::string ignored;
        if (!scan.open(path, ignored)) return;
        for (std::int64_t t = scan.startMs(); !m_cancelIncidents; t += 60000) {
            scan.runTo(std::min(t, scan.endMs()));
            if (t >= scan.endMs()) break;
        }
        if (m_cancelIncidents) return;
        {
            std::lock_guard lock(m_mutex);
            m_replayInfo.incidents = scan.incidents();
            m_replayInfo.incidentsKnown = true;
            m_replayInfo.problems = scan.reader().damageReport();
        }
        QMetaObject::invokeMethod(this, [this] { emit replayInfoChanged(); });
    });
    return true;
}

MonitorSession::ReplayInfo MonitorSession::replayInfo() const {
    std::lock_guard lock(m_mutex);
    return m_replayInfo;
}

void MonitorSession::seekReplay(std::int64_t timeMs) {
    QMetaObject::invokeMethod(m_worker, [w = m_worker, timeMs] {
        if (!w->replay) return;
        w->replay->seek(timeMs);
        w->build();
    });
}

bool MonitorSession::startRecording(const QString& path, std::string& error) {
    stopRecording();
    std::shared_ptr<RecordingWriter> writer = RecordingWriter::create(path, error);
    if (!writer) return false;
    m_recorder = writer;
    m_scrapes.setObserver([writer](const TargetSpec& spec, const FetchResult& result, std::int64_t t) {
        writer->write(writer->target(spec), result, t);
    });
    return true;
}

void MonitorSession::stopRecording() {
    if (!m_recorder) return;
    m_scrapes.setObserver({}); // returns once no scraper holds the writer
    m_recorder->sync();
    m_recorder.reset();
}

RecordingWriter::Stats MonitorSession::recordingStats() const {
    return m_recorder ? m_recorder->stats() : RecordingWriter::Stats{};
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
        if (!w->replay) w->m_timer.start();
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
