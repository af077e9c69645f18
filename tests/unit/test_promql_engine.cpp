// The engine's API and the promql-test runner itself: parse once and evaluate many times, range-query
// checks, result JSON, and a runner that reports failures (so a passing script means something).
#include "promql/engine.h"
#include "promql/parser.h"
#include "promql/result_format.h"
#include "promql/test_script.h"
#include "store/timestamped_loader.h"

#include <QTest>

using namespace dw;
using namespace dw::promql;

namespace {

NodePtr parse(const std::string& text) {
    SyntaxError error;
    NodePtr node = parseQuery(text, error);
    if (!node) qWarning("%s", error.describe().c_str());
    return node;
}

const char* kData = "# TYPE up unknown\n"
                    "up{job=\"a\"} 1 100\n"
                    "up{job=\"a\"} 0 115\n"
                    "up{job=\"a\"} 1 130\n"
                    "up{job=\"b\"} 1 100\n"
                    "# EOF\n";

} // namespace

class PromqlEngineTest : public QObject {
    Q_OBJECT

private slots:
    void parsedOnceEvaluatedManyTimes_data() {
        QTest::addColumn<int>("generation");
        QTest::addColumn<double>("at400s");
        // At 400 s, job b's sample from 100 s is exactly the lookback (5 m) old: Prometheus 2's lookback
        // window [t - 5m, t] still holds it, Prometheus 3's (t - 5m, t] does not.
        QTest::newRow("prometheus 2") << 2 << 2.0;
        QTest::newRow("prometheus 3") << 3 << 1.0;
    }
    void parsedOnceEvaluatedManyTimes() {
        QFETCH(int, generation);
        QFETCH(double, at400s);
        SeriesStore store;
        QVERIFY(loadTimestampedOpenMetrics(kData, store).ok);
        EngineOptions options;
        options.generation = generation == 2 ? Generation::Prometheus2 : Generation::Prometheus3;
        const Engine engine(store, options);
        const NodePtr expr = parse("sum(up)");
        QVERIFY(expr);
        const std::pair<std::int64_t, double> expected[] = {
            {100000, 2}, {115000, 1}, {130000, 2}, {400000, at400s}, {401000, 1}};
        for (const auto& [t, v] : expected) {
            QueryResult result;
            std::string error;
            QVERIFY2(engine.instant(*expr, t, result, error), error.c_str());
            QCOMPARE(result.series.size(), std::size_t(1));
            QCOMPARE(result.series[0].points[0].v, v);
        }
        QueryResult result;
        std::string error;
        QVERIFY(engine.instant(*expr, 99999, result, error));
        QVERIFY(result.series.empty());
    }

    // Prometheus 3's API puts annotations in "warnings" and "infos", each pointing into the query; 2.42 has
    // none.
    void annotationsInApiJson() {
        SeriesStore store;
        QVERIFY(loadTimestampedOpenMetrics(kData, store).ok);
        QueryResult result;
        std::string error;
        const std::string query = "sum(\n  rate(up[5m]))";
        const NodePtr expr = parse(query);
        QVERIFY(Engine(store).instant(*expr, 130000, result, error));
        const std::string json = formatApiJson(result, query);
        QVERIFY2(
            json.ends_with(",\"infos\":[\"PromQL info: metric might not be a counter, name does not end in "
                           "_total/_sum/_count/_bucket: \\\"up\\\" (2:8)\"]}"),
            json.c_str());
        EngineOptions two;
        two.generation = Generation::Prometheus2;
        QVERIFY(Engine(store, two).instant(*expr, 130000, result, error));
        QVERIFY2(formatApiJson(result, query).find("infos") == std::string::npos, json.c_str());
    }

