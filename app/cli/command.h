#pragma once

#include <QStringList>
#include <functional>

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

// Writes to stdout/stderr without Qt's debug message machinery, so output is exactly what we print.
void printOut(const QString& text);
void printErr(const QString& text);

} // namespace dw::cli
