// Grafana's template language and interval arithmetic as DispatchWatch applies them to dashboards:
// variable references and formats, relative times, $__interval and $__rate_interval, custom options.
#include "dashboard/template_text.h"
#include "dashboard/template_variables.h"
#include "dashboard/time_range.h"

#include <QtTest>

using namespace dw::dashboard;

namespace {

VariableValue single(const std::string& value) {
    VariableValue v;
    v.values = {value};
    return v;
}

VariableValue multi(std::vector<std::string> values) {
    VariableValue v;
    v.values = std::move(values);
    v.multiOrAll = true;
    return v;
}

Scope testScope() {
    Scope scope;
    scope["job"] = single("api");
    scope["quote"] = single("it's a\\b");
    scope["hosts"] = multi({"a.example:9100", "b"});
    scope["one"] = multi({"x.y"});
    VariableValue all = multi({"r1", "r2"});
    all.isAll = true;
    scope["all"] = all;
    VariableValue custom = all;
    custom.allValue = ".*";
    scope["customall"] = custom;
    VariableValue labelled = single("v1");
    labelled.texts = {"Version one"};
    scope["version"] = labelled;
    return scope;
}

} // namespace

class DashboardTemplatesTest : public QObject {
    Q_OBJECT

private slots:
    void interpolateQuery_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("dollar") << "up{job=\"$job\"}"
                                << "up{job=\"api\"}";
        QTest::newRow("braces") << "up{job=\"${job}\"}"
                                << "up{job=\"api\"}";
        QTest::newRow("brackets") << "up{job=\"[[job]]\"}"
                                  << "up{job=\"api\"}";
        QTest::newRow("in a word") << "x_${job}_total"
                                   << "x_api_total";
        QTest::newRow("single escapes quote and backslash") << "a{b=\"$quote\"}"
                                                            << "a{b=\"it\\'s a\\\\b\"}";
        QTest::newRow("multi is an escaped regex") << "up{instance=~\"$hosts\"}"
                                                   << "up{instance=~\"(a\\\\.example:9100|b)\"}";
        QTest::newRow("multi of one has no parentheses") << "up{x=~\"$one\"}"
                                                         << "up{x=~\"x\\\\.y\"}";
        QTest::newRow("all without allValue") << "up{r=~\"$all\"}"
                                              << "up{r=~\"(r1|r2)\"}";
        QTest::newRow("all with allValue") << "up{r=~\"$customall\"}"
                                           << "up{r=~\".*\"}";
        QTest::newRow("format regex") << "${hosts:regex}"
                                      << "(a\\.example:9100|b)";
        QTest::newRow("format pipe") << "${hosts:pipe}"
                                     << "a.example:9100|b";
        QTest::newRow("format csv") << "${hosts:csv}"
                                    << "a.example:9100,b";
        QTest::newRow("format raw") << "${hosts:raw}"
                                    << "a.example:9100,b";
        QTest::newRow("format glob") << "${hosts:glob}"
                                     << "{a.example:9100,b}";
        QTest::newRow("format json") << "${hosts:json}"
                                     << "[\"a.example:9100\",\"b\"]";
        QTest::newRow("format singlequote") << "${hosts:singlequote}"
                                            << "'a.example:9100','b'";
        QTest::newRow("format doublequote") << "${hosts:doublequote}"
                                            << "\"a.example:9100\",\"b\"";
        QTest::newRow("format text") << "${version:text}"
                                     << "Version one";
        QTest::newRow("format percentencode") << "${job:percentencode}"
                                              << "api";
        QTest::newRow("brackets with format") << "[[hosts:csv]]"
                                              << "a.example:9100,b";
        QTest::newRow("field of a variable") << "${job.value}"
                                             << "api";
        QTest::newRow("unknown stays") << "up{job=\"$nosuch\"}"
                                       << "up{job=\"$nosuch\"}";
        QTest::newRow("lone dollar") << "a $ b"
                                     << "a $ b";
        QTest::newRow("dollar digit is a name") << "$1"
                                                << "$1";
    }
    void interpolateQuery() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(interpolate(text.toStdString(), testScope(), Purpose::Query)),
                 expected);
    }

    void interpolateText() {
        QCOMPARE(interpolate("$version on ${hosts}", testScope(), Purpose::Text),
                 "Version one on a.example:9100 + b");
    }

    void problemsAreReported() {
        TemplateProblems problems;
        interpolate("$nosuch ${job:lucene} $job", testScope(), Purpose::Query, &problems);
        QCOMPARE(problems.unknownVariables, std::vector<std::string>{"nosuch"});
        QCOMPARE(problems.unknownFormats, std::vector<std::string>{"lucene"});
    }

    void referenced() {
        QCOMPARE(referencedVariables("label_values(up{job=~\"$job\", x=\"${b:csv}\"}, [[c]]) $job"),
                 (std::vector<std::string>{"job", "b", "c"}));
    }

    void grafanaTime_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("roundUp");
        QTest::addColumn<qint64>("expected"); // -1: not a time
        const qint64 now = 1'700'000'123'456; // 2023-11-14T22:15:23.456Z
        QTest::newRow("now") << "now" << false << now;
        QTest::newRow("now-6h") << "now-6h" << false << now - 6 * 3'600'000;
        QTest::newRow("now+1m") << "now+1m" << false << now + 60'000;
        QTest::newRow("now-1d-2h") << "now-1d-2h" << false << now - 26 * 3'600'000;
        QTest::newRow("now/d") << "now/d" << false << qint64(1'699'920'000'000);
        QTest::newRow("now/d up") << "now/d" << true << qint64(1'700'006'399'999);
        QTest::newRow("now-1d/d") << "now-1d/d" << false << qint64(1'699'833'600'000);
        QTest::newRow("now/h") << "now/h" << false
                               << qint64(1'700'000'000'000 - 1'700'000'000'000 % 3'600'000);
        QTest::newRow("epoch ms") << "1699999999000" << false << qint64(1'699'999'999'000);
        QTest::newRow("iso") << "2023-11-14T00:00:00Z" << false << qint64(1'699'920'000'000);
        QTest::newRow("bad unit") << "now-5q" << false << qint64(-1);
        QTest::newRow("garbage") << "yesterday" << false << qint64(-1);
    }
    void grafanaTime() {
        QFETCH(QString, text);
        QFETCH(bool, roundUp);
        QFETCH(qint64, expected);
        const auto parsed = parseGrafanaTime(text.toStdString(), 1'700'000'123'456, roundUp);
        QCOMPARE(parsed ? qint64(*parsed) : qint64(-1), expected);
    }

    // Grafana's rangeutil: the interval for a range over a width, and its rounding table.
    void intervals_data() {
        QTest::addColumn<qint64>("rangeMs");
        QTest::addColumn<int>("points");
        QTest::addColumn<qint64>("minimum");
        QTest::addColumn<QString>("interval");
        QTest::addColumn<QString>("rate");
        QTest::newRow("1h over 1600 px, 15s scrape") << qint64(3'600'000) << 1600 << qint64(15'000) << "15s"
                                                     << "1m";
        QTest::newRow("6h over 800 px") << qint64(6 * 3'600'000) << 800 << qint64(15'000) << "30s"
                                        << "1m";
        QTest::newRow("7d over 1000 px") << qint64(7 * 86'400'000) << 1000 << qint64(15'000) << "10m"
                                         << "10m";
        QTest::newRow("5m over 1000 px, 1s scrape") << qint64(300'000) << 1000 << qint64(1'000) << "1s"
                                                    << "4s";
        QTest::newRow("1y") << qint64(365 * 86'400'000LL) << 100 << qint64(15'000) << "1d"
                            << "1d";
    }
    void intervals() {
        QFETCH(qint64, rangeMs);
        QFETCH(int, points);
        QFETCH(qint64, minimum);
        QFETCH(QString, interval);
        QFETCH(QString, rate);
        const std::int64_t ms = panelIntervalMs(rangeMs, points, minimum);
        QCOMPARE(QString::fromStdString(formatInterval(ms)), interval);
        QCOMPARE(QString::fromStdString(formatInterval(rateIntervalMs(ms, minimum))), rate);
    }

    void roundingTable() {
        QCOMPARE(roundInterval(14), 10);
        QCOMPARE(roundInterval(1'499), 1'000);
        QCOMPARE(roundInterval(12'499), 10'000);
        QCOMPARE(roundInterval(12'500), 15'000);
        QCOMPARE(roundInterval(44'999), 30'000);
        QCOMPARE(roundInterval(86'400'000), 86'400'000);
        QCOMPARE(roundInterval(10'000'000'000), 31'536'000'000);
    }

    void querySteps() {
        QCOMPARE(queryStepMs(15'000, 2, 0, 3'600'000), 30'000);      // intervalFactor
        QCOMPARE(queryStepMs(15'000, 1, 60'000, 3'600'000), 60'000); // minimum interval
        // No more than 11,000 points: 30 days at 1 s would be 2.6 million.
        QCOMPARE(queryStepMs(1'000, 1, 0, 30 * 86'400'000LL), 236'000);
    }

    void builtins() {
        const Scope scope = builtinScope({0, 3'600'000}, 15'000, 15'000, "D");
        QCOMPARE(scope.at("__interval").values.front(), "15s");
        QCOMPARE(scope.at("__interval_ms").values.front(), "15000");
        QCOMPARE(scope.at("__rate_interval").values.front(), "1m");
        QCOMPARE(scope.at("__range").values.front(), "3600s");
        QCOMPARE(scope.at("__range_s").values.front(), "3600");
        QCOMPARE(scope.at("__range_ms").values.front(), "3600000");
    }

    void custom_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("texts");
        QTest::addColumn<QStringList>("values");
        QTest::newRow("plain") << "a, b ,c" << QStringList{"a", "b", "c"} << QStringList{"a", "b", "c"};
        QTest::newRow("key value") << "Prod : prod-1,Dev : dev-1" << QStringList{"Prod", "Dev"}
                                   << QStringList{"prod-1", "dev-1"};
        QTest::newRow("escaped comma") << "a\\,b,c" << QStringList{"a,b", "c"} << QStringList{"a,b", "c"};
        QTest::newRow("empty") << "" << QStringList{} << QStringList{};
    }
    void custom() {
        QFETCH(QString, query);
        QFETCH(QStringList, texts);
        QFETCH(QStringList, values);
        QStringList gotTexts, gotValues;
        for (const VariableOption& o : customOptions(query.toStdString())) {
            gotTexts << QString::fromStdString(o.text);
            gotValues << QString::fromStdString(o.value);
        }
        QCOMPARE(gotTexts, texts);
        QCOMPARE(gotValues, values);
    }
};

QTEST_GUILESS_MAIN(DashboardTemplatesTest)
#include "test_dashboard_templates.moc"
