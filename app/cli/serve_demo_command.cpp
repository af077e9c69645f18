#include "cli/serve_demo_command.h"

#include "cli/command.h"
#include "cli/quit_on_signal.h"
#include "exporter/demo_exporter.h"
#include "util/duration.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace dw::cli {

namespace {

// "127.0.0.1:9100", "localhost:0", "[::1]:8080", ":9100" (loopback), "0.0.0.0:9100".
bool parseListen(const QString& text, QHostAddress& address, quint16& port, QString& error) {
    const qsizetype colon = text.lastIndexOf(':');
    if (colon < 0) {
        error = "--listen needs ADDRESS:PORT, such as 127.0.0.1:9100 (port 0 picks a free one)";
        return false;
    }
    QString host = text.left(colon);
    if (host.startsWith('[') && host.endsWith(']')) host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535) {
        error = QStringLiteral("invalid port in --listen \"%1\"").arg(text);
        return false;
    }
    port = quint16(number);
    if (host.isEmpty() || host == "localhost") {
        address = QHostAddress::LocalHost;
    } else if (!address.setAddress(host)) {
        error = QStringLiteral("invalid address in --listen \"%1\": use an IP address").arg(text);
        return false;
    }
    return true;
}

QString describeIncidents(const Scenario& scenario) {
    QString text;
    for (const ScenarioIncident& incident : scenario.incidents) {
        text += QStringLiteral("  at %1: %2")
                    .arg(QString::fromStdString(formatDurationMs(incident.atMs)),
                         QString::fromStdString(incident.action));
        if (!incident.target.empty()) text += " " + QString::fromStdString(incident.target);
        if (incident.everyMs > 0)
            text += " every " + QString::fromStdString(formatDurationMs(incident.everyMs));
        if (incident.untilMs >= 0)
            text += " until " + QString::fromStdString(formatDurationMs(incident.untilMs));
        text += "\n";
    }
    return text;
}

} // namespace

int runServeDemo(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Serve realistic demo metrics of a simulated service on /metrics, headless, until SIGINT or "
        "SIGTERM.\n"
        "The first line on stdout is \"serving http://HOST:PORT/metrics\". Listens on 127.0.0.1 only unless\n"
        "--listen names another address.");
    parser.addHelpOption();
    parser.addOption({"scenario", "A built-in scenario (see --list) or a scenario file (default: compozy).",
                      "NAME|FILE", "compozy"});
    parser.addOption(
        {"listen", "Address and port (default 127.0.0.1:0, a free port).", "ADDR:PORT", "127.0.0.1:0"});
    parser.addOption(
        {"speed", "Scenario time runs this many times faster than wall time (default 1).", "X", "1"});
    parser.addOption({"seed", "Random seed (default: the scenario's).", "N"});
    parser.addOption({"list", "List the built-in scenarios and exit."});
    if (const auto done = parseArguments(parser, arguments)) return *done;
    if (!parser.positionalArguments().isEmpty()) {
        printErr("serve-demo takes no positional arguments; see --help\n");
        return kExitUsage;
    }
    if (parser.isSet("list")) {
        for (const std::string& name : Scenario::builtinNames()) {
            std::string error;
            const auto scenario = Scenario::load(name, error);
            printOut(QStringLiteral("%1%2\n").arg(QString::fromStdString(name).leftJustified(16),
                                                  scenario ? QString::fromStdString(scenario->description)
                                                           : QString()));
        }
        return kExitOk;
    }
    bool ok = false;
    const double speed = parser.value("speed").toDouble(&ok);
    if (!ok || !(speed > 0) || speed > 100000) {
        printErr(QStringLiteral("invalid --speed \"%1\": use a number above 0, such as 10\n")
                     .arg(parser.value("speed")));
        return kExitUsage;
    }
    DemoExporter::Options options;
    QString error;
    if (!parseListen(parser.value("listen"), options.address, options.port, error)) {
        printErr(error + "\n");
        return kExitUsage;
    }
    if (parser.isSet("seed")) {
        const qulonglong seed = parser.value("seed").toULongLong(&ok);
        if (!ok) {
            printErr(QStringLiteral("invalid --seed \"%1\": use a whole number\n").arg(parser.value("seed")));
            return kExitUsage;
        }
        options.seed = seed;
    }
    std::string loadError;
    const auto scenario = Scenario::load(parser.value("scenario").toStdString(), loadError);
    if (!scenario) {
        printErr(QString::fromStdString(loadError) + "\n");
        return kExitUsage;
    }
    if (!options.address.isLoopback())
        printErr(QStringLiteral("warning: serving on %1, which other machines may reach\n")
                     .arg(options.address.toString()));

    DemoExporter exporter(*scenario, std::make_shared<ScaledClock>(speed), options);
    if (!exporter.listen(error)) {
        printErr(error + "\n");
        return kExitFailed;
    }
    quitOnSignals();
    printOut("serving " + exporter.metricsUrl().toString() + "\n");
    printErr(QStringLiteral("scenario %1 (%2), speed %3x, seed %4; incidents:\n%5")
                 .arg(QString::fromStdString(scenario->name), QString::fromStdString(scenario->system))
                 .arg(speed)
                 .arg(options.seed.value_or(scenario->seed))
                 .arg(describeIncidents(*scenario)));
    const int code = QCoreApplication::exec();
    printErr(QStringLiteral("stopped after %1 scrapes\n").arg(exporter.scrapesServed()));
    return code;
}

} // namespace dw::cli
