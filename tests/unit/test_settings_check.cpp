// The window's remembered settings: a file this version cannot use (unreadable, binary, not INI, written by
// a newer version) is moved aside with its content intact and the program starts from defaults; a usable
// or absent file is left alone.

#include "util/settings_check.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace dw;

class SettingsCheckTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // Where QSettings itself keeps the file.
    void pathIsQSettingsOwn() {
        QCoreApplication::setOrganizationName("dispatchwatch-test");
        QCoreApplication::setApplicationName("dispatchwatch-test");
        QCOMPARE(SettingsCheck::userSettingsPath(), QSettings().fileName());
    }

    void unusableFilesAreMovedAside_data() {
        QTest::addColumn<QByteArray>("content"); // "<dir>": a folder where the file should be
        QTest::addColumn<QString>("problem");    // empty: the file is used as it is
        QTest::newRow("usable") << QByteArray("[General]\ntheme=dark\nsettings_version=1\n") << QString();
        QTest::newRow("older, without a version") << QByteArray("[General]\ntheme=dark\n") << QString();
        QTest::newRow("newer version")
            << QByteArray("[General]\ntheme=dark\nsettings_version=7\n")
            << "it was written by a newer DispatchWatch (settings version 7; this one reads 1)";
        QTest::newRow("binary") << QByteArray("[General]\ntheme=") + QByteArray("\0\x01\x02\xff", 4)
                                << "it holds binary data, not settings";
        QTest::newRow("unreadable") << QByteArray("<dir>") << "it cannot be read";
    }
    void unusableFilesAreMovedAside() {
        QFETCH(QByteArray, content);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const QString path = dir.filePath("dispatchwatch.conf");
        if (content == "<dir>") {
            QVERIFY(QDir().mkpath(path));
        } else {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const QString message = SettingsCheck::setAsideIfUnusable(path);
        if (problem.isEmpty()) {
            QVERIFY2(message.isEmpty(), qPrintable(message));
            QCOMPARE(QSettings(path, QSettings::IniFormat).value("theme").toString(), QString("dark"));
            return;
        }
        QVERIFY2(message.startsWith("Settings " + path + " are not used: " + problem), qPrintable(message));
        QVERIFY(!QFileInfo::exists(path)); // defaults from here on
        const QStringList aside = QDir(dir.path()).entryList({"dispatchwatch.conf.unusable-*"});
        QCOMPARE(aside.size(), 1);
        QVERIFY2(message.contains(dir.filePath(aside.front())), qPrintable(message));
        if (content != "<dir>") {
            QFile kept(dir.filePath(aside.front()));
            QVERIFY(kept.open(QIODevice::ReadOnly));
            QCOMPARE(kept.readAll(), content); // nothing lost
        }
        QVERIFY(QSettings(path, QSettings::IniFormat).value("theme").isNull());
    }

    void absentFileIsFine() {
        QTemporaryDir dir;
        QVERIFY(SettingsCheck::setAsideIfUnusable(dir.filePath("none.conf")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(SettingsCheckTest)
#include "test_settings_check.moc"
