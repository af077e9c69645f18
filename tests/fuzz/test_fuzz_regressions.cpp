// Every input the fuzzer ever crashed on is kept in tests/fuzz/regressions/ and replayed here.

#include "fuzz_target.h"

#include <QDir>
#include <QtTest>

class FuzzRegressionsTest : public QObject {
    Q_OBJECT

private slots:
    void replay_data() {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(DW_SOURCE_DIR "/tests/fuzz/regressions"));
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        QVERIFY2(!files.isEmpty(), "the regression corpus is missing");
        for (const QString& name : files)
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }
    void replay() {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray input = file.readAll();
        fuzzExpositionInput(reinterpret_cast<const std::uint8_t*>(input.constData()),
                            std::size_t(input.size()));
    }
};

QTEST_GUILESS_MAIN(FuzzRegressionsTest)
#include "test_fuzz_regressions.moc"
