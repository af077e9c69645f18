#include "cli/recording_export.h"

#include "cli/command.h"
#include "promql/engine.h"
#include "promql/label_set.h"
#include "promql/parser.h"
#include "promql/result_format.h"
#include "recording/replay.h"
#include "util/timestamp.h"

#include <QFile>
#include <algorithm>

namespace dw::cli {

namespace {

void escapeLabelValue(const std::string& value, std::string& out) {
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
}

std::string openMetricsSeries(const Labels& labels) {
    std::string out(labelValue(labels, "__name__"));
    bool first = true;
    for (const Label& l : labels) {
        if (l.name == "__name__") continue;
        out += first ? "{" : ",";
        first = false;
        out += l.name + "=\"";
        escapeLabelValue(l.value, out);
        out += '"';
    }
    if (!first) out += '}';
    return out;
}

std::string formatSeconds(std::int64_t ms) {
    const std::int64_t whole = ms / 1000, frac = ms % 1000;
    if (frac == 0) return std::to_string(whole);
    std::string f = std::to_string(1000 + (frac < 0 ? -frac : frac)).substr(1);
    while (f.back() == '0')
        f.pop_back();
    return std::to_string(whole) + "." + f;
}

} // namespace

int exportRecording(const QString& path, const QString& format, const QString& match, const QString& out) {
    Replay replay;
    std::string error;
    if (!replay.open(path, error)) {
        printErr(QString::fromStdString(error) + "\n");
        return kExitFailed;
    }
    replay.runToEnd();
    printDamage(replay.reader().damageReport());

    // A range selector over the whole recording gives every raw sample, stale markers left out.
    const std::string selector = match.isEmpty() ? std::string(R"({__name__=~".+"})") : match.toStdString();
    const std::int64_t span = replay.endMs() - replay.startMs() + 1;
    const std::string text = selector + "[" + std::to_string(span) + "ms]";
    promql::SyntaxError syntax;
    const promql::NodePtr expr = promql::parseQuery(text, syntax);
    if (!expr) {
        printErr("--match must be a series selector such as '{job=\"compozy\"}': " +
                 QString::fromStdString(syntax.describe()) + "\n");
        return kExitUsage;
    }
    promql::QueryResult result;
    if (!promql::Engine(replay.store()).instant(*expr, replay.endMs(), result, error)) {
        printErr(QString::fromStdString(error) + "\n");
        return kExitFailed;
    }
    std::stable_sort(result.series.begin(), result.series.end(), [](const auto& a, const auto& b) {
        return labelValue(a.labels, "__name__") < labelValue(b.labels, "__name__");
    });

    QFile file;
    const bool ok = out.isEmpty() || out == "-"
                        ? file.open(stdout, QIODevice::WriteOnly)
                        : (file.setFileName(out), file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    if (!ok) {
        printErr(out + ": " + file.errorString() + "\n");
        return kExitFailed;
    }
    std::string chunk;
    auto flush = [&](bool force) {
        if (chunk.size() < (1 << 20) && !force) return;
        file.write(chunk.data(), qint64(chunk.size()));
        chunk.clear();
    };
    const bool csv = format == "csv";
    if (csv) chunk += "time,series,value\n";
    for (const promql::ResultSeries& s : result.series) {
        const std::string name = csv ? promql::labelsToString(s.labels) : openMetricsSeries(s.labels);
        std::string quoted = name;
        if (csv) {
            quoted.clear();
            quoted += '"';
            for (char c : name)
                quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
            quoted += '"';
        }
        for (const promql::Point& p : s.points) {
            if (csv) {
                chunk += formatRfc3339(p.t) + "," + quoted + "," + promql::formatApiValue(p.v) + "\n";
            } else {
                chunk += name + " " + promql::formatApiValue(p.v) + " " + formatSeconds(p.t) + "\n";
            }
            flush(false);
        }
    }
    if (!csv) chunk += "# EOF\n";
    flush(true);
    return kExitOk;
}

} // namespace dw::cli
