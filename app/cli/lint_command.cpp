#include "cli/lint_command.h"

#include "cli/command.h"
#include "cli/input_source.h"
#include "lint/metrics_linter.h"
#include "util/duration.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace dw::cli {

namespace {

const char* severityName(LintFinding::Severity severity) {
    return severity == LintFinding::Severity::Error ? "error" : "warning";
}

QJsonObject toJson(const LintReport& report, const QString& source, ExpositionFormat format) {
    QJsonArray findings;
    for (const LintFinding& finding : report.findings)
        findings.append(QJsonObject{{"severity", severityName(finding.severity)},
                                    {"check", QString::fromStdString(finding.check)},
                                    {"metric", QString::fromStdString(finding.metric)},
                                    {"line", finding.line},
                                    {"message", QString::fromStdString(finding.message)}});
    return {{"source", source},
            {"format", QString::fromLatin1(formatName(format).data(), qsizetype(formatName(format).size()))},
            {"families", qint64(report.families)},
            {"samples", qint64(report.samples)},
            {"errors", qint64(report.errors())},
            {"warnings", qint64(report.warnings())},
            {"findings", findings}};
}

} // namespace

int runLint(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Check metrics as `promtool check metrics` does (counter _total, units, snake_case, HELP, duplicate "
        "series,\n"
        "histogram and summary consistency) and report label values that look high-cardinality: all as "
        "warnings.\n"
        "Check a label policy as errors: by default Compozy's (HTTP metrics only method, path, status_code;\n"
        "Temporal metrics only workflow_type; system metrics only version, commit_hash, go_version).\n"
        "Exit 0 without errors (warnings fail only with --werror), 1 with errors, 2 on usage errors.");
    parser.addHelpOption();
    parser.addOption({"format",
                      "Input format: text or openmetrics (default: from the Content-Type for URLs, "
                      "else OpenMetrics when the input ends with # EOF).",
                      "text|openmetrics"});
    parser.addOption(
        {"labels", "Label policy YAML file (see resources/policies/compozy-labels.yaml).", "POLICY.yaml"});
    parser.addOption({"no-label-policy", "Check no label policy."});
    parser.addOption({"werror", "Treat warnings as errors for the exit code."});
    parser.addOption({"json", "Print the findings as JSON on stdout."});
    parser.addOption({"timeout", "Timeout for a URL, as a duration (default 10s).", "DURATION", "10s"});
    parser.addPositionalArgument("INPUT", "A file, an http(s) URL, or - for standard input.");
    if (const auto done = parseArguments(parser, arguments)) return *done;
    if (parser.positionalArguments().size() != 1) {
        printErr("lint needs exactly one FILE, URL or - ; see --help\n");
        return kExitUsage;
    }
    std::optional<ExpositionFormat> format;
    if (!readFormatOption(parser, format)) return kExitUsage;
    const auto timeoutMs = parseDurationMs(parser.value("timeout").toStdString());
    if (!timeoutMs || *timeoutMs <= 0) {
        printErr(QStringLiteral("invalid --timeout \"%1\": use a duration such as 10s or 1m\n")
                     .arg(parser.value("timeout")));
        return kExitUsage;
    }

    LintOptions options;
    std::optional<LabelPolicy> customPolicy;
    if (parser.isSet("labels")) {
        QFile file(parser.value("labels"));
        if (!file.open(QIODevice::ReadOnly)) {
            printErr(
                QStringLiteral("cannot read label policy %1: %2\n").arg(file.fileName(), file.errorString()));
            return kExitUsage;
        }
        const QByteArray yaml = file.readAll();
        std::string error;
        customPolicy = LabelPolicy::fromYaml({yaml.constData(), std::size_t(yaml.size())}, error);
        if (!customPolicy) {
            printErr(QStringLiteral("%1:%2\n").arg(file.fileName(), QString::fromStdString(error)));
            return kExitUsage;
        }
        options.policy = &*customPolicy;
    } else if (!parser.isSet("no-label-policy")) {
        options.policy = &LabelPolicy::compozyDefault();
    }

    const QString input = parser.positionalArguments().front();
    QByteArray body;
    QString source = inputDisplayName(input);
    if (looksLikeUrl(input)) {
        QString error;
        const auto target = targetFromUrl(input, *timeoutMs, error);
        if (!target) {
            printErr(error + "\n");
            return kExitUsage;
        }
        source = target->url.toString(); // without credentials
        const FetchResult fetched = fetchOnce(*target);
        if (!fetched.ok) {
            printErr(QStringLiteral("%1: %2\n").arg(source, QString::fromStdString(fetched.error)));
            return kExitFailed;
        }
        body = fetched.body;
        if (!format) format = formatFromContentType(fetched.contentType.toStdString());
    } else {
        QString error;
        const auto read = readInput(input, error);
        if (!read) {
            printErr(error + "\n");
            return kExitFailed;
        }
        body = *read;
    }
    const ExpositionFormat chosen =
        format.value_or(guessFormatFromBody({body.constData(), std::size_t(body.size())}));
    const LintReport report = lintExposition({body.constData(), std::size_t(body.size())}, chosen, options);

    if (parser.isSet("json")) {
        printOut(
            QString::fromUtf8(QJsonDocument(toJson(report, source, chosen)).toJson(QJsonDocument::Indented)));
    } else {
        for (const LintFinding& finding : report.findings) {
            QString line = QStringLiteral("%1:%2: %3: ")
                               .arg(source)
                               .arg(finding.line)
                               .arg(severityName(finding.severity));
            if (!finding.metric.empty()) line += QString::fromStdString(finding.metric) + ": ";
            line += QString::fromStdString(finding.message) +
                    QStringLiteral(" [%1]\n").arg(QString::fromStdString(finding.check));
            printErr(line);
        }
        printErr(QStringLiteral("%1: %2 families, %3 samples: %4 errors, %5 warnings\n")
                     .arg(source)
                     .arg(report.families)
                     .arg(report.samples)
                     .arg(report.errors())
                     .arg(report.warnings()));
    }
    const bool failed = report.errors() > 0 || (parser.isSet("werror") && report.warnings() > 0);
    return failed ? kExitFailed : kExitOk;
}

} // namespace dw::cli
