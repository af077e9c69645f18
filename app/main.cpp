// dispatchwatch: a desktop dashboard for dispatcher health, and the headless commands around it.

#include "build_version.h"
#include "cli/command.h"
#ifdef DW_HAVE_GUI
#include "gui/gui_main.h"
#endif

#include <QCoreApplication>
#include <csignal>
#include <cstring>

namespace {

QString usage() {
    QString text = QStringLiteral("Usage: dispatchwatch COMMAND [OPTIONS]\n"
                                  "\n"
                                  "DispatchWatch scrapes Prometheus /metrics endpoints and shows the health "
                                  "of dispatchers and workers.\n"
                                  "\n"
                                  "Commands:\n");
    for (const auto& command : dw::cli::commands())
        text += QStringLiteral("  %1%2\n")
                    .arg(QString::fromLatin1(command.name).leftJustified(12), command.summary);
#ifdef DW_HAVE_GUI
    text += QStringLiteral("  %1%2\n")
                .arg(QString("screenshot").leftJustified(12),
                     "Render the main window headless after some live data, as PNG (--demo, URLs, --out).");
    text += QStringLiteral("  %1%2\n")
                .arg(QString("window").leftJustified(12),
                     "The window, also without a command: dispatchwatch [--demo] [--config FILE] [URL...].");
#endif
    text += QStringLiteral(
        "\n"
        "Conventions: times are RFC 3339 or Unix seconds; durations use Prometheus notation (30s, 5m, "
        "1h30m);\n"
        "- means standard input; --json prints machine-readable output on stdout; diagnostics go to stderr.\n"
        "Run 'dispatchwatch COMMAND --help' for a command's options, 'dispatchwatch --version' for the "
        "version and the commit it was built from.\n");
    return text;
}

} // namespace

int main(int argc, char* argv[]) {
    // A file that reaches the process's size limit (ulimit -f) must fail the write with EFBIG, which the
    // recorder reports, instead of killing the program and everything it was watching.
    std::signal(SIGXFSZ, SIG_IGN);
#ifdef DW_HAVE_GUI
    // The window and the screenshot need a QApplication; every other command a QCoreApplication.
    if (argc >= 2 && std::strcmp(argv[1], "screenshot") == 0) return dw::gui::runScreenshot(argc, argv);
    if (dw::gui::wantsWindow(argc, argv)) return dw::gui::runWindow(argc, argv);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("dispatchwatch");
    QCoreApplication::setApplicationVersion(dw::buildVersion());
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2 || arguments[1] == "--help" || arguments[1] == "-h" || arguments[1] == "help") {
        dw::cli::printOut(usage());
        return arguments.size() < 2 ? dw::cli::kExitUsage : dw::cli::kExitOk;
    }
    if (arguments[1] == "--version") {
        dw::cli::printOut(dw::versionText());
        return dw::cli::kExitOk;
    }
    const dw::cli::Command* command = dw::cli::findCommand(arguments[1]);
    if (!command) {
        dw::cli::printErr(QStringLiteral("unknown command \"%1\"\n\n").arg(arguments[1]) + usage());
        return dw::cli::kExitUsage;
    }
    QStringList rest = arguments.mid(2);
    rest.prepend(QStringLiteral("dispatchwatch %1").arg(command->name));
    return command->run(rest);
}
