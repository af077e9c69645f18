// dispatchwatch screenshot: the real main window rendered offscreen after some live data.
#include "cli/command.h"
#include "gui/gui_main.h"
#include "gui/gui_running.h"
#include "util/duration.h"

#include <QApplication>
#include <QMap>
#include <QTimer>

namespace dw::gui {

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
