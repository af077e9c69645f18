// dw_bench validate FILE: `dispatchwatch validate --format text FILE` as a user runs it, a whole process,
// beside `promtool check metrics < FILE` in the same run.

#include "bench_report.h"

#include <QProcess>
#include <QStandardPaths>
#include <cstdio>
#include <vector>

namespace dw::bench {

namespace {

// Wall-clock milliseconds of one run of a program, or a negative number if it could not run.
double runMs(const QString& program, const QStringList& arguments, const QString& standardInput = {}) {
    QProcess process;
    if (!standardInput.isEmpty()) process.setStandardInputFile(standardInput);
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(QProcess::nullDevice());
    Stopwatch watch;
    process.start(program, arguments);
    if (!process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit) return -1;
    return watch.seconds() * 1000;
}

} // namespace

int runValidateBench(const QStringList& arguments) {
    if (arguments.isEmpty()) {
        std::fprintf(stderr, "usage: dw_bench validate FILE [RUNS]\n");
        return 2;
    }
    const QString file = arguments[0];
    const int runs = arguments.size() > 1 ? arguments[1].toInt() : 5;
    const QString promtool = QStandardPaths::findExecutable("promtool");
    std::vector<double> ours, theirs;
    // Alternating runs: whatever else the machine does falls on both.
    for (int i = 0; i < runs; ++i) {
        const double ms = runMs(DW_APP_PATH, {"validate", "--format", "text", file});
        if (ms < 0) {
            std::fprintf(stderr, "dispatchwatch validate did not run (%s)\n", DW_APP_PATH);
            return 1;
        }
        ours.push_back(ms);
        if (!promtool.isEmpty()) theirs.push_back(runMs(promtool, {"check", "metrics"}, file));
    }
    report("validate_whole_process", median(ours), "ms");
    if (theirs.empty()) {
        std::fprintf(stderr, "promtool not found; no side-by-side figure\n");
        return 0;
    }
    report("validate_promtool_whole_process", median(theirs), "ms");
    report("validate_speedup_vs_promtool", median(theirs) / median(ours), "x");
    return 0;
}

} // namespace dw::bench
