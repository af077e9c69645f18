#include "cli/command.h"

#include "cli/check_command.h"
#include "cli/dashboard_command.h"
#include "cli/dashboard_export_command.h"
#include "cli/lint_command.h"
#include "cli/promql_test_command.h"
#include "cli/query_command.h"
#include "cli/record_command.h"
#include "cli/recording_command.h"
#include "cli/replay_command.h"
#include "cli/serve_demo_command.h"
#include "cli/validate_command.h"
#include "cli/watch_command.h"

#include <QCoreApplication>
#include <cstdio>

namespace dw::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> all = {
        {"validate", "Check that an exposition file is valid text 0.0.4 or OpenMetrics 1.0 (strict).",
         runValidate},
        {"lint", "Check metrics like promtool, plus a label policy and high-cardinality label values.",
         runLint},
        {"check",
         "Report the state of targets (URLs, prometheus.yml) or a Prometheus server's; exit 0 when all up.",
         runCheck},
        {"watch",
         "Watch targets headless: print the state, then each change as it happens; send alerts to "
         "Alertmanager.",
         runWatch},
        {"query",
         "Evaluate PromQL (Prometheus 3's, or 2's) over samples, live targets or a Prometheus server.",
         runQuery},
        {"promql-test", "Run PromQL test scripts in the format of Prometheus's promqltest.", runPromqlTest},
        {"record", "Record every scrape of targets (or the demo) into a crash-safe recording file.",
         runRecord},
        {"recording", "Recordings: info, verify, repair, export (OpenMetrics, CSV), import saved snapshots.",
         runRecording},
        {"replay", "Replay a recording: health at given times and the incidents, exit codes as check.",
         runReplay},
        {"dashboard",
         "Grafana dashboards: check one against live metrics, a recording or a server; export a profile's.",
         runDashboard},
        {"rules", "Export a profile's alerting as a Prometheus rule file.", runRules},
        {"serve-demo", "Serve realistic demo metrics (Compozy, pupsourcing, Daisi) on /metrics.",
         runServeDemo},
    };
    return all;
}

const Command* findCommand(const QString& name) {
    for (const Command& command : commands())
        if (name == QLatin1String(command.name)) return &command;
    return nullptr;
}

std::optional<int> parseArguments(QCommandLineParser& parser, const QStringList& arguments) {
    if (!parser.parse(arguments)) {
        printErr(parser.errorText() + "\n");
        return kExitUsage;
    }
    if (parser.isSet("help")) {
        printOut(helpText(parser, arguments.first()));
        return kExitOk;
    }
    return std::nullopt;
}

QString helpText(const QCommandLineParser& parser, const QString& commandName) {
    QString text = parser.helpText();
    const QStringList arguments = QCoreApplication::arguments();
    const QString qtUsage = QStringLiteral("Usage: ") + (arguments.isEmpty() ? QString() : arguments.first());
    if (!arguments.isEmpty() && text.startsWith(qtUsage))
        text.replace(0, qtUsage.size(), QStringLiteral("Usage: ") + commandName);
    return text;
}

bool readFormatOption(const QCommandLineParser& parser, std::optional<ExpositionFormat>& format) {
    if (!parser.isSet("format")) return true;
    const QString name = parser.value("format");
    format = parseFormatName(name.toStdString());
    if (!format) printErr(QStringLiteral("unknown --format \"%1\": use text or openmetrics\n").arg(name));
    return format.has_value();
}

void printDamage(const std::vector<std::string>& damage) {
    for (const std::string& line : damage)
        printErr(QString::fromStdString(line) + "\n");
}

void printOut(const QString& text) {
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printErr(const QString& text) {
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

} // namespace dw::cli
