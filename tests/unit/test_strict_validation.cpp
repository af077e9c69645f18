#include "../bench/node_exporter_text.h"
#include "parser/exposition_validator.h"

#include <QtTest>

using namespace dw;

class StrictValidationTest : public QObject {
    Q_OBJECT

private slots:
    void rules_data() {
        QTest::addColumn<bool>("openMetrics");
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("line"); // 0: valid
        QTest::addColumn<QString>("message");
        QTest::newRow("text valid")
            << false
            << "# HELP a_total Requests.\n# TYPE a_total counter\na_total{x=\"1\"} 1\na_total{x=\"2\"} 2\n"
            << 0 << "";
        QTest::newRow("text help after samples") << false << "a 1\n# HELP a late but allowed\n" << 0 << "";
        QTest::newRow("text second type") << false << "# TYPE a gauge\n# TYPE a gauge\na 1\n"
                                          << 2 << "second TYPE";
        QTest::newRow("text type after samples") << false << "a 1\n# TYPE a gauge\n"
                                                 << 2 << "after its samples";
        QTest::newRow("text interleaved") << false << "a 1\nb 1\na{x=\"1\"} 2\n" << 3 << "appears again";
        // An untyped summary's families may interleave in text 0.0.4, as in Prometheus's own test data.
        QTest::newRow("text untyped summary interleaved")
            << false
            << "s{x=\"1\",quantile=\"0.5\"} 1\ns_sum{x=\"1\"} 1\ns_count{x=\"1\"} 1\n"
               "s{x=\"2\",quantile=\"0.5\"} 1\ns_sum{x=\"2\"} 1\ns_count{x=\"2\"} 1\n"
            << 0 << "";
        QTest::newRow("om untyped interleaved") << true << "s_sum 1\ns_count 1\ns_sum{x=\"2\"} 1\n# EOF\n"
                                                << 3 << "appears again";
        QTest::newRow("text duplicate series") << false << "a{x=\"1\"} 1\na{x=\"1\"} 2\n"
                                               << 2 << "duplicate series";
        QTest::newRow("text duplicate reordered") << false << "a{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 2\n"
                                                  << 2 << "duplicate series";
        // The seen series are kept per family; the pieces of an untyped summary share one set.
        QTest::newRow("text duplicate across summary pieces")
            << false << "s_sum{x=\"1\"} 1\ns_count{x=\"1\"} 1\ns_sum{x=\"1\"} 2\n"
            << 3 << "duplicate series";
        QTest::newRow("text same labels in another family") << false << "a{x=\"1\"} 1\nb{x=\"1\"} 1\n"
                                                            << 0 << "";
        QTest::newRow("text timestamps increase") << false << "a 1 1000\na 2 2000\n" << 0 << "";
        QTest::newRow("text timestamps backwards") << false << "a 1 2000\na 2 1000\n"
                                                   << 2 << "goes back in time";
        QTest::newRow("text no +Inf")
            << false << "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n"
            << 2 << "no le=\"+Inf\"";
        QTest::newRow("text count mismatch")
            << false << "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 3\nh_sum 1\nh_count 2\n"
            << 2 << "_count is 2";
        QTest::newRow("text bucket order")
            << false
            << "# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\n"
            << 3 << "increasing order";
        QTest::newRow("text bucket decreasing")
            << false << "# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"+Inf\"} 4\n"
            << 3 << "cumulative";
        QTest::newRow("text bucket without le") << false << "# TYPE h histogram\nh_bucket 1\n"
                                                << 2 << "\"le\"";
        QTest::newRow("text summary without quantile") << false << "# TYPE s summary\ns 1\n"
                                                       << 2 << "quantile";
        QTest::newRow("text quantile range") << false << "# TYPE s summary\ns{quantile=\"1.5\"} 1\n"
                                             << 2 << "from 0 to 1";
        QTest::newRow("text summary NaN quantile ok")
            << false << "# TYPE s summary\ns{quantile=\"0.5\"} NaN\ns_sum 0\ns_count 0\n"
            << 0 << "";
        QTest::newRow("text histogram groups split")
            << false
            << "# TYPE h histogram\nh_bucket{a=\"1\",le=\"+Inf\"} 1\nh_bucket{a=\"2\",le=\"+Inf\"} 1\n"
               "h_count{a=\"1\"} 1\n"
            << 4 << "not together";
        QTest::newRow("text duplicate label") << false << "a{x=\"1\",x=\"2\"} 1\n" << 1 << "appears twice";
        QTest::newRow("om counter line")
            << true << "# TYPE a counter\na_total 1\na_total{x=\"1\"} NaN\n# EOF\n"
            << 3 << "non-negative";
        QTest::newRow("om counter name") << true << "# TYPE a counter\na 1\n# EOF\n"
                                         << 2 << "expected a_total";
        QTest::newRow("om info value") << true << "# TYPE a info\na_info 2\n# EOF\n" << 2 << "must be 1";
        QTest::newRow("om stateset") << true << "# TYPE a stateset\na{a=\"x\"} 1\na{a=\"y\"} 0\n# EOF\n"
                                     << 0 << "";
        QTest::newRow("om unit suffix") << true << "# UNIT a seconds\n# EOF\n"
                                        << 1 << "must end with its unit";
        QTest::newRow("om exemplar on gauge") << true << "# TYPE a gauge\na 1 # {x=\"y\"} 1\n# EOF\n"
                                              << 2 << "exemplars are only allowed";
    }
    void rules() {
        QFETCH(bool, openMetrics);
        QFETCH(QString, body);
        QFETCH(int, line);
        QFETCH(QString, message);
        const std::string text = body.toStdString();
        const auto errors = validateExposition(text, openMetrics ? ExpositionFormat::OpenMetrics1
                                                                 : ExpositionFormat::Text004);
        if (line == 0) {
            QVERIFY2(errors.empty(), errors.empty() ? "" : errors.front().format("input").c_str());
            return;
        }
        QVERIFY2(!errors.empty(), "invalid input accepted");
        QCOMPARE(errors.front().line, line);
        QVERIFY2(QString::fromStdString(errors.front().message).contains(message),
                 errors.front().message.c_str());
    }

    void diagnosticFormat() {
        const auto errors = validateExposition("ok 1\nbad{x=\"1\" 2\n", ExpositionFormat::Text004);
        QCOMPARE(errors.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(errors.front().format("snap.prom")),
                 QString("snap.prom:2:11: expected ',' or '}' after the label value: \"2\""));
    }

    void collectsSeveralSemanticProblems() {
        const auto errors = validateExposition("a 1\na 2\nb 1\na 3\n", ExpositionFormat::Text004);
        QVERIFY(errors.size() >= 2);
        QCOMPARE(errors[0].line, 2);
    }

    // What real exporters write must validate: the benchmark generator imitates node-exporter.
    void nodeExporterLikeBodyIsValid() {
        const std::string body = bench::nodeExporterText(2000, 3);
        const auto errors = validateExposition(body, ExpositionFormat::Text004);
        QVERIFY2(errors.empty(), errors.empty() ? "" : errors.front().format("generated").c_str());
    }
};

QTEST_GUILESS_MAIN(StrictValidationTest)
#include "test_strict_validation.moc"
