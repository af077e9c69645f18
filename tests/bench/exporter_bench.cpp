// dw_bench exporter: time to serve one scrape of the Compozy scenario with 100 dispatchers.

#include "bench_report.h"
#include "exporter/demo_exporter.h"
#include "exporter/gzip.h"

#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <prometheus/text_serializer.h>
#include <vector>

namespace dw::bench {

int runExporterBench(const QStringList& arguments) {
    const int dispatchers = arguments.size() > 0 ? arguments[0].toInt() : 100;
    const auto scenario = compozyWithDispatchers(dispatchers);
    if (!scenario) return 1;
    auto clock = std::make_shared<ManualClock>(0);
    DemoExporter exporter(*scenario, clock, {});

    // Scrapes every 15 s of scenario time, as Prometheus would; the simulation between scrapes is
    // the service's own work and not counted, the collection and serialisation are.
    std::vector<double> renderNs, gzipNs, peerNs;
    std::size_t bytes = 0;
    for (int i = 0; i < 400; ++i) {
        clock->advanceMs(15'000);
        exporter.simulator().advanceTo(clock->nowMs());
        QElapsedTimer timer;
        timer.start();
        const std::string& body = exporter.render();
        renderNs.push_back(double(timer.nsecsElapsed()));
        timer.restart();
        const QByteArray compressed = gzipCompress(QByteArray::fromStdString(body));
        gzipNs.push_back(double(timer.nsecsElapsed()));
        bytes = body.size();
        // The peer, on the same state: what prometheus-cpp's own Collect() and TextSerializer cost. The
        // Compozy scenario has no summaries, whose estimator a second collection would change.
        timer.restart();
        const std::string peer =
            prometheus::TextSerializer().Serialize(exporter.simulator().registry().Collect());
        peerNs.push_back(double(timer.nsecsElapsed()));
        if (peer != body) {
            std::fprintf(stderr, "exporter: the body differs from TextSerializer's at scrape %d\n", i);
            return 1;
        }
    }
    report("exporter_scrape", median(renderNs) / 1000.0, "us");
    report("exporter_scrape_text_serializer", median(peerNs) / 1000.0, "us");
    report("exporter_scrape_gzip_extra", median(gzipNs) / 1000.0, "us");
    report("exporter_body", double(bytes), "bytes");
    return 0;
}

} // namespace dw::bench
