#include "cli/validate_command.h"

#include "cli/command.h"
#include "cli/input_source.h"
#include "parser/exposition_validator.h"

#include <QCommandLineParser>

namespace dw::cli {

int runValidate(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Parse an exposition file strictly and report every problem as NAME:LINE:COL: message on stderr.\n"
        "Exit 0 when the input is valid, 1 when it is not, 2 on usage errors.\n"
        "Without --format, input whose last line is \"# EOF\" is read as OpenMetrics, anything else as text "
        "0.0.4.");
    parser.addHelpOption();
    parser.addOption({"format",
                      "Input format: text (Prometheus text 0.0.4) or openmetrics (OpenMetrics 1.0).",
                      "text|openmetrics"});
    parser.addPositionalArgument("FILE", "The file to check, or - for standard input.");
    if (const auto done = parseArguments(parser, arguments)) return *done;
    const QStringList inputs = parser.positionalArguments();
    if (inputs.size() != 1) {
        printErr("validate needs exactly one FILE (or - for standard input); see --help\n");
        return kExitUsage;
    }
    std::optional<ExpositionFormat> format;
    if (!readFormatOption(parser, format)) return kExitUsage;
    QString readError;
    InputBytes input;
    if (!input.open(inputs.front(), readError)) {
        printErr(readError + "\n");
        return kExitFailed;
    }
    const ExpositionFormat chosen = format.value_or(guessFormatFromBody(input.view()));
    const auto errors = validateExposition(input.view(), chosen);
    const std::string source = inputDisplayName(inputs.front()).toStdString();
    for (const ParseError& error : errors)
        printErr(QString::fromStdString(error.format(source)) + "\n");
    return errors.empty() ? kExitOk : kExitFailed;
}

} // namespace dw::cli
