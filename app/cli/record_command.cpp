#include "cli/record_command.h"

#include "cli/command.h"
#include "cli/demo_target.h"
#include "cli/live_targets.h"
#include "cli/quit_on_signal.h"
#include "recording/recording_queue.h"
#include "util/duration.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QNetworkAccessManager>
#include <QTimer>

namespace dw::cli {

int runRecord(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Record every scrape of the targets (URLs, a prometheus.yml, or the embedded demo) byte for byte\n"
        "into a recording file, until --duration has passed or the process is interrupted (Ctrl+C).\n"
        "A process killed at any moment loses at most the scrape being written.\n"
        "Exit 0 when the recording was written, 1 when it could not be, 2 on usage errors.");
    parser.addHelpOption();
    parser.addPositionalArgument("URL", "Targets to scrape.", "[URL...]");
    parser.addOptions({
        {"out", "The recording file to create (never overwritten).", "FILE"},
        {"duration", "How long to record (default: until interrupted).", "DURATION"},
        {"config", "Scrape the targets of a Prometheus configuration file.", "FILE"},
        {"job", "Only this job of --config (repeatable).", "JOB"},
        {"demo", "Record the embedded demo exporter."},
        {"scenario", "The demo's scenario (default compozy).", "NAME", "compozy"},
        {"speed", "The demo's speed (default 1).", "X", "1"},
        {"interval", "Scrape interval for URL and demo targets (default 15s; the demo 5s).", "DURATION"},
        {"timeout", "Scrape timeout (default 10s).", "DURATION", "10s"},
    });
    if (const auto done = parseArguments(parser, arguments)) return *done;
    if (!parser.isSet("out")) {
        printErr("record needs --out FILE; see --help\n");
        return kExitUsage;
    }
    std::optional<std::int64_t> duration;
    if (parser.isSet("duration") && !(duration = parseDurationMs(parser.value("duration").toStdString()))) {
        printErr("invalid --duration: use a duration such as 10m\n");
        return kExitUsage;
    }
    const auto timeout = parseDurationMs(parser.value("timeout").toStdString());
    std::optional<std::int64_t> interval;
    if (!timeout ||
        (parser.isSet("interval") && !(interval = parseDurationMs(parser.value("interval").toStdString())))) {
        printErr("invalid --timeout or --interval: use a duration such as 5s\n");
        return kExitUsage;
    }
    double speed = 1;
    if (parser.isSet("demo")) {
        const auto chosen = demoSpeed(parser.value("speed"));
        if (!chosen) return kExitUsage;
        speed = *chosen;
    }
    // With the demo, every scrape is timed on its scenario clock (at --speed), so the recording tells
    // the scenario at the scenario's times; otherwise on the system's.
    const auto demoClock = std::make_shared<ScaledClock>(speed, QDateTime::currentMSecsSinceEpoch());
    const SystemClock systemClock;
    const Clock& clock = parser.isSet("demo") ? static_cast<const Clock&>(*demoClock) : systemClock;
    SeriesStore store;
    LiveTargets targets(store, clock, [interval](TargetSpec& spec) {
        if (interval) spec.intervalMs = *interval;
    });
    if (!targets.open(parser.value("config"), parser.values("job"), parser.positionalArguments(), *timeout))
        return kExitUsage;

    std::unique_ptr<DemoExporter> demo;
    if (parser.isSet("demo")) {
        int exitCode = kExitOk;
        demo = startDemoTarget(parser.value("scenario"), demoClock, interval.value_or(5000), *timeout,
                               targets, exitCode);
        if (!demo) return exitCode;
    }
    targets.settle(*timeout);
    if (targets.size() == 0) {
        printErr("nothing to record: give URLs, --config or --demo; see --help\n");
        return kExitUsage;
    }

    std::string error;
    auto writer = RecordingWriter::create(parser.value("out"), error);
    if (!writer) {
        printErr(QString::fromStdString(error) + "\n");
        return kExitFailed;
    }
    RecordingQueue queue(std::move(writer)); // compresses and syncs off the scraping thread
    bool failed = false;
    // Targets that discovery adds while recording are recorded from then on.
    targets.startSchedules(
        [&queue, &failed](const TargetSpec& target, const FetchResult& result, std::int64_t t) {
            queue.push(target, result, t);
            if (const std::string writeError = queue.error(); !writeError.empty() && !failed) {
                failed = true;
                printErr("cannot write the recording: " + QString::fromStdString(writeError) + "\n");
                QCoreApplication::exit(kExitFailed);
            }
        });
    printErr(QStringLiteral("recording %1 target(s) into %2%3\n")
                 .arg(targets.size())
                 .arg(parser.value("out"), duration
                                               ? " for " + QString::fromStdString(formatDurationMs(*duration))
                                               : QStringLiteral(" until interrupted")));
    quitOnSignals();
    if (duration)
        QTimer::singleShot(int(*duration), QCoreApplication::instance(), [] { QCoreApplication::exit(0); });
    const int code = QCoreApplication::exec();
    targets.stop();
    queue.close();
    if (const std::string writeError = queue.error(); !writeError.empty() && !failed) {
        failed = true;
        printErr("cannot write the recording: " + QString::fromStdString(writeError) + "\n");
    }
    const RecordingWriter::Stats stats = queue.stats();
    printErr(QStringLiteral("recorded %1 scrapes, %2 bytes of bodies in %3 bytes\n")
                 .arg(stats.scrapes)
                 .arg(stats.bodyBytes)
                 .arg(stats.bytes));
    return failed || code != 0 ? kExitFailed : kExitOk;
}

} // namespace dw::cli
