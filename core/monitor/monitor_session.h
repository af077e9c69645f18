#pragma once

#include "alertmanager/alert_notifier.h"
#include "dashboard/dashboard.h"
#include "dashboard/template_variables.h"
#include "monitor/server_sources.h"
#include "monitor/snapshot_builder.h"
#include "promql/query_result.h"
#include "recording/recording_queue.h"
#include "recording/replay.h"
#include "scrape/scrape_configuration.h"
#include "scrape/scrape_manager.h"
#include "util/clock.h"

#include <QObject>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

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
    // With the store's retention and memory budget given (a soak test reaches a short retention early).
    MonitorSession(std::shared_ptr<const Clock> clock, ProfileSet profiles, SeriesStore::Options storeOptions,
                   QObject* parent = nullptr);
    ~MonitorSession() override;

    // How often replayed time is assessed when scanning a recording for its incidents (the live refresh).
    static constexpr std::int64_t kReplayStepMs = 15000;
    // The dashboard wants fresh data: no target it watches is scraped less often than this.
    static constexpr std::int64_t kMaxIntervalMs = 15000;

    // The targets given directly (URLs, the demo, those added in the Targets page); removed ones stop at
    // once.
    void setTargets(std::vector<TargetSpec> targets);
    std::vector<TargetSpec> targets() const;
    // How often samples come: the shortest interval of the targets given directly, else kMaxIntervalMs
    // (configuration targets are capped at it; it is Grafana's default for a Prometheus server too). What
    // a Grafana page's $__rate_interval and minimum step are based on.
    std::int64_t scrapeIntervalMs() const;
    // Watches a Prometheus configuration's targets too (intervals capped at kMaxIntervalMs), following its
    // discovery while running: file_sd changes and DNS refreshes add and remove targets. Replaces a
    // configuration loaded before; false with error ("FILE:LINE:COL: ...") when the file does not load,
    // and then nothing changes.
    bool loadConfiguration(const QString& path, std::string& error);
    QString configurationPath() const;
    // Discovery's current problems (an unreadable file_sd file, a failed DNS lookup).
    std::vector<std::string> configurationProblems() const;
    // Watches these Prometheus servers too (replacing those set before): their targets and samples join
    // the scraped ones, refreshed every few seconds on a thread of their own.
    void setPrometheusServers(std::vector<PrometheusServerSpec> servers);
    std::vector<PrometheusServerSpec> prometheusServers() const { return m_servers->servers(); }
    // How each server answered its last refresh (for the status bar and the Targets page).
    std::vector<ServerSources::State> serverStates() const { return m_servers->states(); }
    void setOptions(const SnapshotBuilder::Options& options);
    // The PromQL generation of health rules, panels and Explore (the window's setting, --promql-compat).
    void setPromqlGeneration(promql::Generation generation);
    // Follows the first Prometheus server's generation (its /api/v1/status/buildinfo), once it answers:
    // for a window where the user has not chosen. promqlGenerationChanged tells the window.
    void followServerGeneration();
    promql::Generation promqlGeneration() const { return m_promqlGeneration.load(); }
    // Every ms the dashboard is rebuilt; Prometheus servers are asked as often, at most once a second.
    void setRefreshInterval(std::int64_t ms);
    // Starts scraping and refreshing.
    void start();
    // Builds a snapshot now on the evaluation thread; snapshotReady follows.
    void refreshNow();
    // Scrapes every target once now; then refreshes.
    void scrapeNow();

    // The Explore page's queries: evaluated on the evaluation thread over [now - rangeMs, now] (an
    // instant query when rangeMs is 0), each series also decimated there to `columns` for a chart; done runs
    // on the receiver's thread (which must be this object's) with the result or an error, and only if the
    // receiver still exists then: a page closed meanwhile is never called.
    struct QueryOutcome {
        promql::QueryResult result;
        std::vector<ChartLine> lines; // the result's series, decimated
        std::string error;            // "1:5: parse error: ..." or an evaluation error
        int errorColumn = -1;         // 0-based position of a parse error
        std::int64_t fromMs = 0, toMs = 0;
    };
    void runQuery(const QString& expression, std::int64_t rangeMs, int columns, QObject* receiver,
                  std::function<void(QueryOutcome)> done);
    // Metric names with their series counts and metadata, and the label names, for the browser and
    // completion: read from the store on the evaluation thread; done as for runQuery.
    struct MetricInfo {
        std::string name;
        std::size_t series = 0;
        SeriesStore::Metadata metadata; // of the name's family (foo_total and foo_bucket belong to foo)
    };
    struct MetricList {
        std::vector<MetricInfo> metrics;
        std::vector<std::string> labelNames;
    };
    void listMetrics(QObject* receiver, std::function<void(MetricList)> done);
    // A Grafana dashboard's template variables resolved over [now - rangeMs, now] from the store (label
    // values, names, query_result) on the evaluation thread, with the user's choices; done as for runQuery.
    using VariableChoices = std::map<std::string, std::vector<std::string>>;
    void resolveVariables(std::shared_ptr<const dashboard::Dashboard> dashboard, std::int64_t rangeMs,
                          VariableChoices choices, QObject* receiver,
                          std::function<void(dashboard::TemplateVariables)> done);

    SeriesStore& store() { return m_store; }
    const ProfileSet& profiles() const { return m_profiles; }
    const Clock& clock() const { return *m_clock; }
    std::shared_ptr<const DashboardSnapshot> latest() const;

    // Replay instead of scraping: the session's clock must be this ManualClock, which the replay moves.
    // Checks at once that the file is a recording (false and error if not); then, without blocking the
    // caller, finds its span on the evaluation thread and shows its start (replayInfoChanged with
    // ReplayInfo::opened), and finds its incidents in the background for the timeline's markers
    // (replayInfoChanged again). Opening another recording replaces this one.
    bool openRecording(const QString& path, std::shared_ptr<ManualClock> clock, std::string& error);
    bool isReplay() const { return m_replayOpen; }
    struct ReplayInfo {
        QString path;
        bool opened = false; // the span below is known
        std::int64_t startMs = 0, endMs = 0;
        std::vector<std::int64_t> scrapeTimes;
        std::vector<Incident> incidents; // the markers
        bool incidentsKnown = false;
        std::vector<std::string> problems; // damage found in the file
    };
    ReplayInfo replayInfo() const;
    // Shows the state at a replay time (forwards by feeding scrapes, backwards by starting again).
    void seekReplay(std::int64_t timeMs);

    // Sends the live session's firing and resolved alerts (never a replay's) to these Alertmanagers from
    // now on, replacing those set before; none stops sending. Times go out on the wall clock.
    void setAlerting(AlertNotifier::Options options);
    // Each Alertmanager's delivery state, and where an alert (by its labels) has been accepted.
    std::vector<AlertmanagerQueue::Status> alertmanagerStatuses() const;
    std::vector<std::string> alertDeliveredTo(const Labels& labels) const;

    // Records every scrape of the live targets into a new file until stopRecording().
    bool startRecording(const QString& path, std::string& error);
    void stopRecording();
    bool isRecording() const { return m_recorder != nullptr; }
    RecordingWriter::Stats recordingStats() const;
    // Why the recording stopped writing (a full disk, the file deleted...), or empty; watching goes on.
    std::string recordingError() const;

