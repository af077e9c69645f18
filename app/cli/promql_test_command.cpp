#include "cli/promql_test_command.h"

#include "cli/command.h"
#include "cli/input_source.h"
#include "cli/promql_options.h"
#include "promql/test_script.h"

#include <QCommandLineParser>

namespace dw::cli {

int runPromqlTest(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Run PromQL test scripts in the format of Prometheus's promql/promqltest/testdata/*.test.\n"
        "Prints every failing evaluation with what was expected and what came out, then\n"
        "\"N passed, N failed\" (and \", N skipped\" for evaluations on native histograms).\n"
        "Scripts of Prometheus 2.x (expecting closed range windows) need --promql-compat 2.\n"
        "Exit 0 when nothing failed, 1 otherwise, 2 on usage errors.");
    parser.addHelpOption();
    parser.addPositionalArgument("FILE", "Test scripts to run.", "FILE...");
    addPromqlCompatOption(parser);
    if (const auto done = parseArguments(parser, arguments)) return *done;
    const auto generation = promqlGenerationFromOptions(parser);
    if (!generation) return kExitUsage;
    // As promqltest's test engine: Prometheus 3's scripts run with its experimental features on.
    promql::EngineOptions options;
    options.generation = *generation;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printErr("promql-test needs at least one FILE; see --help\n");
        return kExitUsage;
    }
    int passed = 0, failed = 0, skipped = 0;
    for (const QString& file : files) {
        QString readError;
        const auto script = readInput(file, readError);
        if (!script) {
            printErr(readError + "\n");
            ++failed;
            continue;
        }
        const auto summary =
            promql::TestScript::run({script->constData(), std::size_t(script->size())}, options);
        if (!summary.error.empty()) {
            printErr(QStringLiteral("%1: %2\n").arg(file, QString::fromStdString(summary.error)));
            ++failed;
        }
        for (const auto& f : summary.failures)
            printOut(QStringLiteral("FAIL %1:%2: %3\n    %4\n")
                         .arg(file)
                         .arg(f.line)
                         .arg(QString::fromStdString(f.command), QString::fromStdString(f.message)));
        passed += summary.passed;
        failed += summary.failed;
        skipped += summary.skipped;
    }
    QString line = QStringLiteral("%1 passed, %2 failed").arg(passed).arg(failed);
    if (skipped > 0) line += QStringLiteral(", %1 skipped").arg(skipped);
    printOut(line + "\n");
    return failed == 0 ? kExitOk : kExitFailed;
}

} // namespace dw::cli
