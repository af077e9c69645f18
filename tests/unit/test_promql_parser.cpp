#include "promql/parser.h"

#include <QtTest>

using namespace dw::promql;

class PromqlParserTest : public QObject {
    Q_OBJECT

private slots:
    // Precedence and associativity, shown by putting every binary expression in parentheses.
    void grouping_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("grouped");
        QTest::newRow("mul before add") << "a + b * c"
                                        << "(a + (b * c))";
        QTest::newRow("left associative") << "a - b - c"
                                          << "((a - b) - c)";
        QTest::newRow("pow right associative") << "2 ^ 3 ^ 2"
                                               << "(2 ^ (3 ^ 2))";
        QTest::newRow("unary below pow") << "-2 ^ 2"
                                         << "-(2 ^ 2)";
        QTest::newRow("unary above mul") << "-a * b"
                                         << "(-a * b)";
        QTest::newRow("and before or") << "a or b and c"
                                       << "(a or (b and c))";
        QTest::newRow("unless like and") << "a and b unless c"
                                         << "((a and b) unless c)";
        QTest::newRow("comparison below add") << "a == b + c"
                                              << "(a == (b + c))";
        QTest::newRow("atan2 like mul") << "a + b atan2 c"
                                        << "(a + (b atan2 c))";
        QTest::newRow("parentheses") << "(a + b) * c"
                                     << "((a + b) * c)";
        QTest::newRow("bool comparison") << "a > bool 1 + 2"
                                         << "(a > bool (1 + 2))";
    }
    void grouping() {
        QFETCH(QString, query);
        QFETCH(QString, grouped);
        SyntaxError error;
        const std::string text = query.toStdString();
        const NodePtr node = parseQuery(text, error);
        QVERIFY2(node, error.describe().c_str());
        QCOMPARE(QString::fromStdString(formatGrouped(*node)), grouped);
    }

    // A binary expression starts where its left-hand side does (errors and annotations point there). It
    // was once read after the node was moved, which gave the operator's position under clang.
    void binaryPositions_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("position");
        QTest::newRow("plain") << "foo + bar" << 0;
        QTest::newRow("leading spaces") << "   foo + bar" << 3;
        QTest::newRow("chained") << "  a - b - c" << 2;
        QTest::newRow("matching") << " up * on(job) group_left rate(x[5m])" << 1;
    }
    void binaryPositions() {
        QFETCH(QString, query);
        QFETCH(int, position);
        SyntaxError error;
        const NodePtr node = parseQuery(query.toStdString(), error);
        QVERIFY2(node, error.describe().c_str());
        QCOMPARE(int(node->position), position);
    }

    // Prometheus's canonical text, and that it parses back to itself.
    void canonical_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("aggregation with clause after") << "sum(rate(x[5m])) by (job)"
                                                       << "sum by (job) (rate(x[5m]))";
        QTest::newRow("without") << "SUM WITHOUT(instance)(x)"
                                 << "sum without (instance) (x)";
        QTest::newRow("topk") << "topk(5, x)"
                              << "topk(5, x)";
        QTest::newRow("count_values") << "count_values(\"v\", x)"
                                      << "count_values(\"v\", x)";
        QTest::newRow("matchers") << "x{a=\"b\",c!~'d.*',}"
                                  << "x{a=\"b\", c!~\"d.*\"}";
        QTest::newRow("name matcher only") << "{__name__=~\"job:.*\"}"
                                           << "{__name__=~\"job:.*\"}";
        QTest::newRow("offset") << "x offset 5m"
                                << "x offset 5m";
        QTest::newRow("negative offset") << "x offset -1h30m"
                                         << "x offset -1h30m";
        QTest::newRow("range offset") << "rate(x[5m] offset 1h)"
                                      << "rate(x[5m] offset 1h)";
        QTest::newRow("at") << "x @ 100"
                            << "x @ 100.000";
        QTest::newRow("at end") << "x[1m] @ end()"
                                << "x[1m] @ end()";
        QTest::newRow("subquery") << "max_over_time(rate(x[1m])[10m:30s])"
                                  << "max_over_time(rate(x[1m])[10m:30s])";
        QTest::newRow("subquery default step") << "max_over_time(x[1h:])"
                                               << "max_over_time(x[1h:])";
        // Found by the fuzzer: a metric name may begin with a colon, outside brackets a colon starts a name.
        QTest::newRow("leading colon name") << "{\":z\"}"
                                            << ":z";
        QTest::newRow("leading colon in sum") << "sum(:job:rate5m) / :x"
                                              << "sum(:job:rate5m) / :x";
        QTest::newRow("colon name subquery") << ":a[5m:1m]"
                                             << ":a[5m:1m]";
        QTest::newRow("matching") << "a + on(x) group_left(y) b"
                                  << "a + on (x) group_left (y) b";
        QTest::newRow("ignoring") << "a / ignoring(code) b"
                                  << "a / ignoring (code) b";
        QTest::newRow("numbers") << "1e6 + 0x1F + 017 + Inf - NaN"
                                 << "1e+06 + 31 + 15 + +Inf - NaN";
        QTest::newRow("negative literal") << "-1"
                                          << "-1";
        QTest::newRow("small number") << "0.00001"
                                      << "1e-05";
        QTest::newRow("label_replace")
            << "label_replace(up, \"host\", \"$1\", \"instance\", `(.*):\\d+`)"
            << "label_replace(up, \"host\", \"$1\", \"instance\", \"(.*):\\\\d+\")";
        QTest::newRow("date function without argument") << "hour()"
                                                        << "hour()";
        QTest::newRow("recording rule") << "job:http:rate5m > 0.5"
                                        << "job:http:rate5m > 0.5";
        QTest::newRow("escapes") << "x{a=\"\\x41\\u00e9\\t\\101\"}"
                                 << "x{a=\"A\u00e9\\tA\"}";
    }
    void canonical() {
        QFETCH(QString, query);
        QFETCH(QString, canonical);
        SyntaxError error;
        const std::string text = query.toStdString();
        const NodePtr node = parseQuery(text, error);
        QVERIFY2(node, error.describe().c_str());
        const std::string formatted = format(*node);
        QCOMPARE(QString::fromStdString(formatted), canonical);
        const NodePtr again = parseQuery(formatted, error);
        QVERIFY2(again, error.describe().c_str());
        QCOMPARE(format(*again), formatted);
    }

    // Every expression in the reference documents (Compozy's dashboard and alerts) parses.
    void referenceExpressions_data() {
        QTest::addColumn<QString>("query");
        for (const char* q :
             {"compozy_dispatcher_health_status", "compozy_dispatcher_active_total",
              "compozy_dispatcher_uptime_seconds", "rate(compozy_dispatcher_heartbeat_total[5m])",
              "rate(compozy_dispatcher_lifecycle_events_total{event=\"start\"}[5m])",
              "rate(compozy_http_requests_total[5m])",
              "histogram_quantile(0.95, rate(compozy_http_request_duration_seconds_bucket[5m]))",
              "rate(compozy_http_request_duration_seconds_sum[5m]) / "
              "rate(compozy_http_request_duration_seconds_count[5m])",
              "max(compozy_dispatcher_consecutive_failures) > 5",
              "sum(compozy_dispatcher_health_status{is_stale=\"true\"})",
              "histogram_quantile(0.95, sum by (le) (rate(h_bucket[5m])))"})
            QTest::newRow(q) << q;
    }
    void referenceExpressions() {
        QFETCH(QString, query);
        SyntaxError error;
        const std::string text = query.toStdString();
        QVERIFY2(parseQuery(text, error), error.describe().c_str());
    }

    void types() {
        SyntaxError error;
        QCOMPARE(parseQuery("1 + 2", error)->type(), ValueType::Scalar);
        QCOMPARE(parseQuery("x + 2", error)->type(), ValueType::Vector);
        QCOMPARE(parseQuery("x[5m]", error)->type(), ValueType::Matrix);
        QCOMPARE(parseQuery("scalar(x)", error)->type(), ValueType::Scalar);
        QCOMPARE(parseQuery("\"s\"", error)->type(), ValueType::String);
        QCOMPARE(parseQuery("rate(x[5m])[10m:]", error)->type(), ValueType::Matrix);
    }

    void errors_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "" << 0 << "no expression found in input";
        QTest::newRow("range to instant function")
            << "rate(x)" << 5
            << "expected type range vector in call to function \"rate\", got instant vector";
        QTest::newRow("argument count")
            << "rate(x[5m], 1)" << 0 << "expected 1 argument(s) in call to \"rate\", got 2";
        QTest::newRow("too few for label_replace")
            << "label_replace(x, \"a\")" << 0 << "expected 5 argument(s)";
        QTest::newRow("unknown function") << "foo(x)" << 0 << "unknown function with name \"foo\"";
        QTest::newRow("scalar comparison")
            << "1 < 2" << 2 << "comparisons between scalars must use BOOL modifier";
        QTest::newRow("set with scalar")
            << "a and 1" << 2 << "set operator \"and\" not allowed in binary scalar expression";
        QTest::newRow("bool on arithmetic")
            << "a + bool b" << 2 << "bool modifier can only be used on comparison operators";
        QTest::newRow("range of range") << "x[5m][5m]" << 5 << "ranges only allowed for vector selectors";
        QTest::newRow("range of expression") << "(x)[5m]" << 3 << "ranges only allowed for vector selectors";
        QTest::newRow("empty selector")
            << "{}" << 0 << "vector selector must contain at least one non-empty matcher";
        QTest::newRow("matches everything") << "{a=~\".*\"}" << 0 << "at least one non-empty matcher";
        QTest::newRow("double offset")
            << "x offset 5m offset 1m" << 0 << "offset may not be set multiple times";
        QTest::newRow("unclosed") << "sum(x" << 5 << "unclosed left parenthesis";
        QTest::newRow("unclosed bracket") << "x[5m" << 4 << "unclosed left bracket";
        QTest::newRow("unclosed brace") << "x{a=\"b\"" << 7 << "unexpected end of input inside braces";
        QTest::newRow("bad regex")
            << "x{y=\"1\", a=~\"(\"}" << 9
            << "error parsing regexp: missing closing ): `^(?s:()$`"; // 3.x wraps in (?s:)
        QTest::newRow("trailing") << "x y" << 2 << "unexpected identifier";
        QTest::newRow("colon in label name")
            << "x{a:b=\"1\"}" << 3 << "unexpected character inside braces: ':'";
        QTest::newRow("param type") << "topk(\"a\", x)" << 5
                                    << "expected type scalar in aggregation parameter, got string";
        QTest::newRow("aggregate a range")
            << "sum(x[5m])" << 4
            << "expected type instant vector in aggregation expression, got range vector";
        QTest::newRow("matching on scalars")
            << "1 + on(x) 2" << 2 << "vector matching only allowed between instant vectors";
        QTest::newRow("grouping on set op")
            << "a and on(x) group_left b" << 2 << "no grouping allowed for \"and\" operation";
        QTest::newRow("name twice") << "x{__name__=\"y\"}" << 2 << "metric name must not be set twice";
        QTest::newRow("zero range") << "x[0s]" << 2 << "duration must be greater than 0";
        QTest::newRow("subquery of range")
            << "x[5m][10m:]" << 5 << "subquery is only allowed on instant vector";
        QTest::newRow("lexer error") << "x ! y" << 2 << "unexpected character after \"!\"";
        QTest::newRow("bad escape") << "x{a=\"\\q\"}" << 4 << "invalid escape sequence";
        QTest::newRow("short hex escape at the end") << "x{a=\"\\x4\"}" << 4 << "invalid escape sequence";
        QTest::newRow("short unicode escape") << "x{a='\\u12'}" << 4 << "invalid escape sequence";
    }
    void errors() {
        QFETCH(QString, query);
        QFETCH(int, position);
        QFETCH(QString, message);
        SyntaxError error;
        const std::string text = query.toStdString();
        QVERIFY(!parseQuery(text, error));
        QVERIFY2(QString::fromStdString(error.message).contains(message), error.message.c_str());
        QCOMPARE(int(error.position), position);
        QVERIFY(QString::fromStdString(error.describe())
                    .startsWith(QString("1:%1: parse error: ").arg(position + 1)));
    }

    // Depth is bounded so a query cannot exhaust the stack (a fuzzer found 1,170 nested parentheses).
    void depthLimits_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("message");
        QTest::newRow("255 parentheses") << QString(255, '(') + "1" + QString(255, ')') << true << "";
        QTest::newRow("2000 parentheses") << QString(2000, '(') + "1" + QString(2000, ')') << false
                                          << "expression nested too deeply: more than 256 levels";
        QTest::newRow("300 unary minus") << QString(300, '-') + "1" << false << "nested too deeply";
        QTest::newRow("300 nested calls")
            << QString("abs(").repeated(300) + "x" + QString(300, ')') << false << "nested too deeply";
        QTest::newRow("1024 additions") << "x" + QString("+x").repeated(1024) << true << "";
        QTest::newRow("1025 additions") << "x" + QString("+x").repeated(1025) << false
                                        << "too many binary operators in one expression: more than 1024";
    }
    void depthLimits() {
        QFETCH(QString, query);
        QFETCH(bool, ok);
        QFETCH(QString, message);
        SyntaxError error;
        const std::string text = query.toStdString();
        const NodePtr node = parseQuery(text, error);
        QCOMPARE(bool(node), ok);
        if (!ok) QVERIFY2(QString::fromStdString(error.message).contains(message), error.message.c_str());
    }
};

QTEST_GUILESS_MAIN(PromqlParserTest)
#include "test_promql_parser.moc"
