// What a user reads about the program: --version, every command's help, and the man page and bash
// completion the build makes from that help (so they cannot drift from it).

#include "app_process.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kApp = QStringLiteral(DW_APP_PATH);
const QString kGenerated = QStringLiteral(DW_GENERATED_DIR);

// The commands `dispatchwatch --help` lists.
QStringList listedCommands() {
    const AppRun run = runApp(kApp, {"--help"});
    QStringList names;
    bool inList = false;
    for (const QString& line : run.out.split('\n')) {
        if (line == "Commands:") {
            inList = true;
        } else if (inList && line.isEmpty()) {
            break;
        } else if (inList) {
            names << line.trimmed().section(' ', 0, 0);
        }
    }
    return names;
}

// The long options a help text lists.
QStringList optionsOf(const QString& help) {
    QStringList options;
    const QRegularExpression option("^  (?:-\\w, )?(--[\\w-]+)", QRegularExpression::MultilineOption);
    for (auto it = option.globalMatch(help); it.hasNext();)
        options << it.next().captured(1);
    return options;
}

// The man page as `man` shows it, with the warnings groff gives on stderr.
AppRun renderManPage() {
    QProcess man;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("MANWIDTH", "100");
    env.insert("LC_ALL", "C.UTF-8");
    man.setProcessEnvironment(env);
    man.start("man", {"--warnings", "-E", "UTF-8", "-l", kGenerated + "/dispatchwatch.1.gz"});
    if (!man.waitForFinished(30000)) return {};
    return {man.exitCode(), QString::fromUtf8(man.readAllStandardOutput()),
            QString::fromUtf8(man.readAllStandardError())};
}

// What bash completion offers for a command line (the cursor at its end) typed in folder.
QStringList complete(const QString& line, const QString& folder) {
    const QString script =
        QStringLiteral("source /usr/share/bash-completion/bash_completion\n"
                       "source \"$1\"\n"
                       "line=\"$2\"\n"
                       "read -ra COMP_WORDS <<< \"$line\"\n"
                       "[[ \"$line\" == *' ' ]] && COMP_WORDS+=('')\n"
                       "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMP_LINE=\"$line\" COMP_POINT=${#line}\n"
                       "_dispatchwatch\n"
                       "printf '%s\\n' \"${COMPREPLY[@]}\"\n");
    QProcess bash;
    bash.setWorkingDirectory(folder);
    bash.start("bash", {"-c", script, "bash", kGenerated + "/dispatchwatch.bash-completion", line});
    if (!bash.waitForFinished(30000)) return {"(bash did not finish)"};
    QStringList offered = QString::fromUtf8(bash.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    offered.sort();
    if (bash.exitCode() != 0) offered << "(exit " + QString::number(bash.exitCode()) + ")";
    const QString err = QString::fromUtf8(bash.readAllStandardError());
    if (!err.isEmpty()) offered << "(stderr: " + err + ")";
    return offered;
}

} // namespace

class HelpDocsTest : public QObject {
    Q_OBJECT

private slots:
    // The version and the commit it was built from: what a bug report quotes.
    void versionNamesTheCommit() {
        const AppRun run = runApp(kApp, {"--version"});
        QCOMPARE(run.exitCode, 0);
        const auto match = QRegularExpression("^dispatchwatch (\\S+) \\(commit (\\S+)\\)\nQt 6\\.\\d+\\.\\d+ "
                                              "\\(built with 6\\.\\d+\\.\\d+\\)\n$")
                               .match(run.out);
        QVERIFY2(match.hasMatch(), qPrintable(run.out));
        QCOMPARE(match.captured(1), QStringLiteral(DW_VERSION));
        QProcess git;
        git.start("git", {"-C", DW_SOURCE_DIR, "rev-parse", "--short=12", "HEAD"});
        if (git.waitForFinished(10000) && git.exitCode() == 0) {
            const QString head = QString::fromUtf8(git.readAllStandardOutput()).trimmed();
            QVERIFY2(match.captured(2) == head || match.captured(2) == head + "-modified",
                     qPrintable(match.captured(2) + " is not HEAD " + head));
        } else {
            QCOMPARE(match.captured(2), QStringLiteral("unknown")); // built outside a git checkout
        }
    }

