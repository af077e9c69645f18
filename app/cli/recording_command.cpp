#include "cli/recording_command.h"

#include "cli/command.h"
#include "cli/recording_export.h"
#include "cli/server_options.h"
#include "promapi/recording_import.h"
#include "recording/recording_reader.h"
#include "recording/recording_writer.h"
#include "recording/snapshot_import.h"
#include "util/clock.h"
#include "util/timestamp.h"

#include <QFile>
#include <QFileInfo>
#include <map>

namespace dw::cli {

namespace {

struct Summary {
    std::uint64_t scrapes = 0, failures = 0, keys = 0, bodyBytes = 0;
    std::int64_t firstMs = 0, lastMs = 0;
    std::map<std::uint32_t, std::pair<std::uint64_t, std::uint64_t>> perTarget; // scrapes, failures
};

// Reads a whole recording (bodies decoded, so damage in them is found) and prints its problems.
bool readAll(RecordingReader& reader, Summary& summary,
             const std::function<void(const RecordedScrape&)>& each = {}) {
    RecordedScrape s;
    while (reader.next(s)) {
        if (summary.scrapes == 0) summary.firstMs = summary.lastMs = s.timestampMs;
        summary.firstMs = std::min(summary.firstMs, s.timestampMs);
        summary.lastMs = std::max(summary.lastMs, s.timestampMs);
        ++summary.scrapes;
        summary.failures += !s.ok;
        summary.keys += s.key;
        summary.bodyBytes += s.body.size();
        auto& [scrapes, failures] = summary.perTarget[s.target];
        ++scrapes;
        failures += !s.ok;
        if (each) each(s);
    }
    printDamage(reader.damageReport());
    return reader.intact();
}

bool open(RecordingReader& reader, const QString& path) {
    std::string error;
    if (reader.open(path, error)) return true;
    printErr(QString::fromStdString(error) + "\n");
    return false;
}

int info(const QString& path) {
    RecordingReader reader;
    if (!open(reader, path)) return kExitFailed;
    Summary s;
    const bool intact = readAll(reader, s);
    QString out = QStringLiteral("recording %1 (format version %2, created %3)\n")
                      .arg(path)
                      .arg(reader.version())
                      .arg(QString::fromStdString(formatRfc3339(reader.createdMs())));
    out += QStringLiteral("span: %1 to %2\n")
               .arg(QString::fromStdString(formatRfc3339(s.firstMs)),
                    QString::fromStdString(formatRfc3339(s.lastMs)));
    out += QStringLiteral("scrapes: %1 (%2 failed, %3 key records)\n")
               .arg(s.scrapes)
               .arg(s.failures)
               .arg(s.keys);
    out += QStringLiteral("size: %1 bytes on disk for %2 bytes of bodies (%3x smaller)\n")
               .arg(reader.fileSize())
               .arg(s.bodyBytes)
               .arg(reader.fileSize() ? double(s.bodyBytes) / double(reader.fileSize()) : 0.0, 0, 'f', 1);
    out += QStringLiteral("targets: %1\n").arg(reader.targets().size());
    for (const auto& [id, t] : reader.targets()) {
        const auto counts = s.perTarget[id];
        out += QStringLiteral("  %1/%2  %3  %4 scrapes, %5 failed\n")
                   .arg(QString::fromStdString(t.job),
                        QString::fromStdString(std::string(labelValue(t.labels, "instance"))),
                        QString::fromStdString(t.url))
                   .arg(counts.first)
                   .arg(counts.second);
    }
    out += intact
               ? "intact\n"
               : "damaged: see the messages above; `dispatchwatch recording repair` keeps what is intact\n";
    printOut(out);
    return kExitOk;
}

int verify(const QString& path) {
    RecordingReader reader;
    if (!open(reader, path)) return kExitFailed;
    Summary s;
    const bool intact = readAll(reader, s);
    printOut(QStringLiteral("%1: %2 scrapes read, %3\n")
                 .arg(path)
                 .arg(s.scrapes)
                 .arg(intact ? "intact" : "damaged"));
    return intact ? kExitOk : kExitFailed;
}

int repair(const QString& path, const QString& out) {
    RecordingReader reader;
    if (!open(reader, path)) return kExitFailed;
    std::string error;
    auto writer = RecordingWriter::create(out, error);
    if (!writer) {
        printErr(QString::fromStdString(error) + "\n");
        return kExitFailed;
    }
    std::map<std::uint32_t, std::uint32_t> ids;
    Summary s;
    bool ok = true;
    readAll(reader, s, [&](const RecordedScrape& scrape) {
        auto& id = ids[scrape.target];
        if (!id) id = writer->target(reader.targets().at(scrape.target));
        RecordedScrape copy = scrape;
        copy.target = id;
        ok = writer->write(copy) && ok;
    });
    writer->sync();
    printOut(QStringLiteral("%1: %2 scrapes kept in %3\n").arg(path).arg(s.scrapes).arg(out));
    return ok ? kExitOk : kExitFailed;
}

int import(const QStringList& paths, const QString& out) {
    QString error;
    const auto snapshots = findSnapshots(paths, error);
    if (!error.isEmpty() || snapshots.empty()) {
        printErr((error.isEmpty() ? "no files to import" : error) + "\n");
        return kExitFailed;
    }
    std::string createError;
    auto writer = RecordingWriter::create(out, createError);
    if (!writer) {
        printErr(QString::fromStdString(createError) + "\n");
        return kExitFailed;
    }
    for (const ImportedSnapshot& s : snapshots)
        printOut(QStringLiteral("%1: %2 (from %3) as %4%5\n")
                     .arg(s.path, QString::fromStdString(formatRfc3339(s.timeMs)), s.timeSource, s.target,
                          s.parseError.isEmpty() ? QString() : ", a failed scrape: " + s.parseError));
    if (!writeSnapshots(snapshots, *writer, error)) {
        printErr(error + "\n");
        return kExitFailed;
    }
    printOut(QStringLiteral("%1 snapshots imported into %2\n").arg(snapshots.size()).arg(out));
    return kExitOk;
}

// The raw samples a Prometheus server holds for a span, as a recording.
int importFromServer(const QCommandLineParser& parser, const QString& out) {
    std::vector<PrometheusServerSpec> servers;
    if (!serversFromOptions(parser, PrometheusServerSpec::kDefaultTimeoutMs, true, false, servers))
        return kExitUsage;
    const std::int64_t now = SystemClock().nowMs();
    const auto start = parseTime(parser.value("start"), now), end = parseTime(parser.value("end"), now);
    if (!parser.isSet("start") || !parser.isSet("end") || !start || !end || *start >= *end) {
        printErr("import --prometheus needs --start and --end (RFC 3339, Unix seconds, now-1h), start before "
                 "end\n");
        return kExitUsage;
    }
    if (servers.front().match.empty()) {
        printErr("import --prometheus needs --match SELECTOR: what to take from the server, e.g. "
                 "{job=\"compozy\"}\n");
        return kExitUsage;
    }
    std::string createError;
    auto writer = RecordingWriter::create(out, createError);
    if (!writer) {
        printErr(QString::fromStdString(createError) + "\n");
        return kExitFailed;
    }
    QNetworkAccessManager network;
    const RecordingImport::Result result =
        RecordingImport::run(network, servers.front(), *start, *end, *writer);
    for (const std::string& warning : result.warnings)
        printErr("warning: partial data: " + QString::fromStdString(warning) + "\n");
    if (!result.ok) {
        printErr(QString::fromStdString(result.error) + "\n");
        writer.reset();
        QFile::remove(out); // nothing half-imported is left to be mistaken for the span
        return kExitFailed;
    }
    printOut(QStringLiteral("%1 targets, %2 scrapes, %3 series, %4 samples from %5 to %6 imported into %7\n")
                 .arg(result.targets)
                 .arg(result.scrapes)
                 .arg(result.series)
                 .arg(result.samples)
                 .arg(QString::fromStdString(formatRfc3339(*start)),
                      QString::fromStdString(formatRfc3339(*end)), out));
    return kExitOk;
}

} // namespace

int runRecording(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Look after recordings:\n"
        "  info FILE                 targets, time span, scrapes, sizes\n"
        "  verify FILE               check every record; exit 0 only when intact\n"
        "  repair FILE --out NEW     copy every intact scrape into a new file\n"
        "  export FILE [--format openmetrics|csv] [--match SELECTOR] [--out PATH]\n"
        "                            the samples as OpenMetrics with timestamps (for promtool tsdb\n"
        "                            create-blocks-from openmetrics) or CSV; stdout by default\n"
        "  import --out FILE PATH... saved snapshots (files, folders, timestamped OpenMetrics) as a "
        "recording\n"
        "  import --prometheus URL --match SELECTOR --start T --end T --out FILE\n"
        "                            the raw samples a Prometheus server holds for that span, one scrape\n"
        "                            per original scrape time");
    parser.addHelpOption();
    parser.addPositionalArgument("ACTION", "info, verify, repair, export or import.");
    parser.addPositionalArgument("FILE", "The recording (for import: the snapshots).", "FILE...");
    parser.addOptions({{"out", "The file to write.", "PATH"},
                       {"format", "export: openmetrics (default) or csv.", "FORMAT", "openmetrics"},
                       {"match",
                        "export: only the series this PromQL selector selects; import --prometheus: "
                        "what to take from the server (repeatable).",
                        "SELECTOR"},
                       {"start", "import --prometheus: the start of the span.", "T"},
                       {"end", "import --prometheus: the end of the span.", "T"}});
    addServerOptions(parser, false);
    if (const auto done = parseArguments(parser, arguments)) return *done;
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    if (action == "import" && parser.isSet("prometheus")) {
        if (!parser.isSet("out")) {
            printErr("import needs --out FILE\n");
            return kExitUsage;
        }
        return importFromServer(parser, parser.value("out"));
    }
    if (args.size() < 2 || (action != "import" && args.size() != 2)) {
        printErr(
            "usage: dispatchwatch recording info|verify|repair|export FILE, or import --out FILE PATH...; "
            "see --help\n");
        return kExitUsage;
    }
    if ((action == "repair" || action == "import") && !parser.isSet("out")) {
        printErr(action + " needs --out FILE\n");
        return kExitUsage;
    }
    if (action == "info") return info(args[1]);
    if (action == "verify") return verify(args[1]);
    if (action == "repair") return repair(args[1], parser.value("out"));
    if (action == "import") return import(args.mid(1), parser.value("out"));
    if (action == "export") {
        const QString format = parser.value("format");
        if (format != "openmetrics" && format != "csv") {
            printErr("unknown --format \"" + format + "\": use openmetrics or csv\n");
            return kExitUsage;
        }
        return exportRecording(args[1], format, parser.value("match"), parser.value("out"));
    }
    printErr("unknown action \"" + action + "\": use info, verify, repair, export or import\n");
    return kExitUsage;
}

} // namespace dw::cli
