#pragma once

#include "parser/exposition_format.h"

#include <QCommandLineParser>
#include <QStringList>
#include <functional>
#include <optional>

namespace dw::cli {

// Exit codes shared by every subcommand.
enum ExitCode { kExitOk = 0, kExitFailed = 1, kExitUsage = 2 };

// One headless subcommand of the dispatchwatch executable.
struct Command {
    const char* name;
    const char* summary;
    // Receives the arguments after the subcommand name, with argv[0] replaced by "dispatchwatch NAME".
    std::function<int(const QStringList& arguments)> run;
};

const std::vector<Command>& commands();
const Command* findCommand(const QString& name);

// Parses a command's arguments. Returns an exit code when the command is already done: a usage error was
// reported (2) or --help was printed (0); nothing when the command should run.
std::optional<int> parseArguments(QCommandLineParser& parser, const QStringList& arguments);

// The parser's help, with its usage line naming the command as typed ("dispatchwatch check") rather than
// the path the program was started by.
QString helpText(const QCommandLineParser& parser, const QString& commandName);

// Reads --format (text|openmetrics) if given. On an unknown name reports it and returns false.
bool readFormatOption(const QCommandLineParser& parser, std::optional<ExpositionFormat>& format);

// Writes to stdout/stderr without Qt's debug message machinery, so output is exactly what we print.
void printOut(const QString& text);
void printErr(const QString& text);
// Prints, one line each, the damage a recording reader found (nothing for an intact file).
void printDamage(const std::vector<std::string>& damage);

} // namespace dw::cli
