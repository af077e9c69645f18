// Runs every case of the upstream OpenMetrics parser test suite (../shared/conformance/openmetrics) through
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
    static QString casesDir() { return QStringLiteral(DW_SHARED_DIR "/conformance/openmetrics"); }

    static void addCases() {
        QTest::addColumn<QString>("metricsPath");
        QTest::addColumn<bool>("shouldParse");
        const QDir dir(casesDir());
        const QStringList names = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY2(names.size() >= 100, qPrintable("conformance cases missing in " + casesDir()));
        for (const QString& name : names) {
            QFile spec(dir.filePath(name + "/test.json"));
            QVERIFY(spec.open(QIODevice::ReadOnly));
            const QJsonObject json = QJsonDocument::fromJson(spec.readAll()).object();
            if (json.value("type").toString() != "text") continue;
            const QString file = dir.filePath(name + "/" + json.value("file").toString());
            QTest::newRow(qPrintable(name)) << file << json.value("shouldParse").toBool();
        }
    }

private slots:
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
