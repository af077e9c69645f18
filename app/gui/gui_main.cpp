#include "gui/gui_main.h"

#include "build_version.h"
#include "cli/command.h"
#include "cli/input_source.h"
#include "gui/gui_setup.h"
#include "main_window.h"
#include "monitor/monitor_session.h"
#include "recording/snapshot_import.h"
#include "util/duration.h"
#include "util/settings_check.h"

#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMap>
#include <QMessageBox>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstring>
#include <list>
#include <map>

namespace dw::gui {

namespace {

// Without a display Qt would abort with a message about xcb plugins; say what to do instead.
bool haveDisplay() {
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
           qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

struct Running {
    std::unique_ptr<QTemporaryDir> imported; // snapshots turned into a recording for the replay
    std::unique_ptr<DemoService> demo;
    std::unique_ptr<Theme> theme;
    std::unique_ptr<MonitorSession> session;
    std::unique_ptr<MainWindow> window;
};

bool isRecording(const QString& path);

// The window's options and help (`dispatchwatch window --help`).
void describeWindow(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "The window: the health of dispatchers and workers, live. Without arguments it watches the targets\n"
        "of the last run (the demo on a first run); 'dispatchwatch window' is the same as 'dispatchwatch'.");
    parser.addHelpOption();
    addGuiOptions(parser);
}

// The built-in profiles, the user's and --profile's. One that cannot be read is left out, and said so on
// stderr and, once the window is up, in it.
ProfileSet loadProfiles(const std::vector<std::string>& files, QStringList& notices) {
    ProfileSet profiles = ProfileSet::load({ProfileSet::userDirectory()}, files);
    for (const std::string& problem : profiles.problems()) {
        cli::printErr(QString::fromStdString(problem) + "\n");
        notices << QString::fromStdString(problem);
    }
    return profiles;
}

// Builds the session and window for a setup; nothing on failure (reported on stderr).

std::optional<Running> open(GuiSetup& setup) {
    Running r;
    if (setup.demo) {
        r.demo = std::make_unique<DemoService>();
        QString error;
        if (!r.demo->start(setup.scenario, setup.speed, error)) {
            cli::printErr("demo: " + error + "\n");
            return std::nullopt;
        }
        setup.targets.push_back(r.demo->target());
    }
    std::vector<std::string> files;
    for (const QString& f : setup.profileFiles)
        files.push_back(f.toStdString());
    r.theme = std::make_unique<Theme>(setup.theme == "dark" ? Theme::Kind::Dark : Theme::Kind::Light);
    r.theme->apply();
    if (!setup.replayPath.isEmpty()) {
        QString recording = setup.replayPath;
        if (!isRecording(recording)) { // saved snapshots: imported first, as `recording import` does
            r.imported = std::make_unique<QTemporaryDir>();
            recording = r.imported->filePath("imported.dwrec");
            QString error;
            std::string createError;
            const auto snapshots = findSnapshots({setup.replayPath}, error);
            auto writer = RecordingWriter::create(recording, createError);
            if (!error.isEmpty() || snapshots.empty() || !writer ||
                !writeSnapshots(snapshots, *writer, error)) {
                cli::printErr(setup.replayPath + ": " +
                              (!createError.empty() ? QString::fromStdString(createError)
                               : error.isEmpty()    ? QStringLiteral("no snapshots found")
                                                    : error) +
                              "\n");
                return std::nullopt;
            }
            // Where the times came from is part of what the user sees, as `recording import` prints it.
            std::map<QString, int> sources;
            int failed = 0;
            for (const ImportedSnapshot& s : snapshots) {
                ++sources[s.timeSource];
                failed += !s.parseError.isEmpty();
            }
            QStringList from;
            for (const auto& [source, count] : sources)
                from << QStringLiteral("%1 from %2").arg(count).arg(source);
            setup.source +=
                QStringLiteral(" (%1 snapshots, times: %2%3)")
                    .arg(snapshots.size())
                    .arg(from.join(", "), failed ? QStringLiteral("; %1 unreadable").arg(failed) : QString());
        }
        auto clock = std::make_shared<ManualClock>(0);
        r.session = std::make_unique<MonitorSession>(clock, loadProfiles(files, setup.notices));
        std::string error;
        if (!r.session->openRecording(recording, clock, error)) {
            cli::printErr(QString::fromStdString(error) + "\n");
            return std::nullopt;
        }
    } else {
        // Watching the demo, everything runs on its scenario clock; otherwise on the system's.
        std::shared_ptr<const Clock> clock = r.demo ? r.demo->clock() : std::make_shared<SystemClock>();
        r.session = std::make_unique<MonitorSession>(clock, loadProfiles(files, setup.notices));
        r.session->setTargets(setup.targets);
        r.session->setPrometheusServers(setup.servers);
        std::string error;
        if (!setup.configPath.isEmpty() && !r.session->loadConfiguration(setup.configPath, error)) {
            cli::printErr(QString::fromStdString(error) + "\n");
            return std::nullopt;
        }
        for (const std::string& problem : r.session->configurationProblems())
            cli::printErr(QString::fromStdString(problem) + "\n");
        setup.alerting.warn = [](const std::string& warning) {
            cli::printErr(QString::fromStdString(warning) + "\n");
        };
        r.session->setAlerting(setup.alerting);
    }
    r.session->setPromqlGeneration(setup.promqlGeneration);
    r.window = std::make_unique<MainWindow>(*r.session, *r.theme, setup.source);
    return r;
}

bool isRecording(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(5) == "DWREC";
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

int runScreenshot(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Render the real main window headless (offscreen platform) after some live data, and save it as "
        "PNG.\n"
        "Exit 0 when the image was written, 1 when it could not be, 2 on usage errors.");
    parser.addHelpOption();
    addGuiOptions(parser);
    parser.addOptions({{"after", "How long to watch before the picture (default 10s).", "DURATION", "10s"},
                       {"size", "Window size (default 1400x900).", "WxH", "1400x900"},
                       {"page", "The page to picture (default dashboard).",
                        "dashboard|targets|alerts|explore", "dashboard"},
                       {"query", "With --page explore: the PromQL expression to run and show.", "EXPR"},
                       {"out", "The PNG file to write.", "FILE.png"}});
    QStringList arguments = app.arguments();
    arguments.removeAt(1); // "screenshot"
    if (!parser.parse(arguments)) {
        cli::printErr(parser.errorText() + "\n");
        return cli::kExitUsage;
    }
    if (parser.isSet("help")) {
        cli::printOut(cli::helpText(parser, "dispatchwatch screenshot"));
        return cli::kExitOk;
    }
    const auto after = parseDurationMs(parser.value("after").toStdString());
    const QStringList size = parser.value("size").split('x');
    if (!parser.isSet("out") || !after || size.size() != 2 || size[0].toInt() < 200 ||
        size[1].toInt() < 200) {
        cli::printErr("screenshot needs --out FILE.png, a valid --after and --size WxH; see --help\n");
        return cli::kExitUsage;
    }
    auto setup = readGuiOptions(parser);
    if (!setup) return cli::kExitUsage;
    if (setup->targets.empty()) setup->demo = true;
    auto running = open(*setup);
    if (!running) return cli::kExitUsage;
    running->window->resize(size[0].toInt(), size[1].toInt());
    const QMap<QString, QWidget*> pages = {{"dashboard", running->window->dashboard()},
                                           {"targets", running->window->targetsPage()},
                                           {"alerts", running->window->alertsPage()},
                                           {"explore", running->window->explore()}};
    if (!pages.contains(parser.value("page"))) {
        cli::printErr("screenshot: unknown --page \"" + parser.value("page") +
                      "\": use dashboard, targets, alerts or explore\n");
        return cli::kExitUsage;
    }
    running->window->tabs()->setCurrentWidget(pages[parser.value("page")]);
    running->window->show();
    // The charts show the watched time (at least a minute), not an empty quarter of an hour.
    SnapshotBuilder::Options options;
    // --after is wall time; a demo at --speed X has lived X times as long on its own clock.
    options.rangeMs =
        std::max<std::int64_t>(60000, std::int64_t(double(*after) * running->session->clock().rate()));
    running->session->setOptions(options);
    running->session->setRefreshInterval(500);
    running->session->start();
    if (running->session->isReplay()) running->window->replayBar()->jumpToEnd(); // the recording's end
    // With --dashboard the picture is of that page, once every panel has its answers.
    GrafanaPage* page = nullptr;
    for (const QString& path : setup->dashboards) {
        QString error;
        GrafanaPage* opened = running->window->grafana()->open(path, error);
        if (!opened) {
            cli::printErr(error + "\n");
            return cli::kExitFailed;
        }
        if (!page) page = opened;
    }
    if (page) {
        running->window->tabs()->setCurrentWidget(page);
        QTimer::singleShot(int(*after), &app, [&] {
            QObject::connect(page, &GrafanaPage::refreshed, &app, [&] {
                QTimer::singleShot(300, &app,
                                   [&] { app.exit(page->exportPng(parser.value("out")) ? 0 : 1); });
            });
            page->refresh();
        });
        const int code = app.exec();
        if (code != 0) cli::printErr("could not write " + parser.value("out") + "\n");
        return code;
    }
    const auto capture = [&] {
        QTimer::singleShot(100, &app,
                           [&] { app.exit(running->window->exportPng(parser.value("out")) ? 0 : 1); });
    };
    QTimer::singleShot(int(*after), &app, [&] {
        running->session->refreshNow();
        QObject::connect(
            running->session.get(), &MonitorSession::snapshotReady, &app,
            [&] {
                if (!parser.isSet("query")) return capture();
                ExplorePage* explore = running->window->explore();
                QObject::connect(explore, &ExplorePage::finished, &app, capture, Qt::SingleShotConnection);
                explore->setQuery(parser.value("query"));
                explore->run();
            },
            Qt::SingleShotConnection);
    });
    const int code = app.exec();
    if (code != 0) cli::printErr("could not write " + parser.value("out") + "\n");
    return code;
}

} // namespace dw::gui
