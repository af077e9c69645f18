#include "monitor/monitor_session.h"

#include "assessment/replay_assessment.h"
#include "dashboard/store_source.h"
#include "monitor/decimation.h"
#include "promapi/api_decode.h"
#include "promapi/server_generation.h"
#include "promql/engine.h"
#include "promql/label_set.h"
#include "promql/parser.h"
#include "promql/result_format.h"
#include "util/thread_handoff.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMetaObject>
#include <QPointer>
#include <algorithm>
#include <cstring>
#include <map>
#include <set>

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
        std::vector<TargetStatus> targets = replay ? replay->targets() : m_session.m_scrapes.targets();
        if (!replay)
            for (TargetStatus& target : m_session.m_servers->targets())
                targets.push_back(std::move(target));
        SnapshotBuilder::ServerData servers;
        if (!replay) {
            servers.alerts = m_session.m_servers->alerts();
            servers.panels = m_session.m_servers->panelSeries();
        }
        auto snapshot = m_builder.build(m_session.m_clock->nowMs(), std::move(targets), servers);
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
    : MonitorSession(std::move(clock), std::move(profiles), SeriesStore::Options{}, parent) {}

MonitorSession::MonitorSession(std::shared_ptr<const Clock> clock, ProfileSet profiles,
                               SeriesStore::Options storeOptions, QObject* parent)
    : QObject(parent), m_clock(std::move(clock)), m_store(storeOptions), m_scrapes(m_store, *m_clock),
      m_configuration([this](const std::vector<TargetSpec>& targets) { m_scrapes.setTargets(targets); }),
      m_profiles(profiles) {
    qRegisterMetaType<std::shared_ptr<const DashboardSnapshot>>();
    std::vector<std::string> panelExpressions;
    for (const Profile& profile : m_profiles.profiles())
        for (const Panel& panel : profile.panels)
            for (const PanelQuery& query : panel.queries)
                if (std::find(panelExpressions.begin(), panelExpressions.end(), query.expr) ==
                    panelExpressions.end())
                    panelExpressions.push_back(query.expr);
    m_servers = std::make_unique<ServerSources>(m_store, m_clock, Assessment::metricsRead(m_profiles, {}),
                                                std::move(panelExpressions), PrometheusSource::Options{});
    m_worker = new Worker(*this, std::move(profiles));
    m_worker->moveToThread(&m_thread);
    m_worker->m_timer.moveToThread(&m_thread);
    m_thread.setObjectName("dw-evaluation");
    m_thread.start();
}

MonitorSession::~MonitorSession() {
    stopIncidentScan();
    stopRecording();
    invokeOn(
        m_worker, [w = m_worker] { w->m_timer.stop(); }, Qt::BlockingQueuedConnection);
    m_scrapes.setTargets({});
    m_thread.quit();
    m_thread.wait();
    m_servers.reset(); // after the evaluation thread, which reads it; before the store it writes
    delete m_worker;   // its thread has ended, so this thread may delete it
}

bool MonitorSession::openRecording(const QString& path, std::shared_ptr<ManualClock> clock,
                                   std::string& error) {
    if (m_clock.get() != clock.get()) {
        error = "a replay needs the session's own manual clock";
        return false;
    }
    {
        RecordingReader check; // maps the file and reads its magic: instant, and says what is wrong
        if (!check.open(path, error)) return false;
    }
    m_configuration.unload();
    setTargets({});
    setPrometheusServers({});
    stopIncidentScan(); // a replay opened before: its scan ends before the new one starts
    {
        std::lock_guard lock(m_mutex);
        m_replayInfo = ReplayInfo{};
        m_replayInfo.path = path;
    }
    m_replayOpen = true;
    // The pass over the file that finds its span happens on the evaluation thread; the UI goes on, and
    // replayInfoChanged says when the span (then, later, the incidents) is known.
    invokeOn(m_worker, [this, w = m_worker, path, clock = std::move(clock)] {
        w->m_timer.stop(); // a replay changes only when moved
        auto replay = std::make_unique<Replay>(m_store, clock);
        w->m_builder.reset(); // nothing learnt from what was watched before applies to the recording
        std::string openError;
        ReplayInfo info;
        info.path = path;
        if (replay->open(path, openError)) {
            info.opened = true;
            info.startMs = replay->startMs();
            info.endMs = replay->endMs();
            info.scrapeTimes = replay->scrapeTimes();
            replay->runTo(info.startMs);
            w->replay = std::move(replay);
        } else {
            info.problems.push_back(openError);
        }
        w->build();
        // Back on the session's thread (dropped if the session is gone by then).
        invokeOn(this, [this, info = std::move(info)] {
            {
                std::lock_guard lock(m_mutex);
                if (m_replayInfo.path != info.path) return; // another recording was opened since
                m_replayInfo = info;
            }
            emit replayInfoChanged();
            if (info.opened) startIncidentScan(info.path);
        });
    });
    return true;
}

