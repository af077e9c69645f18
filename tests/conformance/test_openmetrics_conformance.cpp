// Runs every case of the upstream OpenMetrics parser test suite (../shared/conformance/openmetrics and the
// rest in tests/conformance/openmetrics, 211 in all) through
// the strict validator and, for the harness contract, through `dispatchwatch validate --format openmetrics
// -`.

#include "parser/exposition_validator.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

using namespace dw;

class OpenMetricsConformanceTest : public QObject {
    Q_OBJECT

private:
    // The shared subset of the suite, and the rest of its 211 cases copied into tests/.
    static QStringList casesDirs() {
        return {QStringLiteral(DW_SHARED_DIR "/conformance/openmetrics"),
                QStringLiteral(DW_SOURCE_DIR "/tests/conformance/openmetrics")};
    }

    static void addCases() {
        QTest::addColumn<QString>("metricsPath");
        QTest::addColumn<bool>("shouldParse");
        int cases = 0;
        for (const QString& folder : casesDirs()) {
            const QDir dir(folder);
            for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
                QFile spec(dir.filePath(name + "/test.json"));
                QVERIFY(spec.open(QIODevice::ReadOnly));
                const QJsonObject json = QJsonDocument::fromJson(spec.readAll()).object();
                if (json.value("type").toString() != "text") continue;
                const QString file = dir.filePath(name + "/" + json.value("file").toString());
                QTest::newRow(qPrintable(name)) << file << json.value("shouldParse").toBool();
                ++cases;
            }
        }
        QCOMPARE(cases, 211); // the whole suite at commit 296468bc
    }

private slots:
    // Prometheus's own parser test data: what its parsers accept, validate must not reject, except where
    // the OpenMetrics suite is stricter than Prometheus (negative sums and quantile values).
    void prometheusTestdata_data() {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(DW_SOURCE_DIR "/tests/conformance/textparse"));
        const QStringList files = dir.entryList({"*.txt"}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 4);
        for (const QString& name : files)
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }
    void prometheusTestdata() {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray body = file.readAll();
        const bool openMetrics = path.endsWith(".om.txt");
        const auto errors =
            validateExposition({body.constData(), std::size_t(body.size())},
                               openMetrics ? ExpositionFormat::OpenMetrics1 : ExpositionFormat::Text004);
        QString detail;
        for (const auto& error : errors) {
            const QString message = QString::fromStdString(error.message);
            const bool suiteRule = message.contains("must be a non-negative number") ||
                                   message.contains("must not be negative") ||
                                   message.contains("has negative buckets, so it must not have _sum");
            if (!openMetrics || !suiteRule) detail += QString::fromStdString(error.format("testdata")) + "\n";
        }
        QVERIFY2(detail.isEmpty(), qPrintable("rejected:\n" + detail));
    }

    void strictValidator_data() { addCases(); }
    void strictValidator() {
        QFETCH(QString, metricsPath);
        QFETCH(bool, shouldParse);
        QFile file(metricsPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray body = file.readAll();
        const auto errors =
            validateExposition({body.constData(), std::size_t(body.size())}, ExpositionFormat::OpenMetrics1);
        QString detail;
        for (const auto& error : errors)
            detail += QString::fromStdString(error.format("metrics")) + "\n";
        if (shouldParse)
            QVERIFY2(errors.empty(), qPrintable("valid input rejected:\n" + detail));
        else
            QVERIFY2(!errors.empty(), "invalid input accepted");
        for (const auto& error : errors) {
            QVERIFY(error.line >= 1);
            QVERIFY(error.column >= 1);
            QVERIFY(!error.message.empty());
        }
    }

    // The upstream harness contract: input on stdin, exit 0 iff it parses.
    void harnessContract_data() { addCases(); }
    void harnessContract() {
        QFETCH(QString, metricsPath);
        QFETCH(bool, shouldParse);
        QProcess process;
        process.setStandardInputFile(metricsPath);
        process.start(QStringLiteral(DW_APP_PATH), {"validate", "--format", "openmetrics", "-"});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), shouldParse ? 0 : 1);
        QCOMPARE(process.readAllStandardError().isEmpty(), shouldParse);
    }
};

QTEST_GUILESS_MAIN(OpenMetricsConformanceTest)
#include "test_openmetrics_conformance.moc"
