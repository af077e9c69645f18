#include "cli/promql_options.h"

#include "cli/command.h"

namespace dw::cli {

void addPromqlCompatOption(QCommandLineParser& parser) {
    parser.addOption(
        {"promql-compat",
         "PromQL semantics of Prometheus 2 or 3 (default 3). 3: range selectors and lookback are "
         "left-open, a regex's '.' matches a newline, quoted UTF-8 names, Prometheus 3's functions.",
         "2|3"});
}

std::optional<promql::Generation> promqlGenerationFromOptions(const QCommandLineParser& parser,
                                                              promql::Generation fallback) {
    if (!parser.isSet("promql-compat")) return fallback;
    const QString value = parser.value("promql-compat");
    if (const auto generation = promql::parseGeneration(value.toStdString())) return generation;
    printErr(
        QStringLiteral("--promql-compat: \"%1\" is not a Prometheus generation; use 2 or 3\n").arg(value));
    return std::nullopt;
}

} // namespace dw::cli