void MonitorSession::startIncidentScan(const QString& path) {
    stopIncidentScan();
    // The incidents of the whole recording, for the markers: a headless replay of its own. The thread is
    // joined before the session is destroyed (and before another scan starts), so `this` outlives it.
    m_incidentThread = std::thread([this, path, profiles = m_profiles] {
        ReplayAssessment scan(profiles, {}, kReplayStepMs);
        std::string ignored;
        if (!scan.open(path, ignored)) return;
        const std::int64_t start = scan.replay().startMs(), end = scan.replay().endMs();
        for (std::int64_t t = start; !m_cancelIncidents; t += 60000) {
            scan.runTo(std::min(t, end));
            if (t >= end) break;
        }
        if (m_cancelIncidents) return;
        {
            std::lock_guard lock(m_mutex);
            if (m_replayInfo.path != path) return;
            m_replayInfo.incidents = scan.incidents();
            m_replayInfo.incidentsKnown = true;
            m_replayInfo.problems = scan.replay().reader().damageReport();
        }
        invokeOn(this, [this] { emit replayInfoChanged(); });
    });
}

void MonitorSession::stopIncidentScan() {
    m_cancelIncidents = true;
    if (m_incidentThread.joinable()) m_incidentThread.join();
    m_cancelIncidents = false;
}

MonitorSession::ReplayInfo MonitorSession::replayInfo() const {
    std::lock_guard lock(m_mutex);
    return m_replayInfo;
}

void MonitorSession::seekReplay(std::int64_t timeMs) {
    invokeOn(m_worker, [w = m_worker, timeMs] {
        if (!w->replay) return;
        // Backwards the store starts again, and so does what the assessment learnt from it.
        if (timeMs < w->replay->clock().nowMs()) w->m_builder.reset();
        w->replay->seek(timeMs);
        w->build();
    });
}

bool MonitorSession::startRecording(const QString& path, std::string& error) {
    stopRecording();
    std::unique_ptr<RecordingWriter> writer = RecordingWriter::create(path, error);
    if (!writer) return false;
    // Compression and syncing happen on the queue's thread; the scrape thread only queues.
    auto queue = std::make_shared<RecordingQueue>(std::move(writer));
    m_recorder = queue;
    m_scrapes.setObserver([queue](const TargetSpec& spec, const FetchResult& result, std::int64_t t) {
        queue->push(spec, result, t);
    });
    return true;
}

void MonitorSession::stopRecording() {
    if (!m_recorder) return;
    m_scrapes.setObserver({}); // returns once no scraper holds the queue
    m_recorder->close();       // everything queued is written and synced
    m_recorder.reset();
}

RecordingWriter::Stats MonitorSession::recordingStats() const {
    return m_recorder ? m_recorder->stats() : RecordingWriter::Stats{};
}

std::string MonitorSession::recordingError() const {
    return m_recorder ? m_recorder->error() : std::string();
}

void MonitorSession::setTargets(std::vector<TargetSpec> targets) {
    m_configuration.setDirectTargets(std::move(targets));
}

std::vector<TargetSpec> MonitorSession::targets() const {
    return m_configuration.directTargets();
}