signals:
    void snapshotReady(std::shared_ptr<const DashboardSnapshot> snapshot);
    void replayInfoChanged();
    // The generation changed without the user choosing it (a server's version was learnt).
    void promqlGenerationChanged(int generation);

private:
    class Worker;
    // Runs work on the evaluation thread, then its result through done on this object's thread if the
    // receiver is still alive.
    template<typename Result>
    void onWorker(QObject* receiver, std::function<Result()> work, std::function<void(Result)> done);
    void startIncidentScan(const QString& path);
    void stopIncidentScan();
    std::shared_ptr<const Clock> m_clock;
    SeriesStore m_store;
    ScrapeManager m_scrapes;
    ScrapeConfiguration m_configuration; // lives in this object's thread; feeds m_scrapes
    QThread m_thread;
    Worker* m_worker = nullptr; // lives in m_thread
    mutable std::mutex m_mutex;
    std::atomic<promql::Generation> m_promqlGeneration{promql::kDefaultGeneration};
    std::shared_ptr<const DashboardSnapshot> m_latest;
    ProfileSet m_profiles;
    bool m_replayOpen = false;
    ReplayInfo m_replayInfo; // guarded by m_mutex
    std::atomic<bool> m_cancelIncidents{false};
    std::thread m_incidentThread;
    std::shared_ptr<RecordingQueue> m_recorder; // shared with the scrape thread's observer
    std::unique_ptr<ServerSources> m_servers;   // writes into m_store from its own thread
    std::unique_ptr<AlertNotifier> m_notifier;  // this object's thread: fed each live snapshot's alerts
};

} // namespace dw
