// dw_bench recording: the 100-dispatcher Compozy demo recorded for an hour of scenario time at a 1 s
// interval (bodies rendered by the real demo exporter, as fast as it can), bytes per sample of the
// file; then the hour replayed headless through the full pipeline (parser, store, health, alerts).

#include "assessment/replay_assessment.h"
#include "bench_report.h"
#include "exporter/demo_exporter.h"
#include "recording/recording_writer.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>

namespace dw::bench {

namespace {

std::size_t countSamples(const std::string& body) {
    std::size_t samples = 0;
    std::size_t at = 0;
    while (at < body.size()) {
        const std::size_t end = std::min(body.find('\n', at), body.size());
        if (end > at && body[at] != '#') ++samples;
        at = end + 1;
    }
    return samples;
}

} // namespace

int runRecordingBench(const QStringList& arguments) {
    const int dispatchers = arguments.size() > 0 ? arguments[0].toInt() : 100;
    const std::int64_t seconds = arguments.size() > 1 ? arguments[1].toLongLong() : 3600;
    auto scenario = compozyWithDispatchers(dispatchers);
    if (!scenario) return 1;
    // These hundred dispatchers get a stale one and one that restarts every minute for ten minutes.
    scenario->incidents.push_back({600000, "stale", scenario->entities[1].id, -1, 0, 0});
    scenario->incidents.push_back({900000, "restart", scenario->entities[2].id, 1500000, 60000, 0});
    auto clock = std::make_shared<ManualClock>(0);
    DemoExporter exporter(*scenario, clock, {});

    QTemporaryDir dir;
    const QString path = dir.filePath("demo.dwrec");
    std::string error;
    auto writer = RecordingWriter::create(path, error);
    if (!writer) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    TargetSpec spec;
    spec.url = QUrl("http://127.0.0.1:9464/metrics");
    spec.job = "compozy";
    spec.labels = {{"instance", "127.0.0.1:9464"}, {"job", "compozy"}};
    spec.intervalMs = 1000;
    const std::uint32_t target = writer->target(spec);
    constexpr std::int64_t kStart = 1700000000000;
    std::size_t samples = 0;
    QElapsedTimer timer;
    timer.start();
    for (std::int64_t s = 0; s <= seconds; ++s) {
        clock->setMs(s * 1000);
        exporter.simulator().advanceTo(clock->nowMs());
        FetchResult result;
        result.ok = true;
        result.status = 200;
        result.contentType = "text/plain; version=0.0.4; charset=utf-8";
        const std::string body = exporter.render();
        result.body = QByteArray::fromStdString(body);
        result.bodySize = result.body.size();
        result.durationMs = 3;
        samples += countSamples(body);
        writer->write(target, result, kStart + s * 1000);
    }
    const double recordSeconds = double(timer.nsecsElapsed()) / 1e9;
    const RecordingWriter::Stats stats = writer->stats();
    writer.reset();
    const double fileBytes = double(QFileInfo(path).size());
    std::fprintf(stderr,
                 "%lld scrapes, %zu samples, %.1f MB of bodies, %.2f MB on disk, recorded in %.1f s\n",
                 static_cast<long long>(seconds + 1), samples, double(stats.bodyBytes) / 1e6, fileBytes / 1e6,
                 recordSeconds);
    report("recording_bytes_per_sample", fileBytes / double(samples), "bytes");
    report("recording_text_bytes_per_sample", double(stats.bodyBytes) / double(samples), "bytes");

    timer.restart();
    ReplayAssessment replay(ProfileSet::load({}), {}, 15000); // assessed every 15 s, as live
    if (!replay.open(path, error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    const AssessmentResult& end = replay.runToEnd();
    const double replaySeconds = double(timer.nsecsElapsed()) / 1e9;
    std::fprintf(stderr, "replayed %llu scrapes; %zu entities, %zu incidents\n",
                 static_cast<unsigned long long>(replay.replay().scrapesReplayed()), end.entities.size(),
                 replay.incidents().size());
    report("recording_replay_hour", replaySeconds, "s");
    return 0;
}

} // namespace dw::bench