std::int64_t MonitorSession::scrapeIntervalMs() const {
    std::int64_t shortest = kMaxIntervalMs;
    for (const TargetSpec& target : targets())
        if (target.intervalMs > 0) shortest = std::min(shortest, target.intervalMs);
    return shortest;
}

bool MonitorSession::loadConfiguration(const QString& path, std::string& error) {
    ScrapeConfiguration::Options options;
    options.adjust = [](TargetSpec& spec) { spec.intervalMs = std::min(spec.intervalMs, kMaxIntervalMs); };
    return m_configuration.load(path.toStdString(), error, std::move(options));
}

QString MonitorSession::configurationPath() const {
    return QString::fromStdString(m_configuration.path());
}

std::vector<std::string> MonitorSession::configurationProblems() const {
    return m_configuration.problems();
}

void MonitorSession::setPrometheusServers(std::vector<PrometheusServerSpec> servers) {
    m_servers->setServers(std::move(servers));
}

void MonitorSession::setOptions(const SnapshotBuilder::Options& options) {
    invokeOn(m_worker, [w = m_worker, options] { w->m_builder.setOptions(options); });
    m_servers->setPanelRange(options.rangeMs, options.columns);
}

void MonitorSession::setPromqlGeneration(promql::Generation generation) {
    m_promqlGeneration = generation;
    invokeOn(m_worker, [w = m_worker, generation] { w->m_builder.setPromqlGeneration(generation); });
}

void MonitorSession::followServerGeneration() {
    if (m_servers->servers().empty()) return;
    // The callback runs on the dw-prometheus thread and only while m_servers (which this session owns)
    // lives; what it touches is thread-safe (an atomic, a queued call to the worker, a queued signal).
    m_servers->call(0, "/api/v1/status/buildinfo", {}, false, [this](const ApiResponse& answer) {
        const auto generation = answer.ok ? serverGeneration(answer.data) : std::nullopt;
        if (!generation || *generation == m_promqlGeneration.load()) return;
        setPromqlGeneration(*generation);
        emit promqlGenerationChanged(int(*generation));
    });
}

void MonitorSession::setRefreshInterval(std::int64_t ms) {
    invokeOn(m_worker, [w = m_worker, ms] { w->m_timer.setInterval(int(ms)); });
    // Servers are asked as often as the dashboard refreshes, but not more than once a second.
    m_servers->setInterval(std::max<std::int64_t>(ms, 1000));
}

void MonitorSession::start() {
    invokeOn(m_worker, [w = m_worker] {
        if (!w->replay) w->m_timer.start();
        w->build();
    });
}

void MonitorSession::refreshNow() {
    invokeOn(m_worker, [w = m_worker] { w->build(); });
}

void MonitorSession::scrapeNow() {
    m_scrapes.scrapeAllNow([this] { refreshNow(); });
}

template<typename Result>
void MonitorSession::onWorker(QObject* receiver, std::function<Result()> work,
                              std::function<void(Result)> done) {
    Q_ASSERT(receiver && receiver->thread() == thread());
    // The receiver is checked on this (its) thread, where it can only be destroyed between events.
    QPointer<QObject> alive(receiver);
    invokeOn(m_worker, [this, alive, work = std::move(work), done = std::move(done)] {
        Result result = work();
        // The session outlives its worker's thread; a call queued to it is dropped if it is gone.
        invokeOn(this, [alive, done, result = std::move(result)]() mutable {
            if (alive) done(std::move(result));
        });
    });
}

namespace {

// A result series as a chart draws it: at most two points per column, split where samples stop.
ChartLine chartLine(const promql::ResultSeries& series, std::int64_t fromMs, std::int64_t toMs, int columns,
                    std::int64_t stepMs) {
    return {
        promql::labelsToString(series.labels),
        {},
        decimateMinMax(series.points, fromMs, toMs, columns, std::max<std::int64_t>(60000, 2 * stepMs + 1))};
}

// Explore's answers gathered from the local store and from each Prometheus server, merged on the session's
// thread when all are in: a series the servers answer for is taken from them (the store's copy of it holds
// only the health window), the store adds the series only it has (targets scraped here).
struct Gathering {
    int pending = 0;
    MonitorSession::QueryOutcome outcome;
    promql::QueryResult local;
    std::vector<ChartLine> localLines; // decimated on the evaluation thread, one per series with points
    std::vector<promql::QueryResult> servers;
    std::vector<std::string> errors;
    int columns = 0;
    std::int64_t stepMs = 1000;

