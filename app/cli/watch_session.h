#pragma once

#include "alertmanager/alert_notifier.h"
#include "assessment/assessment.h"
#include "cli/check_health.h"
#include "cli/live_targets.h"
#include "cli/watch_printer.h"
#include "exporter/demo_exporter.h"
#include "promapi/prometheus_source.h"
#include "recording/recording_queue.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <memory>
#include <optional>
#include <vector>

namespace dw::cli {

// The live session behind `watch`: targets scraped on their schedules (URLs, a configuration with its
// discovery, the demo), Prometheus servers refreshed in the background, an optional recording of every
// scrape, one Assessment evaluated every refresh, its changes printed and its alerts sent to Alertmanager.
// Thread-safety: none; everything runs on the command's thread and event loop. Callbacks that capture
// `this` belong to members (scrapers, sources, the notifier's queues), which die with it.
class WatchSession : public QObject {
public:
    struct Settings {
        QString configPath;
        QStringList jobs, urls;
        QString demoScenario; // empty: no demo
        double demoSpeed = 1;
        std::optional<std::int64_t> intervalMs; // of URL and demo targets
        std::int64_t timeoutMs = 10'000;
        std::int64_t refreshMs = 1000; // session time between evaluations (at least 50 ms of the wall's)
        QString recordPath;            // empty: no recording
        HealthOptions health;
        std::vector<PrometheusServerSpec> servers;
        AlertNotifier::Options alerting;
    };

    WatchSession(Settings settings, const WatchPrinter& printer);
    ~WatchSession() override;

    // Opens the targets, the recording and the servers, scrapes every target twice (so that rates exist),
    // prints the state, and starts the schedules and the refresh. kExitAllUp, or the exit code to return.
    int start();
    // Stops scraping, evaluates and prints once more, closes the recording, gives Alertmanagers a few seconds
    // to take what is queued, and returns the exit code of the last state (1 also when the recording failed).
    int finish();

private:
    void refresh();
    void evaluate(std::int64_t nowMs);
    std::vector<TargetStatus> statuses() const;
    void notice(const std::string& text);
    void checkRecording();

    Settings m_settings;
    const WatchPrinter& m_printer;
    std::shared_ptr<ScaledClock> m_demoClock;
    SystemClock m_systemClock;
    const Clock* m_clock = nullptr;
    SeriesStore m_store;
    QNetworkAccessManager m_network;
    std::unique_ptr<RecordingQueue> m_recorder; // written from scrape callbacks on this thread
    std::unique_ptr<LiveTargets> m_targets;     // after the recorder: its observer pushes into it
    std::unique_ptr<DemoExporter> m_demo;
    std::vector<std::unique_ptr<PrometheusSource>> m_sources;
    std::vector<bool> m_sourceBusy;
    std::vector<Alert> m_serverAlerts;
    std::unique_ptr<Assessment> m_assessment;
    std::unique_ptr<AlertNotifier> m_notifier;
    QTimer m_timer;
    bool m_recordingFailed = false;
};

} // namespace dw::cli