    // Every command's help names it as typed, never the path the program was started by, and works
    // without a display (the window's too).
    void everyCommandHelpNamesTheCommand_data() {
        QTest::addColumn<QString>("command");
        for (const QString& command : listedCommands())
            QTest::newRow(qPrintable(command)) << command;
    }
    void everyCommandHelpNamesTheCommand() {
        QFETCH(QString, command);
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(name);
        if (command == "window") env.remove("QT_QPA_PLATFORM");
        process.setProcessEnvironment(env);
        process.start(kApp, {command, "--help"});
        QVERIFY(process.waitForFinished(30000));
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        QCOMPARE(process.exitCode(), 0);
        const QString usage =
            command == "window" ? "Usage: dispatchwatch [options]" : "Usage: dispatchwatch " + command + " ";
        QVERIFY2(out.startsWith(usage), qPrintable(out.section('\n', 0, 0)));
    }

    void listsEveryCommand() {
        const QStringList commands = listedCommands();
        for (const char* name : {"check", "watch", "replay", "record", "serve-demo", "screenshot", "window"})
            QVERIFY2(commands.contains(name), name);
    }

    // The man page renders without a groff warning and documents every option of every command, from the
    // help the program prints now.
    void manPageCoversEveryOption_data() {
        QTest::addColumn<QStringList>("unit");
        for (const QString& command : listedCommands())
            QTest::newRow(qPrintable(command)) << QStringList{command};
        QTest::newRow("dashboard check") << QStringList{"dashboard", "check"};
        QTest::newRow("rules export") << QStringList{"rules", "export"};
    }
    void manPageCoversEveryOption() {
        QFETCH(QStringList, unit);
        static const AppRun man = renderManPage();
        QCOMPARE(man.exitCode, 0);
        QVERIFY2(man.err.isEmpty(), qPrintable(man.err));
        // From its heading to the next one.
        const QString heading = "\n   dispatchwatch " + unit.join(' ') + "\n";
        const qsizetype start = man.out.indexOf(heading);
        const qsizetype end =
            man.out.indexOf(QRegularExpression("\n   dispatchwatch |\nSEE ALSO"), start + 1);
        const QString section = start < 0 ? QString() : man.out.mid(start, end - start);
        QVERIFY2(!section.isEmpty(), qPrintable("no section for " + unit.join(' ')));
        const AppRun help = runApp(kApp, unit + QStringList{"--help"});
        const QStringList options = optionsOf(help.out);
        for (const QString& option : options)
            if (option != "--help" && option != "--help-all")
                QVERIFY2(section.contains(option), qPrintable(option + " is not in the man page"));
    }

    void manPageNamesAndVersion() {
        const AppRun man = renderManPage();
        QVERIFY(man.out.startsWith("DISPATCHWATCH(1)"));
        QVERIFY(man.out.contains("dispatchwatch " DW_VERSION));
        QVERIFY(man.out.contains("SYNOPSIS") && man.out.contains("CONVENTIONS") &&
                man.out.contains("SEE ALSO"));
    }

    void bashCompletion_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("offered");
        QTest::newRow("a command") << "dispatchwatch ch" << QStringList{"check"};
        QTest::newRow("commands starting with re")
            << "dispatchwatch re" << QStringList{"record", "recording", "replay"};
        QTest::newRow("an option of check") << "dispatchwatch check --conf" << QStringList{"--config"};
        QTest::newRow("an option's choices")
            << "dispatchwatch validate --format " << QStringList{"openmetrics", "text"};
        QTest::newRow("a file for a file option")
            << "dispatchwatch check --config pro" << QStringList{"prometheus.yml"};
        QTest::newRow("nothing for a duration") << "dispatchwatch check --interval " << QStringList{};
        QTest::newRow("actions") << "dispatchwatch recording "
                                 << QStringList{"export", "import", "info", "repair", "verify"};
        QTest::newRow("an action's option")
            << "dispatchwatch dashboard check --aga" << QStringList{"--against"};
        QTest::newRow("the window's options") << "dispatchwatch --the" << QStringList{"--theme"};
        QTest::newRow("the window's theme")
            << "dispatchwatch --demo --theme " << QStringList{"dark", "light"};
        QTest::newRow("version at the start") << "dispatchwatch --vers" << QStringList{"--version"};
        QTest::newRow("files as arguments") << "dispatchwatch validate metr" << QStringList{"metrics.txt"};
    }
    void bashCompletion() {
        QFETCH(QString, line);
        QFETCH(QStringList, offered);
        QTemporaryDir folder;
        for (const char* name : {"prometheus.yml", "metrics.txt"}) {
            QFile file(folder.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        QCOMPARE(complete(line, folder.path()), offered);
    }
};

QTEST_GUILESS_MAIN(HelpDocsTest)
#include "test_help_docs.moc"