    ChartLine decimate(const promql::ResultSeries& series) const {
        return chartLine(series, outcome.fromMs, outcome.toMs, columns, stepMs);
    }

    void combine() {
        promql::QueryResult& out = outcome.result;
        std::set<Labels> seen;
        bool typed = false;
        // lines: the result's series already decimated (the local ones), or null to decimate here.
        auto take = [&](promql::QueryResult& result, std::vector<ChartLine>* lines) {
            if (!typed && (!result.series.empty() || &result == &local)) {
                out.type = result.type;
                out.isRange = result.isRange;
                out.text = result.text;
                typed = !result.series.empty();
            }
            for (std::string& warning : result.warnings)
                out.warnings.push_back(std::move(warning));
            for (std::string& info : result.infos)
                out.infos.push_back(std::move(info));
            std::size_t line = 0;
            for (promql::ResultSeries& series : result.series) {
                const bool single =
                    result.type == promql::ValueType::Scalar || result.type == promql::ValueType::String;
                ChartLine* decimated = lines && !series.points.empty() ? &(*lines)[line++] : nullptr;
                if (single ? !out.series.empty() : !seen.insert(series.labels).second) continue;
                if (decimated)
                    outcome.lines.push_back(std::move(*decimated));
                else if (!series.points.empty())
                    outcome.lines.push_back(decimate(series));
                out.series.push_back(std::move(series));
            }
        };
        for (promql::QueryResult& result : servers)
            take(result, nullptr);
        take(local, &localLines);
        if (outcome.error.empty() && out.series.empty() && !errors.empty())
            outcome.error = errors.front();
        else
            for (const std::string& error : errors)
                out.warnings.push_back(error);
    }
};

} // namespace

void MonitorSession::resolveVariables(std::shared_ptr<const dashboard::Dashboard> dashboard,
                                      std::int64_t rangeMs, VariableChoices choices, QObject* receiver,
                                      std::function<void(dashboard::TemplateVariables)> done) {
    const std::int64_t now = m_clock->nowMs(), interval = scrapeIntervalMs();
    std::function<dashboard::TemplateVariables()> work = [this, dashboard = std::move(dashboard), rangeMs,
                                                          now, interval, choices = std::move(choices)] {
        dashboard::StoreSource source(m_store, "the watched targets", now, interval,
                                      m_promqlGeneration.load());
        dashboard::TemplateVariables variables;
        variables.resolve(*dashboard, &source, {now - rangeMs, now},
                          dashboard::TemplateVariables::Preference::Saved, choices);
        return variables;
    };
    onWorker<dashboard::TemplateVariables>(receiver, std::move(work), std::move(done));
}

