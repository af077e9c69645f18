// The PromQL test scripts: Prometheus's own format, from ../shared/conformance/promql/ and our
// tests/promql/. Every evaluation must pass; nothing may be skipped.
#include "promql/test_script.h"

#include <QDir>
#include <QFile>
#include <QTest>

class PromqlScriptsTest : public QObject {
    Q_OBJECT

private slots:
    void scripts_data() {
        QTest::addColumn<QString>("path");
        int shared = 0;
        for (const QString& folder : {QStringLiteral(DW_SHARED_DIR "/conformance/promql"),
                                      QStringLiteral(DW_SOURCE_DIR "/tests/promql")}) {
            const QDir dir(folder);
            for (const QString& name : dir.entryList({"*.test"}, QDir::Files, QDir::Name)) {
                QTest::newRow(qPrintable(dir.dirName() == "promql" && folder.contains("shared")
                                             ? "shared/" + name
                                             : "own/" + name))
                    << dir.filePath(name);
                shared += folder.contains("conformance");
            }
        }
        QVERIFY2(shared >= 3, "the shared PromQL conformance scripts are missing");
    }

    void scripts() {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray script = file.readAll();
        const auto summary = dw::promql::TestScript::run({script.constData(), std::size_t(script.size())});
        QVERIFY2(summary.error.empty(), summary.error.c_str());
        QString failures;
        for (const auto& f : summary.failures)
            failures += QStringLiteral("\n  line %1: %2\n    %3")
                            .arg(f.line)
                            .arg(QString::fromStdString(f.command), QString::fromStdString(f.message));
        QVERIFY2(summary.failed == 0, qPrintable(failures));
        QVERIFY(summary.passed > 0);
        QCOMPARE(summary.skipped, 0);
    }
};

QTEST_GUILESS_MAIN(PromqlScriptsTest)
#include "test_promql_scripts.moc"
