#include "gui/gui_main.h"

#include "build_version.h"
#include "cli/command.h"
#include "cli/input_source.h"
#include "gui/gui_running.h"
#include "gui/gui_setup.h"
#include "main_window.h"
#include "monitor/monitor_session.h"
#include "util/settings_check.h"

#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMessageBox>
#include <QSettings>
#include <QTemporaryDir>
#include <algorithm>
#include <cstring>
#include <list>

namespace dw::gui {

namespace {

// Without a display Qt would abort with a message about xcb plugins; say what to do instead.
bool haveDisplay() {
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
           qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

// The window's options and help (`dispatchwatch window --help`).
void describeWindow(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "The window: the health of dispatchers and workers, live. Without arguments it watches the targets\n"
        "of the last run (the demo on a first run); 'dispatchwatch window' is the same as 'dispatchwatch'.");
    parser.addHelpOption();
    addGuiOptions(parser);
}

} // namespace

bool wantsWindow(int argc, char** argv) {
    if (argc < 2) return true;
    const QString first = QString::fromLocal8Bit(argv[1]);
    if (first == "window") return true;
    return first.startsWith("--") ? first != "--help" && first != "-h" && first != "--version"
                                  : first.startsWith("http://") || first.startsWith("https://");
}

int runWindow(int argc, char** argv) {
    // `dispatchwatch window ...` is the window too, so that it has a name to ask --help of.
    std::vector<char*> args(argv, argv + argc);
    if (args.size() >= 2 && std::strcmp(args[1], "window") == 0) args.erase(args.begin() + 1);
    argc = int(args.size());
    argv = args.data();
    // Its help needs no display: it is printed before one is looked for.
    if (std::any_of(args.begin() + 1, args.end(), [](const char* a) {
            return std::strcmp(a, "--help") == 0 || std::strcmp(a, "-h") == 0;
        })) {
        QCoreApplication app(argc, argv);
        QCommandLineParser parser;
        describeWindow(parser);
        cli::printOut(cli::helpText(parser, "dispatchwatch"));
        return cli::kExitOk;
    }
    if (!haveDisplay()) {
        cli::printErr(
            "dispatchwatch: no display (DISPLAY and WAYLAND_DISPLAY are unset); the headless commands "
            "work anywhere: check, watch, query, replay, record, recording, lint, validate, serve-demo, "
            "screenshot "
            "(dispatchwatch --help)\n");
        return cli::kExitUsage;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("dispatchwatch");
    QApplication::setOrganizationName("dispatchwatch");
    // A settings file this version cannot use is moved aside before anything reads or saves over it.
    const QString settingsProblem = SettingsCheck::setAsideIfUnusable(SettingsCheck::userSettingsPath());
    if (!settingsProblem.isEmpty()) cli::printErr(settingsProblem + "\n");
    QApplication::setApplicationVersion(buildVersion());
    QCommandLineParser parser;
    describeWindow(parser);
    parser.process(app);
    auto setup = readGuiOptions(parser);
    if (!setup) return cli::kExitUsage;
    if (!settingsProblem.isEmpty()) setup->notices.prepend(settingsProblem);
    QSettings settings;
    settings.setValue(SettingsCheck::kVersionKey, SettingsCheck::kVersion);
    // View → PromQL semantics is remembered; --promql-compat chooses for this run only.
    // Otherwise a Prometheus server's own generation is followed once it says which it is.
    bool chosen = setup->promqlGenerationGiven;
    if (!chosen)
        if (const auto saved =
                promql::parseGeneration(settings.value("promql_compat").toString().toStdString())) {
            setup->promqlGeneration = *saved;
            chosen = true;
        }
    // Without a source on the command line (none at all, or only --dashboard): the last run's targets
    // and configuration; the demo on a first run.
    const bool sourceGiven = !setup->targets.empty() || !setup->configPath.isEmpty() ||
                             !setup->servers.empty() || setup->demo || !setup->replayPath.isEmpty();
    if (!sourceGiven) {
        const QStringList urls = settings.value("targets").toStringList();
        for (const QString& url : urls) {
            QString error;
            if (auto spec = cli::targetFromUrl(url, 10000, error)) setup->targets.push_back(*spec);
        }
        setup->configPath = settings.value("config").toString();
        if (!setup->configPath.isEmpty() && !QFile::exists(setup->configPath)) setup->configPath.clear();
        for (const QVariant& saved : settings.value("servers").toList()) {
            const QVariantMap map = saved.toMap();
            std::string error;
            auto server = PrometheusServerSpec::fromUrl(map.value("url").toString(), error);
            if (!server) continue;
            server->name = map.value("name").toString().toStdString();
            for (const QString& selector : map.value("match").toStringList())
                server->match.push_back(selector.toStdString());
            server->http.tlsCaFile = map.value("ca_file").toString().toStdString();
            server->http.tlsInsecureSkipVerify = map.value("insecure_skip_verify").toBool();
            setup->servers.push_back(std::move(*server));
        }
        setup->demo = setup->targets.empty() && setup->configPath.isEmpty() && setup->servers.empty();
        setup->theme = settings.value("theme", "light").toString();
        setup->source = setup->demo                    ? "demo: compozy"
                        : !setup->configPath.isEmpty() ? setup->configPath
                        : !setup->servers.empty()
                            ? QString::fromStdString("Prometheus " + setup->servers.front().title())
                            : QString("%1 target(s)").arg(setup->targets.size());
    }
    auto running = open(*setup);
    if (!running) return cli::kExitUsage;
    // What is watched is remembered for the next run without arguments (URLs, selectors and file paths
    // only: credentials and headers are never written to disk).
    const auto remember = [&running] {
        QStringList urls;
        for (const TargetSpec& t : running->session->targets())
            urls << t.url.toString(QUrl::RemoveUserInfo);
        QSettings settings;
        settings.setValue("targets", urls);
        settings.setValue("config", running->session->configurationPath());
        QVariantList servers;
        for (const PrometheusServerSpec& server : running->session->prometheusServers()) {
            QStringList match;
            for (const std::string& selector : server.match)
                match << QString::fromStdString(selector);
            servers << QVariantMap{{"url", QString::fromStdString(server.displayUrl())},
                                   {"name", QString::fromStdString(server.name)},
                                   {"match", match},
                                   {"ca_file", QString::fromStdString(server.http.tlsCaFile)},
                                   {"insecure_skip_verify", server.http.tlsInsecureSkipVerify}};
        }
        settings.setValue("servers", servers);
    };
    if (!setup->demo && setup->replayPath.isEmpty()) remember();
    if (!chosen) running->session->followServerGeneration();
    settings.setValue("theme", setup->theme);
    // Targets edited in the window, and a configuration loaded there, are remembered too.
    QObject::connect(running->window->targetsPage(), &TargetsPage::targetsChanged, remember);
    QObject::connect(running->window.get(), &MainWindow::promqlGenerationChosen, [](int generation) {
        QSettings().setValue("promql_compat", QString::number(generation));
    });
    // File → Open: each recording or set of snapshots replays in a window of its own.
    std::list<Running> replays;
    std::function<void(const QString&)> openReplay = [&](const QString& path) {
        GuiSetup replay;
        replay.replayPath = path;
        replay.source = "replay: " + path;
        replay.theme = running->theme->kind() == Theme::Kind::Dark ? "dark" : "light";
        replay.profileFiles = setup->profileFiles;
        auto opened = open(replay);
        if (!opened) {
            QMessageBox::warning(running->window.get(), QObject::tr("Open"),
                                 QObject::tr("%1 is neither a recording nor a readable snapshot.").arg(path));
            return;
        }
        opened->window->setOpenHandler(openReplay);
        opened->window->setAttribute(Qt::WA_QuitOnClose, false);
        opened->window->show();
        opened->session->start();
        replays.push_back(std::move(*opened));
    };
    running->window->setOpenHandler(openReplay);
    // The dashboards open at the end of the last run, then --dashboard's; remembered as they change.
    QStringList dashboards = settings.value("dashboards").toStringList();
    for (const QString& path : setup->dashboards)
        if (!dashboards.contains(QFileInfo(path).absoluteFilePath())) dashboards << path;
    for (const QString& path : dashboards) {
        QString error;
        if (!running->window->grafana()->open(path, error)) cli::printErr(error + "\n");
    }
    if (!setup->dashboards.isEmpty())
        running->window->openDashboard(setup->dashboards.front()); // shown first
    QObject::connect(running->window->grafana(), &GrafanaTabs::pathsChanged,
                     [](const QStringList& paths) { QSettings().setValue("dashboards", paths); });
    QSettings().setValue("dashboards", running->window->grafana()->paths());
    running->window->restoreGeometry(settings.value("geometry").toByteArray());
    running->window->show();
    if (!setup->notices.isEmpty())
        running->window->showNotice(QObject::tr("Not everything could be used"), setup->notices.join("\n\n"),
                                    "startupNotice");
    running->session->start();
    const int code = app.exec();
    replays.clear();
    settings.setValue("geometry", running->window->saveGeometry());
    settings.setValue("theme", running->theme->kind() == Theme::Kind::Dark ? "dark" : "light");
    return code;
}

} // namespace dw::gui