void MonitorSession::runQuery(const QString& expression, std::int64_t rangeMs, int columns, QObject* receiver,
                              std::function<void(QueryOutcome)> done) {
    const std::string text = expression.toStdString();
    const std::int64_t now = m_clock->nowMs();
    const std::int64_t step = std::max<std::int64_t>(1000, rangeMs / std::max(1, columns));
    auto gathering = std::make_shared<Gathering>();
    gathering->outcome.fromMs = now - rangeMs;
    gathering->outcome.toMs = now;
    gathering->columns = columns;
    gathering->stepMs = step;
    QPointer<QObject> alive(receiver);
    auto finish = [gathering, alive, done = std::move(done)] {
        if (--gathering->pending > 0 || !alive) return;
        gathering->combine();
        done(std::move(gathering->outcome));
    };
    const std::size_t servers = m_replayOpen ? 0 : m_servers->servers().size();
    gathering->pending = int(servers) + 1;
    // The local store: what is scraped here (and the servers' copies of what health reads).
    std::function<QueryOutcome()> work = [this, text, rangeMs, now, step, columns] {
        QueryOutcome outcome;
        promql::SyntaxError syntax;
        promql::EngineOptions options;
        options.generation = m_promqlGeneration.load();
        const promql::NodePtr expr = promql::parseQuery(text, syntax, options.generation);
        if (!expr) {
            outcome.error = syntax.describe();
            outcome.errorColumn = int(syntax.position);
            return outcome;
        }
        const promql::Engine engine(m_store, options);
        const bool ok = rangeMs > 0
                            ? engine.range(*expr, now - rangeMs, now, step, outcome.result, outcome.error)
                            : engine.instant(*expr, now, outcome.result, outcome.error);
        if (!ok && outcome.error.empty()) outcome.error = "query failed";
        // Decimated here, not on the UI thread: a dashboard's charts can hold a thousand lines.
        for (const promql::ResultSeries& series : outcome.result.series)
            if (!series.points.empty())
                outcome.lines.push_back(chartLine(series, now - rangeMs, now, columns, step));
        return outcome;
    };
    onWorker<QueryOutcome>(receiver, std::move(work), [gathering, finish](QueryOutcome local) {
        if (local.errorColumn >= 0) { // a syntax error: no server is asked to say it again
            gathering->outcome.error = local.error;
            gathering->outcome.errorColumn = local.errorColumn;
        }
        if (local.errorColumn < 0 && !local.error.empty()) gathering->errors.push_back(local.error);
        gathering->local = std::move(local.result);
        gathering->localLines = std::move(local.lines);
        finish();
    });
    // Each server answers for its whole fleet, at the chart's resolution.
    QUrlQuery form;
    form.addQueryItem("query", expression);
    if (rangeMs > 0) {
        form.addQueryItem("start", QString::fromStdString(promql::formatApiTimestamp(now - rangeMs)));
        form.addQueryItem("end", QString::fromStdString(promql::formatApiTimestamp(now)));
        form.addQueryItem("step", QString::number(double(step) / 1000.0, 'g', 17));
    } else {
        form.addQueryItem("time", QString::fromStdString(promql::formatApiTimestamp(now)));
    }
    for (std::size_t i = 0; i < servers; ++i)
        m_servers->call(i, rangeMs > 0 ? "/api/v1/query_range" : "/api/v1/query", form, true,
                        [this, gathering, finish](ApiResponse response) {
                            // From the dw-prometheus thread to the session's (m_servers, and with it this
                            // call, ends before the session does).
                            invokeOn(this, [gathering, finish, response = std::move(response)] {
                                std::string error = response.error;
                                promql::QueryResult result;
                                if (response.ok)
                                    if (auto decoded = api::queryResult(response.data, error))
                                        result = std::move(*decoded);
                                result.warnings.insert(result.warnings.end(), response.warnings.begin(),
                                                       response.warnings.end());
                                if (!error.empty()) gathering->errors.push_back(error);
                                gathering->servers.push_back(std::move(result));
                                finish();
                            });
                        });
}

