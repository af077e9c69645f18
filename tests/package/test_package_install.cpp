// Installing the package as a user does, `apt-get install ./dispatchwatch_VERSION_amd64.deb`, into a
// clean Debian 12 root: the commands work there, and purging it leaves nothing behind. The root comes from
// scripts/debian_root.sh, which also downloaded what installing the package needs into the root's apt
// cache; everything here runs without a network (scripts/run_in_root.sh --offline). Runs as root
// (chroot, namespaces); label debootstrap.

#include "app_process.h"
#include "package_files.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

// A copy of the prepared root, beside it, removed at the end.
QString rootCopyTemplate() {
    return QFileInfo(QStringLiteral(DW_DEBIAN_ROOT)).path() + "/test-root-XXXXXX";
}

} // namespace

class PackageInstallTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root{rootCopyTemplate()};
    QString m_deb;
    QStringList m_packagesBefore;
    QStringList m_installed; // what dpkg -L listed once it was installed

    // Runs a command inside the root, as root, with a plain environment, in a network namespace with only
    // loopback: the install takes what it needs from the root's apt cache or fails.
    AppRun inRoot(const QStringList& command, int timeoutMs = 300000) {
        return runApp("sh",
                      QStringList{DW_SOURCE_DIR "/scripts/run_in_root.sh", "--offline", m_root.path(), "env",
                                  "-i", "HOME=/root", "LC_ALL=C.UTF-8", "DEBIAN_FRONTEND=noninteractive",
                                  "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"} +
                          command,
                      timeoutMs);
    }

    QStringList installedPackages() {
        return inRoot({"dpkg-query", "-W", "-f", "${Package} ${db:Status-Abbrev}\\n"})
            .out.split('\n', Qt::SkipEmptyParts);
    }

private slots:
    void initTestCase() {
        QString error;
        m_deb = findPackage(error);
        QVERIFY2(!m_deb.isEmpty(), qPrintable(error));
        QVERIFY2(QFileInfo::exists(DW_DEBIAN_ROOT "/.dw-debootstrap-complete"),
                 qPrintable(QStringLiteral("no Debian root in %1: run scripts/debian_root.sh %1 %2 first")
                                .arg(DW_DEBIAN_ROOT, m_deb)));
        QVERIFY(m_root.isValid());
        const AppRun copy = runApp("cp", {"-a", "--reflink=auto", DW_DEBIAN_ROOT "/.", m_root.path()});
        QVERIFY2(copy.exitCode == 0, qPrintable(copy.err));
        QVERIFY(QFile::copy(m_deb, m_root.filePath("tmp/" + QFileInfo(m_deb).fileName())));
        m_packagesBefore = installedPackages();
        QVERIFY(m_packagesBefore.size() > 50);
    }

    void installsWithApt() {
        const AppRun install = inRoot({"apt-get", "install", "-y", "/tmp/" + QFileInfo(m_deb).fileName()});
        QVERIFY2(install.exitCode == 0, qPrintable(install.out + install.err));
        const AppRun status = inRoot({"dpkg-query", "-W", "-f", "${db:Status-Abbrev}", "dispatchwatch"});
        QCOMPARE(status.out.trimmed(), QStringLiteral("ii"));
        for (const QString& line :
             inRoot({"dpkg", "-L", "dispatchwatch"}).out.split('\n', Qt::SkipEmptyParts))
            if (QFileInfo(m_root.path() + line).isFile()) m_installed << line;
        QStringList expected = packageFiles();
        expected.sort();
        m_installed.sort();
        QCOMPARE(m_installed, expected);
    }

    // The same version and commit as the build it was packaged from.
    void versionIsTheBuilds() {
        const AppRun version = inRoot({"dispatchwatch", "--version"});
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.out, runApp(DW_APP_PATH, {"--version"}).out);
    }

    void checkHelp() {
        const AppRun help = inRoot({"dispatchwatch", "check", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.startsWith("Usage: dispatchwatch check [options]"), qPrintable(help.out));
        QVERIFY(help.out.contains("--config <prometheus.yml>"));
    }

    // The demo exporter and `check` on it, both from the package: the target is up and the Compozy
    // dispatchers are found. The script stops the exporter it started by its process id.
    void serveDemoAndCheck() {
        const AppRun check =
            inRoot({"sh", "-c",
                    "dispatchwatch serve-demo --speed 5 > /tmp/demo.out 2> /tmp/demo.err &\n"
                    "demo=$!\n"
                    "trap 'kill $demo; wait $demo' EXIT\n"
                    "for i in $(seq 100); do grep -q serving /tmp/demo.out && break; sleep 0.1; done\n"
                    "url=$(sed -n 's/^serving //p' /tmp/demo.out)\n"
                    "dispatchwatch check --json --samples 2 --interval 1s \"$url\"\n"},
                   120000);
        QVERIFY2(check.exitCode == 0 || check.exitCode == 1, qPrintable(check.err));
        const QJsonObject report = QJsonDocument::fromJson(check.out.toUtf8()).object();
        QCOMPARE(report["summary"]["up"].toInt(), 1);
        QCOMPARE(report["targets"][0]["state"].toString(), QStringLiteral("up"));
        QVERIFY(report["profiles"].toArray().contains(QJsonValue("compozy")));
        QVERIFY2(report["entities"].toArray().size() >= 5, qPrintable(check.out));
    }

    // Purged with what it pulled in: every file it installed is gone, nothing named after it is left
    // anywhere, and the same packages are installed as before it came.
    void purgeLeavesNothingBehind() {
        QVERIFY(!m_installed.isEmpty());
        QVERIFY(QFile::remove(m_root.filePath("tmp/" + QFileInfo(m_deb).fileName())));
        const AppRun purge = inRoot({"apt-get", "purge", "-y", "--autoremove", "dispatchwatch"});
        QVERIFY2(purge.exitCode == 0, qPrintable(purge.out + purge.err));
        for (const QString& file : m_installed)
            QVERIFY2(!QFileInfo::exists(m_root.path() + file), qPrintable(file + " is left"));
        QVERIFY(!QFileInfo::exists(m_root.filePath("usr/share/doc/dispatchwatch")));
        const AppRun named = inRoot({"find", "/", "-xdev", "(", "-path", "/proc", "-o", "-path", "/tmp", ")",
                                     "-prune", "-o", "-iname", "*dispatchwatch*", "-print"});
        QCOMPARE(named.exitCode, 0);
        QVERIFY2(named.out.isEmpty(), qPrintable("left behind:\n" + named.out));
        QCOMPARE(installedPackages(), m_packagesBefore);
    }
};

QTEST_GUILESS_MAIN(PackageInstallTest)
#include "test_package_install.moc"
