#include "lint/cardinality_hints.h"
#include "lint/label_policy.h"
#include "lint/metrics_linter.h"
#include "lint/naming_rules.h"

#include <QFile>
#include <QtTest>

using namespace dw;

namespace {
QByteArray readData(const char* name) {
    QFile file(QStringLiteral(DW_SOURCE_DIR "/tests/data/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList findingsOf(const LintReport& report, const std::string& check) {
    QStringList out;
    for (const auto& finding : report.findings)
        if (finding.check == check) out << QString::fromStdString(finding.metric + ": " + finding.message);
    return out;
}
} // namespace

class LintTest : public QObject {
    Q_OBJECT

private slots:
    void namingRules_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("type");
        QTest::addColumn<bool>("openMetrics");
        QTest::addColumn<QString>("expected"); // joined with "|"; empty: no problems
        QTest::newRow("good counter") << "jobs_total" << int(MetricType::Counter) << false << "";
        QTest::newRow("om counter family") << "jobs" << int(MetricType::Counter) << true << "";
        QTest::newRow("counter suffix")
            << "jobs" << int(MetricType::Counter) << false << "counter metrics should have \"_total\" suffix";
        QTest::newRow("gauge total") << "compozy_dispatcher_active_total" << int(MetricType::Gauge) << false
                                     << "non-counter metrics should not have \"_total\" suffix";
        QTest::newRow("bucket suffix")
            << "x_bucket" << int(MetricType::Unknown) << false
            << "non-histogram and non-summary metrics should not have \"_bucket\" suffix";
        QTest::newRow("microseconds") << "op_microseconds" << int(MetricType::Gauge) << false
                                      << "use base unit \"seconds\" instead of \"microseconds\"";
        QTest::newRow("abbreviation") << "op_sec" << int(MetricType::Gauge) << false
                                      << "metric names should not contain abbreviated units";
        QTest::newRow("histogram fine")
            << "rpc_duration_seconds" << int(MetricType::Histogram) << false << "";
    }
    void namingRules() {
        QFETCH(QString, name);
        QFETCH(int, type);
        QFETCH(bool, openMetrics);
        QFETCH(QString, expected);
        FamilyFacts facts{name.toStdString(), MetricType(type), openMetrics, true, {}};
        QStringList problems;
        for (const auto& problem : namingProblems(facts))
            problems << QString::fromStdString(problem);
        QCOMPARE(problems.join("|"), expected);
    }

    void cardinality_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("reason"); // a word of the reason, or empty when fine
        QTest::newRow("uuid") << "3fa85f64-5717-4562-b3fc-2c963f66afa6"
                              << "UUID";
        QTest::newRow("numeric id") << "1234567890"
                                    << "numeric ID";
        QTest::newRow("hex id") << "507f1f77bcf86cd799439011"
                                << "hexadecimal";
        QTest::newRow("path with id") << "/api/v1/users/42/orders"
                                      << "URL path";
        QTest::newRow("path with uuid") << "/workflows/3fa85f64-5717-4562-b3fc-2c963f66afa6"
                                        << "URL path";
        QTest::newRow("query string") << "/search?q=x"
                                      << "query string";
        QTest::newRow("route template") << "/api/v1/users/{id}"
                                        << "";
        QTest::newRow("plain route") << "/api/v0/workflows"
                                     << "";
        QTest::newRow("dispatcher id") << "dispatcher-acme-orders"
                                       << "";
        QTest::newRow("status code") << "200"
                                     << "";
        QTest::newRow("port") << "6380"
                              << "";
        QTest::newRow("word") << "deadbeef"
                              << "";
    }
    void cardinality() {
        QFETCH(QString, value);
        QFETCH(QString, reason);
        const QString actual = QString::fromStdString(highCardinalityReason(value.toStdString()));
        if (reason.isEmpty())
            QVERIFY2(actual.isEmpty(), qPrintable(actual));
        else
            QVERIFY2(actual.contains(reason), qPrintable(actual));
    }

    void glob_data() {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("matches");
        QTest::newRow("prefix") << "compozy_http_*"
                                << "compozy_http_requests_total" << true;
        QTest::newRow("other prefix") << "compozy_http_*"
                                      << "compozy_temporal_x" << false;
        QTest::newRow("exact") << "compozy_build_info"
                               << "compozy_build_info" << true;
        QTest::newRow("exact longer") << "compozy_build_info"
                                      << "compozy_build_info2" << false;
        QTest::newRow("question") << "a?c"
                                  << "abc" << true;
        QTest::newRow("middle star") << "a*c*e"
                                     << "abxcdde" << true;
        QTest::newRow("star backtrack") << "*_total"
                                        << "x_total_total" << true;
    }
    void glob() {
        QFETCH(QString, pattern);
        QFETCH(QString, text);
        QFETCH(bool, matches);
        QCOMPARE(globMatch(pattern.toStdString(), text.toStdString()), matches);
    }

