// Every built-in scenario's output, at several points of its timeline, passes the real
// `promtool check metrics` with no findings except those that come from reproducing the real services
// faithfully, passes our strict validation, and earns exactly the expected lint findings.

#include "exporter/demo_exporter.h"
#include "lint/metrics_linter.h"
#include "parser/exposition_validator.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QtTest>

using namespace dw;

namespace {
// Compozy emits these UpDownCounters as gauges named _total; promtool rightly flags them.
const QStringList kExpectedPromtoolFindings = {
    "compozy_dispatcher_active_total non-counter metrics should not have \"_total\" suffix",
    "compozy_temporal_workers_configured_total non-counter metrics should not have \"_total\" suffix",
    "compozy_temporal_workers_running_total non-counter metrics should not have \"_total\" suffix",
};
} // namespace

class DemoPromtoolTest : public QObject {
    Q_OBJECT

private slots:
    void scenarioOutput_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<qint64>("atMs");
        for (const std::string& name : Scenario::builtinNames())
            for (const qint64 minute : {0, 5, 9, 13})
                QTest::newRow(qPrintable(QString("%1 at %2m").arg(QString::fromStdString(name)).arg(minute)))
                    << QString::fromStdString(name) << minute * 60'000;
    }
    void scenarioOutput() {
        QFETCH(QString, scenario);
        QFETCH(qint64, atMs);
        std::string error;
        const auto loaded = Scenario::load(scenario.toStdString(), error);
        QVERIFY2(loaded, error.c_str());
        auto clock = std::make_shared<ManualClock>(0);
        DemoExporter exporter(*loaded, clock, {});
        for (std::int64_t t = 0; t <= atMs; t += 15'000) {
            clock->setMs(t);
            exporter.render();
        }
        const std::string body = exporter.render();

        const auto problems = validateExposition(body, ExpositionFormat::Text004);
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().format("body").c_str());

        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(body.data(), qint64(body.size()));
        file.flush();
        const QString promtool = QStandardPaths::findExecutable("promtool");
        QVERIFY2(!promtool.isEmpty(), "promtool is not installed (Debian package prometheus)");
        QProcess process;
        process.setStandardInputFile(file.fileName());
        process.start(promtool, {"check", "metrics"});
        QVERIFY(process.waitForFinished(30000));
        QStringList findings =
            QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError())
                .split('\n', Qt::SkipEmptyParts);
        findings.sort();
        const QStringList expected =
            scenario.startsWith("compozy") ? kExpectedPromtoolFindings : QStringList();
        QCOMPARE(findings, expected);
        QCOMPARE(process.exitCode(), expected.isEmpty() ? 0 : 3); // 3: lint problems, nothing worse
    }

    // The label-policy findings the real Compozy output earns: its HTTP metrics carry http_method,
    // http_route and http_status_code where the spec says method, path and status_code, and its Temporal
    // failure and duration metrics carry result; nothing else.
    void compozyLintFindings() {
        std::string error;
        const auto loaded = Scenario::load("compozy", error);
        auto clock = std::make_shared<ManualClock>(0);
        DemoExporter exporter(*loaded, clock, {});
        clock->setMs(13 * 60'000);
        const std::string body = exporter.render();
        LintOptions options;
        options.policy = &LabelPolicy::compozyDefault();
        const LintReport report = lintExposition(body, ExpositionFormat::Text004, options);
        QStringList policy, others;
        for (const LintFinding& f : report.findings) {
            const QString text =
                QString::fromStdString(f.metric + " " + f.message.substr(0, f.message.find(" is not")));
            (f.check == "label-policy" ? policy : others) << text;
        }
        policy.sort();
        QCOMPARE(policy, QStringList({
                             "compozy_http_request_duration_seconds label \"http_method\"",
                             "compozy_http_request_duration_seconds label \"http_route\"",
                             "compozy_http_request_duration_seconds label \"http_status_code\"",
                             "compozy_http_requests_in_flight label \"http_method\"",
                             "compozy_http_requests_in_flight label \"http_route\"",
                             "compozy_http_requests_total label \"http_method\"",
                             "compozy_http_requests_total label \"http_route\"",
                             "compozy_http_requests_total label \"http_status_code\"",
                             "compozy_temporal_workflow_duration_seconds label \"result\"",
                             "compozy_temporal_workflow_failed_total label \"result\"",
                         }));
        others.sort();
        QCOMPARE(others,
                 QStringList({
                     "compozy_dispatcher_active_total non-counter metrics should not have \"_total\" suffix",
                     "compozy_temporal_workers_configured_total non-counter metrics should not have "
                     "\"_total\" suffix",
                     "compozy_temporal_workers_running_total non-counter metrics should not have \"_total\" "
                     "suffix",
                 }));
    }
};

QTEST_GUILESS_MAIN(DemoPromtoolTest)
#include "test_demo_promtool.moc"
