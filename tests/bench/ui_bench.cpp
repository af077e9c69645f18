// dw_bench ui: the dashboard with 100 Compozy dispatchers and one hour of 1 s data, on the offscreen
// platform: start-up to the first painted window, building a snapshot (the evaluation thread's work),
// refreshing every visible chart with a new snapshot (the UI thread's work), and resident memory.

#include "bench_report.h"
#include "compozy_store.h"
#include "health/profile_set.h"
#include "main_window.h"
#include "monitor/snapshot_builder.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QScrollArea>
#include <algorithm>
#include <cstdio>

namespace dw::bench {

int runUiBench(const QStringList& arguments, const QElapsedTimer& sinceStart) {
    const int dispatchers = arguments.size() > 0 ? arguments[0].toInt() : 100;
    constexpr std::int64_t kEnd = 1700000000000;
    auto clock = std::make_shared<ManualClock>(kEnd);

    // Start-up: the window with an empty session, to its first paint.
    Theme theme(Theme::Kind::Light);
    MonitorSession session(clock, ProfileSet::load({}));
    MainWindow window(session, theme, "bench");
    window.resize(1600, 1000);
    window.show();
    QApplication::processEvents(); // layouts and the window's exposure
    window.repaint();
    report("ui_startup_to_first_paint", double(sinceStart.nsecsElapsed()) / 1e6, "ms");

    fillCompozyHour(session.store(), dispatchers, kEnd);
    SnapshotBuilder builder(session.store(), ProfileSet::load({}));
    SnapshotBuilder::Options options;
    options.rangeMs = 3600000;
    options.columns = 700;
    options.resolutionMs = 1000;
    builder.setOptions(options);
    std::vector<double> build, uiThread, toPixels, renderOne, renderAll;
    for (int i = 0; i < 9; ++i) {
        clock->setMs(kEnd + i * 1000);
        QElapsedTimer timer;
        timer.start();
        const auto snapshot = builder.build(clock->nowMs(), {});
        build.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (i == 0) { // scroll the charts into view: the refresh is measured with charts on screen
            window.showSnapshot(snapshot);
            QApplication::processEvents();
            window.dashboard()->reveal(window.dashboard()->chart("Dispatcher Heartbeat Rate"));
            QApplication::processEvents();
            continue;
        }
        timer.restart();
        window.showSnapshot(snapshot);
        window.repaint(); // the UI thread's share: data handed over, the window repainted
        uiThread.push_back(double(timer.nsecsElapsed()) / 1e6);
        // Until every chart on screen shows the new data: the render jobs finish, the window repaints.
        auto current = [&] {
            for (ChartPanel* chart : window.dashboard()->charts())
                if (window.dashboard()->onScreen(chart) && !chart->renderCurrent()) return false;
            return true;
        };
        while (!current())
            QApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 1);
        window.repaint();
        toPixels.push_back(double(timer.nsecsElapsed()) / 1e6);
        timer.restart();
        window.dashboard()->chart("Dispatcher Heartbeat Rate")->renderNow();
        renderOne.push_back(double(timer.nsecsElapsed()) / 1e6);
        timer.restart();
        // The worst case: every chart drawn on this thread, including those scrolled out of view.
        window.dashboard()->updateAllCharts();
        for (ChartPanel* chart : window.dashboard()->charts())
            chart->renderNow();
        renderAll.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::size_t lines = 0;
    for (ChartPanel* chart : window.dashboard()->charts())
        lines += std::size_t(chart->legends().size());
    int onScreen = 0;
    for (ChartPanel* chart : window.dashboard()->charts())
        onScreen += window.dashboard()->onScreen(chart);
    std::fprintf(stderr, "%zu charts (%d on screen), %zu lines, %zu entities\n",
                 window.dashboard()->charts().size(), onScreen, lines,
                 window.shownSnapshot()->entities.size());
    report("ui_snapshot_build", median(build), "ms");
    report("ui_refresh_visible_ui_thread", median(uiThread), "ms");
    report("ui_refresh_visible_to_pixels", median(toPixels), "ms");
    report("ui_render_one_chart", median(renderOne), "ms");
    report("ui_render_every_chart", median(renderAll), "ms");
    report("ui_resident_memory", residentMiB(), "MiB");
    return 0;
}

} // namespace dw::bench
