#include "cli/replay_command.h"

#include "assessment/incident_text.h"
#include "assessment/replay_assessment.h"
#include "cli/check_report.h"
#include "cli/command.h"
#include "cli/promql_options.h"
#include "util/duration.h"
#include "util/timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace dw::cli {

namespace {

// --at: RFC 3339, Unix seconds, "start", "end", or an offset from the start ("+5m").
std::optional<std::int64_t> parseAt(const QString& text, const Replay& replay) {
    if (text == "start") return replay.startMs();
    if (text == "end") return replay.endMs();
    if (text.startsWith('+')) {
        const auto offset = parseDurationMs(text.mid(1).toStdString());
        if (offset) return replay.startMs() + *offset;
        return std::nullopt;
    }
    return parseTimestampArgument(text.toStdString());
}

} // namespace

int runReplay(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Replay a recording through the same pipeline as live monitoring (parser, store, health, alert\n"
        "rules) and report, as `check` does, the targets, entities and alerts at each --at time (default:\n"
        "the end), then the incidents: when entities went stale, stopped, flapped or recovered, when "
        "targets\n"
        "went down and up, when alerts fired and resolved.\n"
        "Exit codes as check at the last time reported: 0 all up and healthy, 1 an entity unhealthy or an\n"
        "alert firing, 2 a target down, 3 an unreadable recording or a usage error.");
    parser.addHelpOption();
    parser.addPositionalArgument("FILE", "The recording.");
    parser.addOptions(
        {{"at",
          "A time to report: RFC 3339, Unix seconds, start, end or +OFFSET from the start "
          "(repeatable).",
          "T"},
         {"json", "Print JSON."},
         {"profile", "An extra profile file (repeatable).", "FILE"},
         {"step", "How often health and rules are evaluated (default 15s).", "DURATION", "15s"}});
    addPromqlCompatOption(parser);
    if (const auto done = parseArguments(parser, arguments))
        return *done == kExitUsage ? kExitUsageOrConfig : *done;
    if (parser.positionalArguments().size() != 1) {
        printErr("replay needs one recording file; see --help\n");
        return kExitUsageOrConfig;
    }
    const auto step = parseDurationMs(parser.value("step").toStdString());
    if (!step || *step <= 0) {
        printErr("invalid --step: use a duration such as 15s\n");
        return kExitUsageOrConfig;
    }
    HealthOptions options;
    options.profileFiles = parser.values("profile");
    const auto generation = promqlGenerationFromOptions(parser);
    if (!generation) return kExitUsageOrConfig;
    options.promqlGeneration = *generation;
    std::vector<std::string> setupProblems;
    AssessmentSetup setup = assessmentSetup(options, setupProblems);
    ReplayAssessment assessed(std::move(setup.profiles), std::move(setup.options), *step);
    const Replay& replay = assessed.replay();
    std::string error;
    if (!assessed.open(parser.positionalArguments().first(), error)) {
        printErr(QString::fromStdString(error) + "\n");
        return kExitUsageOrConfig;
    }
    std::vector<std::int64_t> times;
    for (const QString& at : parser.values("at")) {
        const auto t = parseAt(at, replay);
        if (!t) {
            printErr("invalid --at \"" + at + "\": use RFC 3339, Unix seconds, start, end or +5m\n");
            return kExitUsageOrConfig;
        }
        times.push_back(*t);
    }
    if (times.empty()) times.push_back(replay.endMs());
    std::sort(times.begin(), times.end());

    const bool json = parser.isSet("json");
    for (const std::string& problem : setupProblems)
        printErr(QString::fromStdString(problem) + "\n");
    int code = kExitAllUp;
    QJsonArray reports;
    QString text;
    for (std::int64_t t : times) {
        // Assessed at every step of the replay so far, as a live session would have been.
        const AssessmentResult& health = assessed.runTo(t);
        const CheckReport report = makeCheckReport(replay.targets(), health);
        for (const std::string& problem : report.problems)
            printErr(QString::fromStdString(problem) + "\n");
        QJsonObject at = report.json;
        at.insert("time", QString::fromStdString(formatRfc3339(t)));
        reports.append(at);
        text += "== at " + QString::fromStdString(formatRfc3339(t)) + "\n" + report.text + "\n";
        code = report.exitCode;
    }
    assessed.runToEnd();
    printDamage(replay.reader().damageReport());
    auto incidents = assessed.incidents();
    std::stable_sort(incidents.begin(), incidents.end(),
                     [](const auto& a, const auto& b) { return a.timeMs < b.timeMs; });
    if (json) {
        QJsonArray list;
        for (const Incident& i : incidents)
            list.append(QJsonObject{{"time", QString::fromStdString(formatRfc3339(i.timeMs))},
                                    {"subject", QString::fromStdString(incidentSubject(i))},
                                    {"what", QString::fromStdString(incidentWhat(i))}});
        const QJsonObject document{{"recording", parser.positionalArguments().first()},
                                   {"start", QString::fromStdString(formatRfc3339(replay.startMs()))},
                                   {"end", QString::fromStdString(formatRfc3339(replay.endMs()))},
                                   {"scrapes", qint64(replay.scrapesReplayed())},
                                   {"reports", reports},
                                   {"incidents", list}};
        printOut(QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented)));
    } else {
        text += QStringLiteral("incidents (%1 scrapes replayed, %2 to %3):\n")
                    .arg(replay.scrapesReplayed())
                    .arg(QString::fromStdString(formatRfc3339(replay.startMs())),
                         QString::fromStdString(formatRfc3339(replay.endMs())));
        for (const Incident& i : incidents)
            text +=
                QStringLiteral("  %1  %2  %3\n")
                    .arg(QString::fromStdString(formatRfc3339(i.timeMs)),
                         QString::fromStdString(incidentSubject(i)), QString::fromStdString(incidentWhat(i)));
        if (incidents.empty()) text += "  none\n";
        printOut(text);
    }
    return code;
}

} // namespace dw::cli
