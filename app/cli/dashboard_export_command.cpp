#include "cli/dashboard_export_command.h"

#include "alerts/rule_export.h"
#include "cli/command.h"
#include "dashboard/profile_dashboard.h"
#include "health/profile_set.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace dw::cli {

namespace {

// --profile names a built-in or user profile, or a profile file.
std::optional<Profile> profileFromOption(const QString& value) {
    std::string error;
    if (value.endsWith(".yaml") || value.endsWith(".yml") || QFileInfo(value).isFile()) {
        auto profile = Profile::fromFile(value.toStdString(), error);
        if (!profile) printErr(QString::fromStdString(error) + "\n");
        return profile;
    }
    const ProfileSet profiles = ProfileSet::load({ProfileSet::userDirectory()});
    if (const Profile* profile = profiles.find(value.toStdString())) return *profile;
    QString names;
    for (const Profile& profile : profiles.profiles())
        names += (names.isEmpty() ? "" : ", ") + QString::fromStdString(profile.name);
    printErr("no profile \"" + value + "\"; the profiles are: " + names + " (or give a profile file)\n");
    return std::nullopt;
}

// Writes text to --out (atomically: a half-written file never replaces a good one) or to stdout.
int writeOut(const QCommandLineParser& parser, const QByteArray& text) {
    if (!parser.isSet("out")) {
        printOut(QString::fromUtf8(text));
        return kExitOk;
    }
    QSaveFile file(parser.value("out"));
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        printErr(parser.value("out") + ": cannot write: " + file.errorString() + "\n");
        return kExitFailed;
    }
    return kExitOk;
}

std::optional<Profile> parseExportOptions(QCommandLineParser& parser, const QStringList& arguments,
                                          const QString& description, int& exitCode) {
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addOptions({
        {"profile", "The profile: a name (compozy, pupsourcing, daisi, or a user profile) or a file.",
         "NAME"},
        {"out", "Write to this file instead of standard output.", "FILE"},
    });
    if (const auto done = parseArguments(parser, arguments)) {
        exitCode = *done;
        return std::nullopt;
    }
    if (!parser.isSet("profile") || !parser.positionalArguments().isEmpty()) {
        printErr("give --profile NAME (and no other arguments); see --help\n");
        exitCode = kExitUsage;
        return std::nullopt;
    }
    auto profile = profileFromOption(parser.value("profile"));
    if (!profile) exitCode = kExitFailed;
    return profile;
}

} // namespace

int runDashboardExport(const QStringList& arguments) {
    QCommandLineParser parser;
    int exitCode = kExitOk;
    const auto profile = parseExportOptions(
        parser, arguments,
        "Write a profile's view as a Grafana dashboard (JSON, schema 39): stat tiles, its panels, a state\n"
        "timeline, with datasource, job and instance variables. It opens in Grafana and in DispatchWatch.",
        exitCode);
    if (!profile) return exitCode;
    return writeOut(parser,
                    QJsonDocument(dashboard::dashboardFromProfile(*profile)).toJson(QJsonDocument::Indented));
}

int runRules(const QStringList& arguments) {
    if (arguments.size() < 2 || arguments[1] != "export") {
        const QString usage = "Usage: dispatchwatch rules export --profile NAME [--out FILE]\n"
                              "Run 'dispatchwatch rules export --help' for the options.\n";
        if (arguments.size() >= 2 && (arguments[1] == "--help" || arguments[1] == "-h")) {
            printOut(usage);
            return kExitOk;
        }
        printErr(usage);
        return kExitUsage;
    }
    QStringList rest = arguments.mid(2);
    rest.prepend("dispatchwatch rules export");
    QCommandLineParser parser;
    int exitCode = kExitOk;
    const auto profile = parseExportOptions(
        parser, rest,
        "Write a profile's alerting as a Prometheus rule file (promtool check rules accepts it): the "
        "built-in\n"
        "TargetDown, the profile's own rules, and its per-entity Stale and Flapping alerts in PromQL.",
        exitCode);
    if (!profile) return exitCode;
    std::string error;
    const std::string text = exportRuleFile(*profile, error);
    if (text.empty()) {
        printErr(QString::fromStdString(error) + "\n");
        return kExitFailed;
    }
    return writeOut(parser, QByteArray::fromStdString(text));
}

} // namespace dw::cli