void MonitorSession::listMetrics(QObject* receiver, std::function<void(MetricList)> done) {
    std::function<MetricList()> work = [this] {
        MetricList list;
        for (auto& [name, count] : m_store.metricNameCounts()) {
            MetricInfo info{name, count, {}};
            // A sample's family: itself, or its name without a histogram, summary or counter suffix.
            std::optional<SeriesStore::Metadata> metadata = m_store.metadata(name);
            for (const char* suffix : {"_bucket", "_count", "_sum", "_total", "_created", "_info"})
                if (!metadata && name.ends_with(suffix))
                    metadata = m_store.metadata(name.substr(0, name.size() - std::strlen(suffix)));
            if (metadata) info.metadata = *metadata;
            list.metrics.push_back(std::move(info));
        }
        list.labelNames = m_store.labelNames();
        return list;
    };
    const std::size_t servers = m_replayOpen ? 0 : m_servers->servers().size();
    if (servers == 0) {
        onWorker<MetricList>(receiver, std::move(work), std::move(done));
        return;
    }
    // With servers: their metric names and label names join the store's (the browser shows what the
    // fleet has, not only what health copied here).
    auto list = std::make_shared<MetricList>();
    auto pending = std::make_shared<int>(int(servers) * 3 + 1);
    auto metadata = std::make_shared<std::map<std::string, SeriesStore::Metadata>>(); // by family
    QPointer<QObject> alive(receiver);
    auto finish = [list, pending, metadata, alive, done] {
        if (--*pending > 0 || !alive) return;
        for (MetricInfo& info : list->metrics) { // what the store does not know, the servers may
            if (info.metadata.type != MetricType::Unknown || !info.metadata.help.empty()) continue;
            auto found = metadata->find(info.name);
            for (const char* suffix : {"_bucket", "_count", "_sum", "_total", "_created", "_info"})
                if (found == metadata->end() && info.name.ends_with(suffix))
                    found = metadata->find(info.name.substr(0, info.name.size() - std::strlen(suffix)));
            if (found != metadata->end()) info.metadata = found->second;
        }
        std::sort(list->metrics.begin(), list->metrics.end(),
                  [](const MetricInfo& a, const MetricInfo& b) { return a.name < b.name; });
        list->metrics.erase(
            std::unique(list->metrics.begin(), list->metrics.end(),
                        [](const MetricInfo& a, const MetricInfo& b) { return a.name == b.name; }),
            list->metrics.end());
        std::sort(list->labelNames.begin(), list->labelNames.end());
        list->labelNames.erase(std::unique(list->labelNames.begin(), list->labelNames.end()),
                               list->labelNames.end());
        done(std::move(*list));
    };
    onWorker<MetricList>(receiver, std::move(work), [list, finish](MetricList local) {
        list->metrics.insert(list->metrics.begin(), local.metrics.begin(), local.metrics.end());
        list->labelNames.insert(list->labelNames.end(), local.labelNames.begin(), local.labelNames.end());
        finish();
    });
    const auto specs = m_servers->servers();
    for (std::size_t i = 0; i < servers; ++i) {
        QUrlQuery match;
        for (const std::string& selector : specs[i].match)
            match.addQueryItem("match[]", QString::fromStdString(selector));
        m_servers->call(i, "/api/v1/label/__name__/values", match, false,
                        [this, list, finish](ApiResponse r) {
                            invokeOn(this, [list, finish, r = std::move(r)] {
                                for (const QJsonValue name : r.data.toArray())
                                    list->metrics.push_back({name.toString().toStdString(), 0, {}});
                                finish();
                            });
                        });
        m_servers->call(i, "/api/v1/metadata", {}, false, [this, metadata, finish](ApiResponse r) {
            invokeOn(this, [metadata, finish, r = std::move(r)] {
                const QJsonObject families = r.data.toObject();
                for (auto it = families.begin(); it != families.end(); ++it) {
                    const QJsonObject first = it.value().toArray().at(0).toObject();
                    SeriesStore::Metadata m;
                    m.type = parseMetricType(first.value("type").toString().toStdString(), true)
                                 .value_or(MetricType::Unknown);
                    m.help = first.value("help").toString().toStdString();
                    m.unit = first.value("unit").toString().toStdString();
                    metadata->emplace(it.key().toStdString(), std::move(m));
                }
                finish();
            });
        });
        m_servers->call(i, "/api/v1/labels", match, false, [this, list, finish](ApiResponse r) {
            invokeOn(this, [list, finish, r = std::move(r)] {
                for (const QJsonValue name : r.data.toArray())
                    if (name.toString() != "__name__")
                        list->labelNames.push_back(name.toString().toStdString());
                finish();
            });
        });
    }
}

std::shared_ptr<const DashboardSnapshot> MonitorSession::latest() const {
    std::lock_guard lock(m_mutex);
    return m_latest;
}

} // namespace dw
