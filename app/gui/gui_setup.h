#pragma once

#include "alertmanager/alert_notifier.h"
#include "exporter/demo_exporter.h"
#include "health/profile_set.h"
#include "promapi/server_spec.h"
#include "promql/generation.h"
#include "scrape/target_spec.h"

#include <QCommandLineParser>
#include <QThread>
#include <memory>
#include <optional>
#include <vector>

namespace dw::gui {

// What the window watches, from the command line (or the last run's settings): targets from URLs and a
// Prometheus configuration, or the embedded demo exporter; the theme and extra profiles.
struct GuiSetup {
    std::vector<TargetSpec> targets;           // given directly (URLs, the demo)
    QString configPath;                        // a prometheus.yml whose discovery the window follows
    std::vector<PrometheusServerSpec> servers; // --prometheus, and the configuration's remote_read
    bool demo = false;
    QString scenario = "compozy";
    double speed = 1;
    QString theme = "light";
    QStringList profileFiles;
    QString replayPath; // a recording or snapshots to replay instead of live targets
    QString source;     // for the title and status bar
    promql::Generation promqlGeneration = promql::kDefaultGeneration; // --promql-compat, or remembered
    bool promqlGenerationGiven = false;                               // --promql-compat was given
    QStringList dashboards;          // --dashboard: Grafana dashboards to open as pages
    AlertNotifier::Options alerting; // --alertmanager and the configuration's alerting section
    QStringList notices; // settings or profiles that could not be used, shown once the window is up
};

// The options the window and `screenshot` share.
void addGuiOptions(QCommandLineParser& parser);
// Reads them; reports problems on stderr and returns nothing on a usage or configuration error.
std::optional<GuiSetup> readGuiOptions(const QCommandLineParser& parser);

// The demo exporter, running on a thread of its own so serving it never occupies the UI thread, on a
// scaled clock anchored at the start (shared with the session, so --speed accelerates everything alike).
class DemoService {
public:
    ~DemoService();
    // Starts the scenario at the speed; on failure returns false with error.
    bool start(const QString& scenario, double speed, QString& error);
    TargetSpec target() const;
    // The scenario's clock, which the session watching the demo must use too.
    std::shared_ptr<const Clock> clock() const { return m_clock; }

private:
    std::shared_ptr<ScaledClock> m_clock;
    QThread m_thread;
    QObject* m_context = nullptr; // lives in m_thread: where the exporter is created
    DemoExporter* m_exporter = nullptr;
    QUrl m_url;
};

} // namespace dw::gui