    void defaultPolicyIsCompozysSpec() {
        const LabelPolicy& policy = LabelPolicy::compozyDefault();
        QCOMPARE(policy.rules().size(), std::size_t(3));
        QVERIFY(policy.allows("compozy_http_requests_total", "method"));
        QVERIFY(!policy.allows("compozy_http_requests_total", "http_method"));
        QVERIFY(policy.allows("compozy_http_requests_total", "otel_scope_name"));
        QVERIFY(policy.allows("compozy_temporal_workflow_started_total", "workflow_type"));
        QVERIFY(!policy.allows("compozy_temporal_workflow_failed_total", "result"));
        QVERIFY(policy.allows("compozy_build_info", "go_version"));
        QVERIFY(!policy.allows("compozy_system_uptime_seconds", "dispatcher_id"));
        QVERIFY(policy.allows("compozy_dispatcher_health_status", "dispatcher_id")); // no rule restricts it
        QVERIFY(policy.allows("node_cpu_seconds_total", "anything"));
    }

    void policyErrors_data() {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("error");
        QTest::newRow("not a map") << "- a\n- b\n"
                                   << "1:1: a label policy is a mapping";
        QTest::newRow("unknown key") << "rulez: []\n"
                                     << "1:1: unknown key \"rulez\"";
        QTest::newRow("rule without allowed") << "rules:\n  - metrics: [a_*]\n"
                                              << "2:5: each rule needs";
        QTest::newRow("typo in rule") << "rules:\n  - metrics: a\n    allow: [b]\n    allowed: [c]\n"
                                      << "3:5: unknown key \"allow\"";
        QTest::newRow("bad yaml") << "rules: [\n"
                                  << "2:1:";
        QTest::newRow("nested list") << "always_allowed: [[a]]\n"
                                     << "1:18: \"always_allowed\" must list plain names";
    }
    void policyErrors() {
        QFETCH(QString, yaml);
        QFETCH(QString, error);
        std::string message;
        QVERIFY(!LabelPolicy::fromYaml(yaml.toStdString(), message).has_value());
        QVERIFY2(QString::fromStdString(message).startsWith(error), message.c_str());
    }

    // What the real Compozy (OpenTelemetry exporter) output earns: exactly the HTTP label findings.
    void compozyOutputFindings() {
        const QByteArray body = readData("compozy_otel.prom");
        QVERIFY(!body.isEmpty());
        LintOptions options;
        options.policy = &LabelPolicy::compozyDefault();
        const LintReport report =
            lintExposition({body.constData(), std::size_t(body.size())}, ExpositionFormat::Text004, options);
        QCOMPARE(
            findingsOf(report, "label-policy"),
            QStringList(
                {"compozy_http_requests_total: label \"http_method\" is not allowed by the label policy "
                 "(allowed: method, path, status_code)",
                 "compozy_http_requests_total: label \"http_route\" is not allowed by the label policy "
                 "(allowed: method, path, status_code)",
                 "compozy_http_requests_total: label \"http_status_code\" is not allowed by the label "
                 "policy (allowed: method, path, status_code)",
                 "compozy_http_request_duration_seconds: label \"http_method\" is not allowed by the label "
                 "policy (allowed: method, path, status_code)",
                 "compozy_http_request_duration_seconds: label \"http_route\" is not allowed by the label "
                 "policy (allowed: method, path, status_code)",
                 "compozy_http_request_duration_seconds: label \"http_status_code\" is not allowed by the "
                 "label policy (allowed: method, path, status_code)"}));
        QCOMPARE(
            findingsOf(report, "promlint"),
            QStringList{
                "compozy_dispatcher_active_total: non-counter metrics should not have \"_total\" suffix"});
        QCOMPARE(report.errors(), std::size_t(6));
        QCOMPARE(report.warnings(), std::size_t(1));
        QCOMPARE(report.families, std::size_t(9));
        QCOMPARE(report.samples, std::size_t(17));
    }

    void consistencyAndCardinalityFindings() {
        std::string body = "# HELP h Latency.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n"
                           "# HELP req_total Requests.\n# TYPE req_total counter\n"
                           "req_total{path=\"/users/1234\"} 1\nreq_total{path=\"/users/1234\"} 2\n";
        for (int i = 0; i < 5; ++i)
            body += "req_total{user=\"u" + std::to_string(i) + "\"} 1\n";
        LintOptions options;
        options.distinctValuesWarning = 3;
        const LintReport report = lintExposition(body, ExpositionFormat::Text004, options);
        const QStringList consistency = findingsOf(report, "consistency");
        QCOMPARE(consistency.size(), 2);
        QVERIFY(consistency[0].contains("no le=\"+Inf\" bucket"));
        QVERIFY(consistency[1].contains("duplicate series"));
        const QStringList cardinality = findingsOf(report, "cardinality");
        QCOMPARE(cardinality.size(), 2);
        QVERIFY(cardinality[0].contains("URL path"));
        QVERIFY(cardinality[1].contains("more than 3 distinct values"));
        QCOMPARE(report.errors(), std::size_t(0));
    }

    void parseErrorIsAnError() {
        const LintReport report = lintExposition("ok 1\nbroken{ 1\n", ExpositionFormat::Text004, {});
        QCOMPARE(report.errors(), std::size_t(1));
        QCOMPARE(report.findings.back().check, std::string("parse"));
        QCOMPARE(report.findings.back().line, 2);
    }
};

QTEST_GUILESS_MAIN(LintTest)
#include "test_lint.moc"
