// The Debian package scripts/package.sh makes: exactly the files it should hold, Depends taken from the
// binary's own libraries and nothing more, and the checks Debian and software centres apply (lintian
// without errors, appstreamcli, desktop-file-validate).

#include "package_files.h"

#include <QDir>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
};

// Runs a program to its end (at most 5 minutes; lintian is slow), stdout and stderr together.
Run run(const QString& program, const QStringList& arguments) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(300000)) return {-1, "(did not finish)"};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAll())};
}

} // namespace

class PackageTest : public QObject {
    Q_OBJECT

private:
    QString m_deb;
    QTemporaryDir m_unpacked;

private slots:
    void initTestCase() {
        QString error;
        m_deb = findPackage(error);
        QVERIFY2(!m_deb.isEmpty(), qPrintable(error));
        QVERIFY(m_unpacked.isValid());
        const Run unpack = run("dpkg-deb", {"-x", m_deb, m_unpacked.path()});
        QVERIFY2(unpack.exitCode == 0, qPrintable(unpack.out));
    }

    void nameHasVersionAndArchitecture() {
        const Run arch = run("dpkg", {"--print-architecture"});
        QCOMPARE(QFileInfo(m_deb).fileName(),
                 QStringLiteral("dispatchwatch_%1_%2.deb").arg(DW_VERSION, arch.out.trimmed()));
    }

    // The program, its menu entry, icons, AppStream metadata, man page, completion and Debian's documents:
    // those files and no others.
    void holdsExactlyItsFiles() {
        const Run contents = run("sh", {"-c", "dpkg-deb --fsys-tarfile \"$1\" | tar -t", "sh", m_deb});
        QCOMPARE(contents.exitCode, 0);
        QStringList files;
        for (const QString& line : contents.out.split('\n', Qt::SkipEmptyParts))
            if (!line.endsWith('/')) files << line.mid(1); // "./usr/..." -> "/usr/..."
        files.sort();
        QStringList expected = packageFiles();
        expected.sort();
        QCOMPARE(files, expected);
    }

    // Depends is what dpkg-shlibdeps computes from the libraries the binary links: every library's package
    // is there, and nothing else is.
    void dependsComeFromTheBinarysLibraries() {
        const QString binary = m_unpacked.filePath("usr/bin/dispatchwatch");
        const Run needed =
            run("sh", {"-c", "objdump -p \"$1\" | awk '$1 == \"NEEDED\" { print $2 }'", "sh", binary});
        QCOMPARE(needed.exitCode, 0);
        const Run ldd = run("ldd", {binary});
        QSet<QString> owners;
        for (const QString& library : needed.out.split('\n', Qt::SkipEmptyParts)) {
            // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)", or the loader by its path alone.
            const QString name = QRegularExpression::escape(library);
            QString path = QRegularExpression("\\s" + name + " => (\\S+)").match(ldd.out).captured(1);
            if (path.isEmpty())
                path = QRegularExpression("\\s(/\\S*/" + name + ") \\(").match(ldd.out).captured(1);
            QVERIFY2(!path.isEmpty(), qPrintable(library + " is not found by ldd"));
            // dpkg knows a library by the path its package installs, /lib or /usr/lib.
            Run owner = run("dpkg", {"-S", path});
            if (owner.exitCode != 0) owner = run("dpkg", {"-S", QFileInfo(path).canonicalFilePath()});
            if (owner.exitCode != 0 && path.startsWith("/usr/")) owner = run("dpkg", {"-S", path.mid(4)});
            QVERIFY2(owner.exitCode == 0, qPrintable(path + ": " + owner.out));
            owners << owner.out.section(':', 0, 0);
        }
        const Run depends = run("dpkg-deb", {"-f", m_deb, "Depends"});
        QSet<QString> packages;
        for (const QString& entry : depends.out.trimmed().split(", ", Qt::SkipEmptyParts))
            packages << entry.section(' ', 0, 0).section('|', 0, 0).trimmed();
        QVERIFY2(packages.contains("libqt6core6") && packages.contains("libc6"), qPrintable(depends.out));
        QCOMPARE(packages, owners);
    }

    void lintianFindsNoErrors() {
        const Run lintian = run("lintian", {"--fail-on", "error", "--tag-display-limit", "0", m_deb});
        QVERIFY2(lintian.exitCode == 0 &&
                     !lintian.out.contains(QRegularExpression("^E: ", QRegularExpression::MultilineOption)),
                 qPrintable(lintian.out));
    }

    void appStreamMetadataIsValid() {
        const QString folder = m_unpacked.filePath("usr/share/metainfo");
        const QStringList files = QDir(folder).entryList({"*.metainfo.xml"});
        QCOMPARE(files.size(), 1);
        const Run validate =
            run("appstreamcli", {"validate", "--no-net", "--pedantic", folder + "/" + files[0]});
        QVERIFY2(validate.exitCode == 0, qPrintable(validate.out));
        // The screenshot the README shows.
        QFile metainfo(folder + "/" + files[0]);
        QVERIFY(metainfo.open(QIODevice::ReadOnly));
        QVERIFY(metainfo.readAll().contains("docs/screenshot.png</image>"));
    }

    void desktopEntryIsValid() {
        const Run validate = run("desktop-file-validate",
                                 {m_unpacked.filePath("usr/share/applications/dispatchwatch.desktop")});
        QVERIFY2(validate.exitCode == 0 && validate.out.isEmpty(), qPrintable(validate.out));
    }

    // The PNG icons are the SVG rendered at their size.
    void pngIconsHaveTheirSizes() {
        for (const QString& file : packageFiles()) {
            if (!file.endsWith(".png")) continue;
            const int size = file.section('/', 5, 5).section('x', 0, 0).toInt();
            QImage image(m_unpacked.filePath(file.mid(1)));
            QVERIFY2(!image.isNull(), qPrintable(file));
            QCOMPARE(image.size(), QSize(size, size));
        }
    }
};

QTEST_GUILESS_MAIN(PackageTest)
#include "test_package.moc"
