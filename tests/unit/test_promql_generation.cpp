// The pieces that make Prometheus 3 and Prometheus 2 semantics selectable and exact: the natural order of
// sort_by_label, Go's %g and %q in annotations, the generation a server reports, a profile's
// promql_compat, and the grammar each generation accepts.
#include "health/profile.h"
#include "promapi/server_generation.h"
#include "promql/natural_order.h"
#include "promql/parser.h"
#include "promql/vector_functions.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace dw;
using namespace dw::promql;

class PromqlGenerationTest : public QObject {
    Q_OBJECT

private slots:
    // Cases follow github.com/facette/natsort's Compare, which Prometheus's sort_by_label uses.
    void naturalOrder_data() {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("less");
        QTest::newRow("numbers by value") << "9"
                                          << "10" << true;
        QTest::newRow("numbers by value, reversed") << "10"
                                                    << "9" << false;
        QTest::newRow("inside text") << "a2"
                                     << "a10" << true;
        QTest::newRow("text first") << "a10"
                                    << "b2" << true;
        QTest::newRow("leading zeros skipped") << "007"
                                               << "10" << true;
        QTest::newRow("same number, different zeros") << "07"
                                                      << "7" << false;
        QTest::newRow("equal") << "abc"
                               << "abc" << false;
        QTest::newRow("prefix first") << "abc"
                                      << "abcd" << true;
        QTest::newRow("longer not first") << "abcd"
                                          << "abc" << false;
        QTest::newRow("bytes otherwise") << "B"
                                         << "a" << true;
        QTest::newRow("empty first") << ""
                                     << "a" << true;
        QTest::newRow("version parts") << "1.9.0"
                                       << "1.10.0" << true;
    }
    void naturalOrder() {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, less);
        QCOMPARE(naturalLess(a.toStdString(), b.toStdString()), less);
    }

    void goFormatting_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("integer") << 2.0 << "2";
        QTest::newRow("fraction") << 1.5 << "1.5";
        QTest::newRow("negative") << -0.25 << "-0.25";
        QTest::newRow("large") << 1e6 << "1e+06";
        QTest::newRow("below large") << 123456.0 << "123456";
        QTest::newRow("small") << 0.00001 << "1e-05";
        QTest::newRow("not so small") << 0.0001 << "0.0001";
        QTest::newRow("nan") << std::nan("") << "NaN";
        QTest::newRow("inf") << double(INFINITY) << "+Inf";
    }
    void goFormatting() {
        QFETCH(double, value);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(formatFloatGo(value)), text);
    }

    void goQuoting() {
        QCOMPARE(QString::fromStdString(quoteGo("up")), QStringLiteral("\"up\""));
        QCOMPARE(QString::fromStdString(quoteGo("a\"b\\c\nd")), QStringLiteral("\"a\\\"b\\\\c\\nd\""));
        QCOMPARE(QString::fromStdString(quoteGo("é")), QStringLiteral("\"é\""));
    }

    void serverGeneration_data() {
        QTest::addColumn<QString>("buildInfo");
        QTest::addColumn<int>("generation"); // 0: unknown
        QTest::newRow("debian 2.42")
            << "{\"version\":\"2.42.0+ds\",\"revision\":\"unknown\",\"goVersion\":\"go1.19.8\"}" << 2;
        QTest::newRow("3.14")
            << "{\"version\":\"3.14.0\",\"revision\":\"d7598b71\",\"goVersion\":\"go1.25.0\"}" << 3;
        QTest::newRow("mimir names itself")
            << "{\"application\":\"Grafana "
               "Mimir\",\"version\":\"2.14.0\",\"revision\":\"x\",\"goVersion\":\"go1.22\"}"
            << 0;
        QTest::newRow("not prometheus's fields") << "{\"version\":\"1.102.0\"}" << 0;
        QTest::newRow("no version") << "{\"revision\":\"x\",\"goVersion\":\"go1.22\"}" << 0;
    }
    void serverGeneration() {
        QFETCH(QString, buildInfo);
        QFETCH(int, generation);
        const auto found = dw::serverGeneration(QJsonDocument::fromJson(buildInfo.toUtf8()).object());
        QCOMPARE(found ? int(*found) : 0, generation);
    }

    // Each generation's grammar: what one accepts and the other rejects.
    void grammar_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("inPrometheus2");
        QTest::addColumn<bool>("inPrometheus3");
        QTest::newRow("holt_winters") << "holt_winters(x[5m], 0.5, 0.5)" << true << false;
        QTest::newRow("double_exponential_smoothing")
            << "double_exponential_smoothing(x[5m], 0.5, 0.5)" << false << true;
        QTest::newRow("first_over_time") << "first_over_time(x[5m])" << false << true;
        QTest::newRow("sort_by_label") << "sort_by_label(x, \"a\", \"b\")" << false << true;
        QTest::newRow("@ duration") << "x @ 100s" << false << true;
        QTest::newRow("start()") << "vector(start())" << false << true;
        QTest::newRow("@ start()") << "x @ start()" << true << true;
        QTest::newRow("quoted metric name") << "{\"http.requests\"}" << false << true;
        QTest::newRow("quoted label name") << "x{\"service.name\"=\"api\"}" << false << true;
        QTest::newRow("quoted grouping") << "sum by (\"service.name\") (x)" << false << true;
        QTest::newRow("quoted matching") << "x + on(\"a.b\") group_left(\"c.d\") y" << false << true;
        QTest::newRow("name twice") << "x{\"y\"}" << false << false;
    }
    void grammar() {
        QFETCH(QString, query);
        QFETCH(bool, inPrometheus2);
        QFETCH(bool, inPrometheus3);
        const std::string text = query.toStdString();
        SyntaxError error;
        QCOMPARE(bool(parseQuery(text, error, Generation::Prometheus2)), inPrometheus2);
        QCOMPARE(bool(parseQuery(text, error, Generation::Prometheus3)), inPrometheus3);
    }

    // Quoted names print back as Prometheus 3 writes them, and parse again to the same text.
    void quotedNamesRoundTrip_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("formatted");
        QTest::newRow("metric and label") << "{\"http.requests\", \"service.name\"=\"api\"}"
                                          << "{\"http.requests\", \"service.name\"=\"api\"}";
        QTest::newRow("classic names unquoted") << "{\"up\", \"job\"=\"a\"}"
                                                << "up{job=\"a\"}";
        QTest::newRow("grouping") << "sum by (\"service.name\", job) (x)"
                                  << "sum by (\"service.name\", job) (x)";
    }
    void quotedNamesRoundTrip() {
        QFETCH(QString, query);
        QFETCH(QString, formatted);
        SyntaxError error;
        const NodePtr node = parseQuery(query.toStdString(), error, Generation::Prometheus3);
        QVERIFY2(node, error.describe().c_str());
        QCOMPARE(QString::fromStdString(format(*node)), formatted);
        QVERIFY(parseQuery(format(*node), error, Generation::Prometheus3));
    }

    void profileChoosesItsGeneration() {
        const char* base = "name: p\nentity: {label: id}\ndetect: [m]\n";
        std::string error;
        auto none = Profile::fromYaml(base, "p.yaml", error);
        QVERIFY2(none, error.c_str());
        QVERIFY(!none->promqlCompat);
        // A profile written for Prometheus 2 may use holt_winters in its panels.
        const std::string old = std::string(base) + "promql_compat: 2\npanels:\n  - title: t\n"
                                                    "    expr: holt_winters(m[5m], 0.5, 0.5)\n";
        auto two = Profile::fromYaml(old, "p.yaml", error);
        QVERIFY2(two, error.c_str());
        QCOMPARE(int(*two->promqlCompat), 2);
        QVERIFY(!Profile::fromYaml(std::string(base) +
                                       "panels:\n  - title: t\n    expr: holt_winters(m[5m], 0.5, 0.5)\n",
                                   "p.yaml", error));
        QVERIFY2(error.find("unknown function with name \"holt_winters\"") != std::string::npos,
                 error.c_str());
        QVERIFY(!Profile::fromYaml(std::string(base) + "promql_compat: 4\n", "p.yaml", error));
        QVERIFY2(error.find("p.yaml:4:") != std::string::npos &&
                     error.find("must be 2 or 3") != std::string::npos,
                 error.c_str());
    }
};

QTEST_GUILESS_MAIN(PromqlGenerationTest)
#include "test_promql_generation.moc"
