#include "gui/gui_setup.h"

#include "cli/alerting_options.h"
#include "cli/command.h"
#include "cli/input_source.h"
#include "cli/promql_options.h"
#include "cli/server_options.h"
#include "monitor/monitor_session.h"
#include "util/thread_handoff.h"

#include <QDateTime>
#include <QMetaObject>

namespace dw::gui {

void addGuiOptions(QCommandLineParser& parser) {
    parser.addOptions({
        {"demo", "Start the embedded demo exporter and watch it."},
        {"scenario", "The demo scenario (compozy, compozy-docs, pupsourcing, daisi, or a file).", "NAME",
         "compozy"},
        {"speed", "How fast demo time runs (default 1).", "X", "1"},
        {"config", "A Prometheus configuration file whose targets to watch.", "prometheus.yml"},
        {"theme", "The colours: light or dark.", "light|dark"},
        {"profile", "An extra monitoring profile file (repeatable).", "FILE"},
        {"replay", "Replay a recording, or saved snapshots (files or a folder), instead of watching live.",
         "FILE"},
        {"dashboard", "A Grafana dashboard (JSON) to open as a page, answered by the source (repeatable).",
         "FILE.json"},
    });
    cli::addServerOptions(parser);
    cli::addPromqlCompatOption(parser);
    cli::addAlertingOptions(parser);
    parser.addPositionalArgument("URL", "http(s) URLs of /metrics endpoints to watch.", "[URL...]");
}

std::optional<GuiSetup> readGuiOptions(const QCommandLineParser& parser) {
    GuiSetup setup;
    const auto generation = cli::promqlGenerationFromOptions(parser);
    if (!generation) return std::nullopt;
    setup.promqlGeneration = *generation;
    setup.promqlGenerationGiven = parser.isSet("promql-compat");
    setup.demo = parser.isSet("demo") || parser.isSet("scenario");
    setup.dashboards = parser.values("dashboard");
    setup.scenario = parser.value("scenario");
    bool ok = false;
    setup.speed = parser.value("speed").toDouble(&ok);
    if (!ok || setup.speed <= 0 || setup.speed > 1000) {
        cli::printErr("invalid --speed: use a number from 0.01 to 1000\n");
        return std::nullopt;
    }
    if (parser.isSet("theme")) {
        setup.theme = parser.value("theme");
        if (setup.theme != "light" && setup.theme != "dark") {
            cli::printErr("invalid --theme: use light or dark\n");
            return std::nullopt;
        }
    }
    setup.profileFiles = parser.values("profile");
    for (const QString& url : parser.positionalArguments()) {
        QString error;
        auto spec = cli::targetFromUrl(url, 10000, error);
        if (!spec) {
            cli::printErr(error + "\n");
            return std::nullopt;
        }
        spec->intervalMs = std::min(spec->intervalMs, MonitorSession::kMaxIntervalMs);
        setup.targets.push_back(std::move(*spec));
    }
    if (!cli::serversFromOptions(parser, PrometheusServerSpec::kDefaultTimeoutMs, true, true, setup.servers))
        return std::nullopt;
    // Loaded by the session, which follows its discovery; a broken file is reported when the window opens.
    setup.configPath = parser.value("config");
    setup.replayPath = parser.value("replay");
    if (!cli::alertingFromOptions(parser, setup.configPath, setup.servers, setup.alerting))
        return std::nullopt;
    setup.source = !setup.replayPath.isEmpty() ? "replay: " + setup.replayPath
                   : setup.demo                ? "demo: " + setup.scenario
                   : parser.isSet("config")    ? parser.value("config")
                   : !setup.servers.empty()
                       ? QString::fromStdString("Prometheus " + setup.servers.front().title())
                       : QString("%1 target(s)").arg(setup.targets.size());
    return setup;
}

DemoService::~DemoService() {
    if (m_exporter)
        invokeOn(
            m_exporter, [e = m_exporter] { delete e; }, Qt::BlockingQueuedConnection);
    if (m_context) m_context->deleteLater(); // deleted as the thread's event loop ends
    m_thread.quit();
    m_thread.wait();
}

bool DemoService::start(const QString& scenarioName, double speed, QString& error) {
    std::string message;
    auto scenario = Scenario::load(scenarioName.toStdString(), message);
    if (!scenario) {
        error = QString::fromStdString(message);
        return false;
    }
    // One clock for the exporter and the session watching it: scenario time, anchored at now.
    m_clock = std::make_shared<ScaledClock>(speed, QDateTime::currentMSecsSinceEpoch());
    m_thread.setObjectName("dw-demo-exporter");
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
    bool ok = false;
    // The exporter and its HTTP server are created and listen in their own thread.
    invokeOn(
        m_context,
        [&] {
            DemoExporter::Options options;
            options.scenarioStartMs = m_clock->originMs();
            m_exporter = new DemoExporter(*scenario, m_clock, options);
            ok = m_exporter->listen(error);
            m_url = m_exporter->metricsUrl();
        },
        Qt::BlockingQueuedConnection);
    return ok;
}

TargetSpec DemoService::target() const {
    return DemoExporter::target(m_url, 5000);
}

} // namespace dw::gui