    // The deepest expressions the parser accepts evaluate without exhausting the stack (the sanitizer
    // build, with its larger frames, runs this too).
    void deepestExpressionsEvaluate() {
        SeriesStore store;
        QVERIFY(loadTimestampedOpenMetrics(kData, store).ok);
        const Engine engine(store);
        for (const QString& query :
             {"sum(up)" + QString(" + sum(up)").repeated(1024),
              QString(250, '(') + "sum(up)" + QString(250, ')'), QString("-").repeated(200) + "sum(up)"}) {
            const NodePtr expr = parse(query.toStdString());
            QVERIFY(expr);
            QueryResult result;
            std::string error;
            QVERIFY2(engine.instant(*expr, 100000, result, error), error.c_str());
            QCOMPARE(result.series.size(), std::size_t(1));
        }
    }

    void rangeQueryChecks_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("end");
        QTest::addColumn<qint64>("step");
        QTest::addColumn<QString>("error");
        QTest::newRow("zero step") << "up" << qint64(0) << qint64(1000) << qint64(0)
                                   << "zero or negative query resolution step widths are not accepted. Try a "
                                      "positive integer";
        QTest::newRow("end before start") << "up" << qint64(1000) << qint64(0) << qint64(1)
                                          << "end timestamp must not be before start time";
        QTest::newRow("too many points")
            << "up" << qint64(0) << qint64(11001000) << qint64(1000)
            << "exceeded maximum resolution of 11,000 points per timeseries. Try "
               "decreasing the query resolution (?step=XX)";
        QTest::newRow("range vector") << "up[5m]" << qint64(0) << qint64(1000) << qint64(1000)
                                      << "invalid expression type \"range vector\" for range query, must be "
                                         "Scalar or instant Vector";
        QTest::newRow("string") << "\"x\"" << qint64(0) << qint64(1000) << qint64(1000)
                                << "invalid expression type \"string\" for range query, must be Scalar or "
                                   "instant Vector";
    }
    void rangeQueryChecks() {
        QFETCH(QString, query);
        QFETCH(qint64, start);
        QFETCH(qint64, end);
        QFETCH(qint64, step);
        QFETCH(QString, error);
        SeriesStore store;
        const Engine engine(store);
        const NodePtr expr = parse(query.toStdString());
        QVERIFY(expr);
        QueryResult result;
        std::string message;
        QVERIFY(!engine.range(*expr, start, end, step, result, message));
        QCOMPARE(QString::fromStdString(message), error);
    }

    void rangeResultIsSortedAndHasGaps() {
        SeriesStore store;
        QVERIFY(loadTimestampedOpenMetrics(kData, store).ok);
        const Engine engine(store);
        const NodePtr expr = parse("up == 1");
        QueryResult result;
        std::string error;
        QVERIFY(engine.range(*expr, 100000, 130000, 15000, result, error));
        QVERIFY(result.isRange);
        QCOMPARE(result.series.size(), std::size_t(2));
        QCOMPARE(labelValue(result.series[0].labels, "job"), std::string_view("a"));
        // job="a" is 0 at 115 s, so the comparison leaves a gap there.
        QCOMPARE(result.series[0].points.size(), std::size_t(2));
        QCOMPARE(result.series[0].points[1].t, std::int64_t(130000));
        QCOMPARE(result.series[1].points.size(), std::size_t(3));
    }

    void apiValues_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("integer") << 1.0 << "1";
        QTest::newRow("fraction") << 0.25 << "0.25";
        QTest::newRow("small") << 1e-7 << "1e-07";
        QTest::newRow("large") << 1.5e21 << "1.5e+21";
        QTest::newRow("below large") << 1e20 << "100000000000000000000";
        QTest::newRow("negative zero") << -0.0 << "-0";
        QTest::newRow("inf") << double(INFINITY) << "+Inf";
        QTest::newRow("-inf") << double(-INFINITY) << "-Inf";
        QTest::newRow("nan") << double(NAN) << "NaN";
    }
    void apiValues() {
        QFETCH(double, value);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(formatApiValue(value)), text);
    }

    void apiTimestamps() {
        QCOMPARE(formatApiTimestamp(1700000000000), std::string("1700000000"));
        QCOMPARE(formatApiTimestamp(1700000000500), std::string("1700000000.500"));
        QCOMPARE(formatApiTimestamp(1700000000005), std::string("1700000000.005"));
        QCOMPARE(formatApiTimestamp(-1500), std::string("-1.500"));
    }

    void apiErrorJson() {
        QCOMPARE(formatApiError("bad_data", "1:5: parse error: unexpected \"<\""),
                 std::string("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":"
                             "\"1:5: parse error: unexpected \\\"\\u003c\\\"\"}"));
    }

    void runnerReportsFailures_data() {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("passed");
        QTest::addColumn<int>("failed");
        QTest::addColumn<int>("skipped");
        QTest::addColumn<QString>("message");
        const QString load = "load 1m\n  m{a=\"1\"} 1 2 3\n\n";
        QTest::newRow("right") << load + "eval instant at 2m m\n  m{a=\"1\"} 3\n" << 1 << 0 << 0 << "";
        QTest::newRow("wrong value") << load + "eval instant at 2m m\n  m{a=\"1\"} 4\n"
                                     << 0 << 1 << 0 << "expected 4 for {__name__=\"m\", a=\"1\"} but got 3";
        QTest::newRow("missing series")
            << load + "eval instant at 2m m\n  m{a=\"1\"} 3\n  m{a=\"2\"} 3\n"
            << 0 << 1 << 0 << "expected metric {__name__=\"m\", a=\"2\"} with 3 not found";
        QTest::newRow("extra series")
            << load + "eval instant at 2m m\n"
            << 0 << 1 << 0 << "unexpected metric {__name__=\"m\", a=\"1\"} in result";
        QTest::newRow("range") << load + "eval range from 0 to 3m step 1m m * 2\n  {a=\"1\"} 2 4 _ 6\n"
                               << 0 << 1 << 0 << "expected 2 4 _ 6 for {a=\"1\"} but got 2 4 6 6";
        QTest::newRow("fail that succeeds") << load + "eval_fail instant at 2m m\n"
                                            << 0 << 1 << 0 << "expected an error, got a result";
        QTest::newRow("ordered")
            << "load 1m\n  m{a=\"1\"} 1\n  m{a=\"2\"} 2\n\neval_ordered instant at 0m sort(m)\n"
               "  m{a=\"2\"} 2\n  m{a=\"1\"} 1\n"
            << 0 << 1 << 0 << "expected metric {__name__=\"m\", a=\"1\"} at position 2 but was at 1";
        QTest::newRow("native histogram")
            << "load 1m\n  h {{schema:0 sum:1 count:1}}\n\neval instant at 0m h\n"
            << 0 << 0 << 1 << "";
        QTest::newRow("stale")
            << "load 1m\n  m 1 stale 3\n\neval instant at 1m m\n\neval instant at 2m m\n  m 3\n"
            << 2 << 0 << 0 << "";
    }
    void runnerReportsFailures() {
        QFETCH(QString, script);
        QFETCH(int, passed);
        QFETCH(int, failed);
        QFETCH(int, skipped);
        QFETCH(QString, message);
        const std::string text = script.toStdString();
        const TestScript::Summary summary = TestScript::run(text);
        QVERIFY2(summary.error.empty(), summary.error.c_str());
        QCOMPARE(summary.passed, passed);
        QCOMPARE(summary.failed, failed);
        QCOMPARE(summary.skipped, skipped);
        if (failed > 0) QCOMPARE(QString::fromStdString(summary.failures.at(0).message), message);
    }

    void badScriptIsAnError() {
        const TestScript::Summary summary = TestScript::run("load 1m\n  m 1\n\nverify m\n");
        QCOMPARE(summary.error, std::string("line 4: invalid command \"verify m\""));
    }
};

QTEST_GUILESS_MAIN(PromqlEngineTest)
#include "test_promql_engine.moc"
