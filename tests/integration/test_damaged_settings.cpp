// The window started (offscreen) over settings and profiles a person or a broken disk left damaged: it
// starts with defaults, says what it did not use and why, keeps the damaged settings file aside with its
// content intact, and writes fresh settings marked with their version.

#include "prometheus_server.h"

#include <QDir>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

class DamagedSettingsTest : public QObject {
    Q_OBJECT

private slots:
    void windowStartsWithDefaults_data() {
        QTest::addColumn<QByteArray>("settings"); // the settings file's content, empty for none
        QTest::addColumn<QByteArray>("profile");  // a user profile's content, empty for none
        QTest::addColumn<QString>("said");        // on stderr
        QTest::newRow("binary settings")
            << QByteArray("[General]\ntheme=dark\n") + QByteArray("\0\x01\x02", 3) << QByteArray()
            << "it holds binary data, not settings";
        QTest::newRow("settings of a newer version")
            << QByteArray("[General]\nsettings_version=99\ntheme=dark\n") << QByteArray()
            << "written by a newer DispatchWatch (settings version 99";
        QTest::newRow("broken profile") << QByteArray() << QByteArray("name: [x\n")
                                        << "profile rejected: %1/dispatchwatch/profiles/broken.yaml:2:1:";
    }
    void windowStartsWithDefaults() {
        QFETCH(QByteArray, settings);
        QFETCH(QByteArray, profile);
        QFETCH(QString, said);
        QTemporaryDir home;
        const QString folder = home.filePath("dispatchwatch");
        QVERIFY(QDir().mkpath(folder + "/profiles"));
        const QString settingsPath = folder + "/dispatchwatch.conf";
        auto write = [](const QString& path, const QByteArray& bytes) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        };
        if (!settings.isEmpty()) write(settingsPath, settings);
        if (!profile.isEmpty()) write(folder + "/profiles/broken.yaml", profile);

        QProcess window;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CONFIG_HOME", home.path());
        env.insert("QT_QPA_PLATFORM", "offscreen");
        window.setProcessEnvironment(env);
        window.start(QStringLiteral(DW_APP_PATH), {"--demo"});
        QVERIFY(window.waitForStarted(10000));
        const QString expected = said.contains("%1") ? said.arg(home.path()) : said;
        QString err;
        QTRY_VERIFY_WITH_TIMEOUT((err += QString::fromUtf8(window.readAllStandardError())).contains(expected),
                                 20000);
        QCOMPARE(window.state(), QProcess::Running); // it goes on with defaults
        // The fresh settings are saved from the event loop (in more than one write: a page reading its own
        // setting while the window is built writes what was set until then); the damaged file is kept
        // beside them.
        const auto saved = [&settingsPath] {
            const QSettings fresh(settingsPath, QSettings::IniFormat);
            return fresh.value("settings_version") == 1 && fresh.contains("theme");
        };
        QTRY_VERIFY_WITH_TIMEOUT(saved(), 20000);
        PrometheusServer::stopProcess(window);
        const QStringList aside = QDir(folder).entryList({"dispatchwatch.conf.unusable-*"});
        if (settings.isEmpty()) {
            QVERIFY(aside.isEmpty());
            return;
        }
        QCOMPARE(aside.size(), 1);
        QVERIFY2(
            err.contains("The file was kept as " + folder + "/" + aside.front() + "; defaults are used."),
            qPrintable(err));
        QFile kept(folder + "/" + aside.front());
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), settings);
        QCOMPARE(QSettings(settingsPath, QSettings::IniFormat).value("theme").toString(), QString("light"));
    }
};

QTEST_GUILESS_MAIN(DamagedSettingsTest)
#include "test_damaged_settings.moc"
