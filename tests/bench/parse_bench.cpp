// dw_bench parse: exposition parsing into the store in the steady state of a repeated scrape.

#include "bench_report.h"
#include "node_exporter_text.h"
#include "parser/exposition_parser.h"
#include "scrape/scrape_ingester.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <cmath>
#include <cstdio>
#include <vector>

namespace dw::bench {

namespace {

// Successive scrapes of one target differ in their values, not their series: rewrite every value.
std::string withShiftedValues(const std::string& body, ExpositionFormat format, int variant) {
    if (variant == 0) return body;
    ExpositionParser parser;
    parser.reset(body, format);
    std::string out;
    out.reserve(body.size() + body.size() / 8);
    std::size_t copied = 0;
    for (auto entry = parser.next();
         entry != ExpositionParser::Entry::End && entry != ExpositionParser::Entry::Invalid;
         entry = parser.next()) {
        if (entry != ExpositionParser::Entry::Series || !std::isfinite(parser.value())) continue;
        const std::size_t at = std::size_t(parser.valueText().data() - body.data());
        out.append(body, copied, at - copied);
        char buffer[40];
        const int n = std::snprintf(buffer, sizeof buffer, "%.17g", parser.value() + 1.5 * variant);
        out.append(buffer, std::size_t(n));
        copied = at + parser.valueText().size();
    }
    out.append(body, copied);
    return out;
}

void timePromtool(const QString& path, double megabytes) {
    const QString promtool = QStandardPaths::findExecutable("promtool");
    if (promtool.isEmpty()) {
        std::fprintf(stderr, "promtool not found; skipping the side-by-side figure\n");
        return;
    }
    QProcess process;
    process.setStandardInputFile(path);
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    process.start(promtool, {"check", "metrics"});
    process.waitForFinished(-1);
    report("promtool_check_metrics", megabytes / (double(timer.nsecsElapsed()) / 1e9), "MB/s");
}

} // namespace

int runGenerate(const QStringList& arguments) {
    if (arguments.isEmpty()) {
        std::fprintf(stderr, "usage: dw_bench generate OUT [SERIES]\n");
        return 2;
    }
    const std::size_t series = arguments.size() > 1 ? arguments[1].toULongLong() : 125000;
    const std::string body = nodeExporterText(series);
    QFile file(arguments[0]);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(body.data(), qint64(body.size())) != qint64(body.size())) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(arguments[0]));
        return 1;
    }
    report("generate_bytes", double(body.size()), "bytes");
    return 0;
}

int runParseBench(const QStringList& arguments) {
    if (arguments.isEmpty()) {
        std::fprintf(stderr, "usage: dw_bench parse FILE [SECONDS]\n");
        return 2;
    }
    QFile file(arguments[0]);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(arguments[0]));
        return 1;
    }
    const QByteArray raw = file.readAll();
    const std::string original(raw.constData(), std::size_t(raw.size()));
    const double seconds = arguments.size() > 1 ? arguments[1].toDouble() : 3.0;
    const ExpositionFormat format = guessFormatFromBody(original);
    std::vector<std::string> variants;
    for (int v = 0; v < 4; ++v)
        variants.push_back(withShiftedValues(original, format, v));

    // Tokenizer alone, for reference.
    {
        ExpositionParser parser;
        std::size_t bytes = 0;
        Stopwatch watch;
        while (watch.seconds() < seconds / 3) {
            parser.reset(variants[0], format);
            for (auto entry = parser.next();
                 entry != ExpositionParser::Entry::End && entry != ExpositionParser::Entry::Invalid;
                 entry = parser.next()) {
            }
            bytes += variants[0].size();
        }
        report("parse_tokenize_only", double(bytes) / 1e6 / watch.seconds(), "MB/s");
    }

    SeriesStore store;
    ScrapeIngester ingester(store, {{"job", "bench"}, {"instance", "127.0.0.1:9100"}});
    std::int64_t t = 1'700'000'000'000;
    Stopwatch cold;
    const auto first = ingester.ingest(variants[0], format, t);
    const double coldSeconds = cold.seconds();
    if (!first.ok) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(arguments[0]), first.error.describe().c_str());
        return 1;
    }
    report("parse_first_scrape", double(variants[0].size()) / 1e6 / coldSeconds, "MB/s");
    {
        // The same first scrape into a new store in a process whose allocator already holds the memory
        // (the store above, cleared and dropped): what the code costs without the kernel's first-touch
        // page faults, which dominate the cold figure on a virtual machine.
        {
            SeriesStore scratchStore;
            ScrapeIngester scratch(scratchStore, {{"job", "bench"}, {"instance", "127.0.0.1:9100"}});
            scratch.ingest(variants[1], format, t);
        }
        SeriesStore warmStore;
        ScrapeIngester warm(warmStore, {{"job", "bench"}, {"instance", "127.0.0.1:9100"}});
        Stopwatch warmWatch;
        warm.ingest(variants[0], format, t);
        report("parse_first_scrape_warm_allocator", double(variants[0].size()) / 1e6 / warmWatch.seconds(),
               "MB/s");
    }
    report("parse_series", double(first.samples), "series");

    std::size_t bytes = 0;
    std::size_t samples = 0;
    int iterations = 0;
    Stopwatch watch;
    while (iterations < 3 || watch.seconds() < seconds) {
        const std::string& body = variants[std::size_t(++iterations) % variants.size()];
        t += 15'000;
        const auto result = ingester.ingest(body, format, t);
        if (!result.ok || result.newSeries != 0) {
            std::fprintf(stderr, "steady-state scrape failed or created series\n");
            return 1;
        }
        bytes += body.size();
        samples += result.samples;
    }
    const double elapsed = watch.seconds();
    report("parse_into_store", double(bytes) / 1e6 / elapsed, "MB/s");
    report("parse_into_store_samples", double(samples) / elapsed, "samples/s");
    report("parse_scrapes", iterations, "scrapes");
    timePromtool(arguments[0], double(original.size()) / 1e6);
    return 0;
}

} // namespace dw::bench
