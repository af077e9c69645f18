#include "cli/validate_command.h"

#include "cli/command.h"
#include "cli/input_source.h"
#include "parser/exposition_validator.h"

#include <QCommandLineParser>

namespace dw::cli {

namespace {

// Without --format, a body whose last line is "# EOF" is OpenMetrics; anything else is text 0.0.4.
ExpositionFormat guessFormat(const QByteArray& body) {
    QByteArray trimmed = body;
    while (trimmed.endsWith('\n'))
        trimmed.chop(1);
    return trimmed.endsWith("# EOF") ? ExpositionFormat::OpenMetrics1 : ExpositionFormat::Text004;
}

} // namespace

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
    if (!parser.parse(arguments)) {
        printErr(parser.errorText() + "\n");
        return kExitUsage;
    }
    if (parser.isSet("help")) {
        printOut(parser.helpText());
        return kExitOk;
    }
    const QStringList inputs = parser.positionalArguments();
    if (inputs.size() != 1) {
        printErr("validate needs exactly one FILE (or - for standard input); see --help\n");
        return kExitUsage;
    }
    std::optional<ExpositionFormat> format;
    if (parser.isSet("format")) {
        const QString name = parser.value("format");
        if (name == "text")
            format = ExpositionFormat::Text004;
        else if (name == "openmetrics")
            format = ExpositionFormat::OpenMetrics1;
        else {
            printErr(QStringLiteral("unknown --format \"%1\": use text or openmetrics\n").arg(name));
            return kExitUsage;
        }
    }
    QString readError;
    const auto body = readInput(inputs.front(), readError);
    if (!body) {
        printErr(readError + "\n");
        return kExitFailed;
    }
    const ExpositionFormat chosen = format.value_or(guessFormat(*body));
    const auto errors =
        validateExposition(std::string_view(body->constData(), std::size_t(body->size())), chosen);
    const std::string source = inputDisplayName(inputs.front()).toStdString();
    for (const ParseError& error : errors)
        printErr(QString::fromStdString(error.format(source)) + "\n");
    return errors.empty() ? kExitOk : kExitFailed;
}

} // namespace dw::cli
