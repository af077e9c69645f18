// Every input the fuzzers ever crashed on is kept in tests/fuzz/regressions/ (exposition text),
// tests/fuzz/promql_regressions/ (queries) and tests/fuzz/file_regressions/ (configuration, rules,
// profiles, scenarios, recordings, dashboards; the first byte picks the format) and replayed here.

#include "fuzz_target.h"

#include <QDir>
#include <QtTest>

class FuzzRegressionsTest : public QObject {
    Q_OBJECT

private slots:
    void replay_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("corpus");
        for (const QString corpus : {"regressions", "promql_regressions", "file_regressions"}) {
            const QDir dir(QStringLiteral(DW_SOURCE_DIR "/tests/fuzz/") + corpus);
            const QStringList files = dir.entryList(QDir::Files, QDir::Name);
            QVERIFY2(!files.isEmpty(), "a regression corpus is missing");
            for (const QString& name : files)
                QTest::newRow(qPrintable(corpus + "/" + name)) << dir.filePath(name) << corpus;
        }
    }
    void replay() {
        QFETCH(QString, path);
        QFETCH(QString, corpus);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray input = file.readAll();
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(input.constData());
        if (corpus == "promql_regressions")
            fuzzPromqlInput(bytes, std::size_t(input.size()));
        else if (corpus == "file_regressions")
            fuzzFileInput(bytes, std::size_t(input.size()));
        else
            fuzzExpositionInput(bytes, std::size_t(input.size()));
    }
};

QTEST_GUILESS_MAIN(FuzzRegressionsTest)
#include "test_fuzz_regressions.moc"
