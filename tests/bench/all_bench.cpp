// dw_bench all: every benchmark, each in a child process of this program at the size its goal names,
// the quick ones three times (medians), then one table with each figure beside its goal.

#include "bench_report.h"

#include <QCoreApplication>
#include <QDir>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <cstdio>
#include <vector>

namespace dw::bench {

namespace {

struct Goal {
    const char* figure;
    bool atMost; // true: the figure must be at most the goal; false: at least
    double value;
    const char* what;
};

// Each goal as the issue that set it states it (the latest where a later issue raised one).
const Goal kGoals[] = {
    {"exporter_scrape", true, 100, "demo exporter, one scrape of 100 dispatchers (us)"},
    {"parse_first_scrape", false, 150, "a target's first scrape into the store, 200k series (MB/s)"},
    {"validate_speedup_vs_promtool", false, 20, "validate, whole process, vs promtool check metrics (x)"},
    {"parse_into_store", false, 600, "steady-state parse into the store (MB/s)"},
    {"store_bytes_per_sample", true, 2, "stored bytes per sample, regular scrapes"},
    {"scrape_goal_cpu_share", true, 10, "1,000 targets x 1,000 series every 15 s (% of one core)"},
    {"scrape_memory_resident_without_bodies", true, 600,
     "store and caches, 1,000 x 1,000, 1 h at 15 s (MiB)"},
    {"recording_bytes_per_sample", true, 2, "recorded bytes per sample, Compozy demo at 1 s"},
    {"recording_replay_hour", true, 1, "replaying the recorded hour, full pipeline (s)"},
    {"recording_day_seek_max", true, 300, "seek anywhere in a 24 h recording (ms)"},
    {"recording_day_replay", true, 30, "replaying a 24 h recording headless (s)"},
    {"ui_startup_to_first_paint", true, 300, "process start to the window painted (ms)"},
    {"ui_snapshot_build", true, 10, "evaluation thread's snapshot, 100 dispatchers x 1 h at 1 s (ms)"},
    {"ui_refresh_visible_ui_thread", true, 8, "the UI thread's share of a refresh (ms)"},
    {"ui_refresh_visible_to_pixels", true, 8, "until every visible chart shows a new scrape (ms)"},
    {"ui1000_ui_refresh_visible_ui_thread", true, 16, "1,000 dispatchers: the UI thread per refresh (ms)"},
    {"ui1000_ui_snapshot_build", true, 100, "1,000 dispatchers: the snapshot (ms)"},
    {"window_cpu_percent", true, 2, "the window watching 100 dispatchers at 1 s (% of one core)"},
    {"dashboard_open_to_first_paint", true, 500, "Grafana dashboard of 30 panels opened (ms)"},
    {"dashboard_refresh_ui_thread", true, 16, "Grafana dashboard refresh, UI thread (ms)"},
};

struct Run {
    QStringList arguments;
    int repeats;
    QString prefix; // added to every figure's name, to tell runs of one benchmark apart
};

// "NAME: VALUE UNIT" lines into figures; units remembered for the table.
void collect(const QByteArray& output, const QString& prefix, QMap<QString, std::vector<double>>& figures,
             QMap<QString, QString>& units) {
    static const QRegularExpression line(R"(^([a-z0-9_]+): ([-+0-9.eE]+) ?(.*)$)");
    for (const QByteArray& raw : output.split('\n')) {
        const auto match = line.match(QString::fromUtf8(raw).trimmed());
        if (!match.hasMatch()) continue;
        const QString name = prefix + match.captured(1);
        figures[name].push_back(match.captured(2).toDouble());
        units[name] = match.captured(3);
    }
}

QString verdict(const Goal& goal, double value) {
    const bool met = goal.atMost ? value <= goal.value : value >= goal.value;
    if (!met) {
        const double by = goal.atMost ? value / goal.value : goal.value / value;
        return QStringLiteral("MISSED (%1x)").arg(by, 0, 'f', 1);
    }
    const double margin = goal.atMost ? goal.value / value : value / goal.value;
    return margin < 1.2 ? QStringLiteral("met, under 20% margin") : QStringLiteral("met");
}

} // namespace

int runAllBench(const QStringList& arguments) {
    const bool quick = arguments.contains("--quick");
    QTemporaryDir scratch;
    const QString body = scratch.filePath("node200k.prom");
    const QString self = QCoreApplication::applicationFilePath();
    const int repeats = quick ? 1 : 3;
    std::vector<Run> runs = {
        {{"generate", body, "200000"}, 1, {}},
        {{"exporter"}, repeats, {}},
        {{"parse", body, "2"}, repeats, {}},
        {{"validate", body, "5"}, 1, {}},
        {{"store"}, 1, {}},
        {{"promql-parse"}, 1, {}},
        {{"recording", "100", quick ? "600" : "3600"}, 1, {}},
        {{"scrape-memory", "1000", "1000", quick ? "24" : "240"}, 1, {}},
        {{"scrape", "1000", "1000", quick ? "15" : "60", "15000"}, 1, {}},
        {{"ui", "100"}, 1, {}},
        {{"ui", "1000"}, 1, "ui1000_"},
        {{"dashboard"}, 1, {}},
    };
    QMap<QString, std::vector<double>> figures;
    QMap<QString, QString> units;
    Stopwatch total;
    for (const Run& run : runs) {
        for (int i = 0; i < run.repeats; ++i) {
            std::fprintf(stderr, "dw_bench %s (%d/%d)...\n", qPrintable(run.arguments.join(' ')), i + 1,
                         run.repeats);
            QProcess process;
            process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            process.start(self, run.arguments);
            if (!process.waitForFinished(-1) || process.exitCode() != 0)
                std::fprintf(stderr, "  failed (exit %d); its figures are missing\n", process.exitCode());
            collect(process.readAllStandardOutput(), run.prefix, figures, units);
        }
    }
    std::printf("\n%-40s %14s %-8s %10s  %s\n", "figure", "median", "unit", "goal", "verdict");
    for (const Goal& goal : kGoals) {
        const QString name = goal.figure;
        const QString target = QStringLiteral("%1 %2").arg(goal.atMost ? "<=" : ">=").arg(goal.value);
        if (!figures.contains(name)) {
            std::printf("%-40s %14s %-8s %10s  %s\n", goal.figure, "-", "", qPrintable(target),
                        "not measured by any benchmark yet");
            continue;
        }
        const double value = median(figures[name]);
        std::printf("%-40s %14.4g %-8s %10s  %s\n", goal.figure, value, qPrintable(units[name]),
                    qPrintable(target), qPrintable(verdict(goal, value)));
    }
    std::printf("\nother figures (medians):\n");
    for (auto it = figures.cbegin(); it != figures.cend(); ++it) {
        bool isGoal = false;
        for (const Goal& goal : kGoals)
            isGoal = isGoal || it.key() == goal.figure;
        if (!isGoal)
            std::printf("  %-52s %14.4g %s\n", qPrintable(it.key()), median(it.value()),
                        qPrintable(units[it.key()]));
    }
    std::printf("\n%.0f s in all%s\n", total.seconds(),
                quick ? " (--quick: smaller sizes, single runs)" : "");
    return 0;
}

} // namespace dw::bench
