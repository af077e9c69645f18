// dw_bench dashboard: a Grafana dashboard of 30 panels drawing 1,000 lines, over 100 Compozy dispatchers
// and one hour of 1 s data, in the window on the offscreen platform: from opening the file to every panel
// answered and every chart painted, and the UI thread's CPU time for a refresh (queries are evaluated on
// the session's evaluation thread; the UI thread merges answers, decimates and hands them to the panels).

#include "bench_report.h"
#include "compozy_store.h"
#include "health/profile_set.h"
#include "main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <ctime>

namespace dw::bench {

namespace {

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

QJsonObject panel(int id, const QString& type, const QString& expr, const QString& legend, int x, int y,
                  int w, int h) {
    return {{"id", id},
            {"type", type},
            {"title", QStringLiteral("%1 %2").arg(type).arg(id)},
            {"gridPos", QJsonObject{{"x", x}, {"y", y}, {"w", w}, {"h", h}}},
            {"targets", QJsonArray{QJsonObject{{"refId", "A"}, {"expr", expr}, {"legendFormat", legend}}}},
            {"fieldConfig", QJsonObject{{"defaults", QJsonObject{{"unit", "short"}}}}}};
}

// 10 charts of 100 lines each (the 1,000 lines), 10 stats, 4 gauges, 2 bar gauges, 2 state timelines
// and 2 tables.
QByteArray benchDashboard() {
    QJsonArray panels;
    int id = 1, y = 0;
    const char* charts[] = {"rate(compozy_dispatcher_heartbeat_total[5m])",
                            "compozy_dispatcher_uptime_seconds", "compozy_dispatcher_health_status",
                            "compozy_dispatcher_consecutive_failures",
                            "increase(compozy_dispatcher_heartbeat_total[5m])"};
    for (int i = 0; i < 10; ++i) {
        panels.append(panel(id++, "timeseries", charts[i % 5], "{{dispatcher_id}}", (i % 2) * 12, y, 12, 8));
        if (i % 2 == 1) y += 8;
    }
    for (int i = 0; i < 10; ++i)
        panels.append(panel(id++, "stat", "sum(compozy_dispatcher_health_status)", "", (i % 6) * 4,
                            y + (i / 6) * 4, 4, 4));
    y += 8;
    for (int i = 0; i < 4; ++i)
        panels.append(panel(id++, "gauge", "avg(compozy_dispatcher_uptime_seconds)", "", i * 6, y, 6, 6));
    y += 6;
    for (int i = 0; i < 2; ++i)
        panels.append(panel(id++, "bargauge", "topk(10, compozy_dispatcher_uptime_seconds)",
                            "{{dispatcher_id}}", i * 12, y, 12, 8));
    y += 8;
    for (int i = 0; i < 2; ++i)
        panels.append(panel(id++, "state-timeline", "topk(10, compozy_dispatcher_health_status)",
                            "{{dispatcher_id}}", i * 12, y, 12, 8));
    y += 8;
    for (int i = 0; i < 2; ++i)
        panels.append(panel(id++, "table", "count by (is_stale) (compozy_dispatcher_health_status)", "",
                            i * 12, y, 12, 6));
    const QJsonObject root{
        {"title", "Bench"}, {"time", QJsonObject{{"from", "now-1h"}, {"to", "now"}}}, {"panels", panels}};
    return QJsonDocument(root).toJson();
}

bool everyChartPainted(GrafanaPage& page) {
    for (GrafanaPanel* p : page.panels())
        if (p->chart() && p->isVisible() && !p->chart()->renderCurrent()) return false;
    return true;
}

// Runs the event loop, sleeping while there is nothing to do, so that waiting costs no CPU of this thread.
template<typename Done> void waitUntil(Done done) {
    while (!done())
        QApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
}

} // namespace

int runDashboardBench(const QStringList& arguments) {
    const int dispatchers = arguments.size() > 0 ? arguments[0].toInt() : 100;
    constexpr std::int64_t kEnd = 1700000000000;
    auto clock = std::make_shared<ManualClock>(kEnd);
    Theme theme(Theme::Kind::Light);
    MonitorSession session(clock, ProfileSet::load({}));
    fillCompozyHour(session.store(), dispatchers, kEnd);
    MainWindow window(session, theme, "bench");
    window.resize(1600, 1000);
    window.show();
    QApplication::processEvents();

    QTemporaryDir dir;
    const QString path = dir.filePath("bench.json");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(benchDashboard()) <= 0) return 1;
    file.close();

    std::vector<double> open, refreshUi, refreshWall;
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer timer;
        timer.start();
        QString error;
        GrafanaPage* page = window.grafana()->open(path, error);
        if (!page) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        QSignalSpy refreshed(page, &GrafanaPage::refreshed);
        waitUntil([&] { return !refreshed.isEmpty() && everyChartPainted(*page); });
        window.repaint();
        open.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (round == 0) {
            std::size_t lines = 0;
            for (GrafanaPanel* p : page->panels())
                if (p->chart()) lines += std::size_t(p->chart()->legends().size());
            std::fprintf(stderr, "%zu panels, %zu chart lines\n", page->panels().size(), lines);
        }
        for (int i = 0; i < 3; ++i) { // refreshes of the open page, a second later each
            clock->setMs(clock->nowMs() + 1000);
            refreshed.clear();
            timer.restart();
            const double cpu = threadCpuMs();
            page->refresh();
            waitUntil([&] { return !refreshed.isEmpty() && everyChartPainted(*page); });
            window.repaint();
            refreshUi.push_back(threadCpuMs() - cpu);
            refreshWall.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        window.grafana()->close(page);
        QApplication::processEvents();
    }
    report("dashboard_open_to_first_paint", median(open), "ms");
    report("dashboard_refresh_ui_thread", median(refreshUi), "ms");
    report("dashboard_refresh_to_pixels", median(refreshWall), "ms");
    return 0;
}

} // namespace dw::bench
