// Every input the fuzzers ever crashed on is kept in tests/fuzz/regressions/ (exposition text) and
// tests/fuzz/promql_regressions/ (queries) and replayed here.

#include "fuzz_target.h"

#include <QDir>
#include <QtTest>

class FuzzRegressionsTest : public QObject {
    Q_OBJECT

private slots:
    void replay_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("promql");
        for (const bool promql : {false, true}) {
            const QDir dir(QStringLiteral(DW_SOURCE_DIR "/tests/fuzz/") +
                           (promql ? "promql_regressions" : "regressions"));
            const QStringList files = dir.entryList(QDir::Files, QDir::Name);
            QVERIFY2(!files.isEmpty(), "a regression corpus is missing");
            for (const QString& name : files)
                QTest::newRow(qPrintable(dir.dirName() + "/" + name)) << dir.filePath(name) << promql;
        }
    }
    void replay() {
        QFETCH(QString, path);
        QFETCH(bool, promql);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray input = file.readAll();
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(input.constData());
        if (promql)
            fuzzPromqlInput(bytes, std::size_t(input.size()));
        else
            fuzzExpositionInput(bytes, std::size_t(input.size()));
    }
};

QTEST_GUILESS_MAIN(FuzzRegressionsTest)
#include "test_fuzz_regressions.moc"
