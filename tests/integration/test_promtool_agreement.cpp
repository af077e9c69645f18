// `dispatchwatch lint` must report exactly what the real `promtool check metrics` reports (its promlint
// checks), on the same files. Needs promtool (Debian package prometheus), which the test command installs.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

class PromtoolAgreementTest : public QObject {
    Q_OBJECT

private:
    static QStringList sorted(QStringList lines) {
        lines.removeAll(QString());
        lines.sort();
        return lines;
    }

private slots:
    void sameFindings_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("naming problems") << "naming_problems.prom";
        QTest::newRow("compozy otel output") << "compozy_otel.prom";
    }
    void sameFindings() {
        QFETCH(QString, file);
        const QString path = QStringLiteral(DW_SOURCE_DIR "/tests/data/") + file;
        const QString promtool = QStandardPaths::findExecutable("promtool");
        QVERIFY2(!promtool.isEmpty(), "promtool is not installed (Debian package prometheus)");

        QProcess reference;
        reference.setStandardInputFile(path);
        reference.start(promtool, {"check", "metrics"});
        QVERIFY(reference.waitForFinished(30000));
        // promtool prints "NAME message" lines; its exit code is 3 when it finds problems.
        const QStringList expected =
            sorted(QString::fromUtf8(reference.readAllStandardOutput() + reference.readAllStandardError())
                       .split('\n'));
        QVERIFY(!expected.isEmpty());

        QProcess ours;
        ours.start(QStringLiteral(DW_APP_PATH), {"lint", "--no-label-policy", "--json", path});
        QVERIFY(ours.waitForFinished(30000));
        const QJsonObject report = QJsonDocument::fromJson(ours.readAllStandardOutput()).object();
        QStringList actual;
        for (const QJsonValue& finding : report.value("findings").toArray()) {
            const QJsonObject f = finding.toObject();
            if (f.value("check").toString() == "promlint")
                actual << f.value("metric").toString() + " " + f.value("message").toString();
        }
        QCOMPARE(sorted(actual), expected);
    }
};

QTEST_GUILESS_MAIN(PromtoolAgreementTest)
#include "test_promtool_agreement.moc"
