// Reading Grafana dashboards and checking them: JSON errors with line and column, every datasource style,
// rows and the legacy layout, variables resolved through a store, and each kind of problem
// `dashboard check` reports, with and without a source.
#include "dashboard/dashboard_check.h"
#include "dashboard/dashboard_reader.h"
#include "dashboard/store_source.h"
#include "dashboard/template_variables.h"
#include "store_samples.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace dw;
using namespace dw::dashboard;

namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

// A dashboard of one panel with one query, the panel's JSON merged over a timeseries default.
QByteArray onePanel(const QString& expr, const QJsonObject& extra = {}, const QJsonArray& variables = {}) {
    QJsonObject panel{{"id", 1},
                      {"type", "timeseries"},
                      {"title", "P"},
                      {"gridPos", QJsonObject{{"x", 0}, {"y", 0}, {"w", 12}, {"h", 8}}},
                      {"targets", QJsonArray{QJsonObject{{"refId", "A"}, {"expr", expr}}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (it.value().isUndefined())
            panel.remove(it.key());
        else
            panel[it.key()] = it.value();
    }
    const QJsonObject root{{"title", "T"},
                           {"panels", QJsonArray{panel}},
                           {"time", QJsonObject{{"from", "now-1h"}, {"to", "now"}}},
                           {"templating", QJsonObject{{"list", variables}}}};
    return QJsonDocument(root).toJson();
}

// Two targets of a dispatcher service, scraped every 15 s for the last 10 minutes.
void fillStore(SeriesStore& store) {
    for (std::int64_t t = kNow - 600'000; t <= kNow; t += 15'000) {
        for (const char* instance : {"host:1", "host:2"}) {
            appendTargetSample(store, "up", {}, t, 1, instance);
            for (const char* id : {"d-1", "d-2", "d-10"})
                appendTargetSample(store, "heartbeat_total", {{"dispatcher_id", id}}, t, double(t / 1000),
                                   instance);
        }
    }
}

CheckReport check(const QByteArray& json, SeriesStore* store) {
    std::string error;
    const auto dashboard = readDashboard(json, error);
    if (!dashboard) qFatal("%s", error.c_str());
    if (!store) return checkDashboard(*dashboard, nullptr);
    StoreSource source(*store, "test store", kNow, 15'000, promql::kDefaultGeneration);
    return checkDashboard(*dashboard, &source);
}

QString joined(const std::vector<std::string>& list) {
    QStringList out;
    for (const std::string& s : list)
        out << QString::fromStdString(s);
    return out.join(" | ");
}

} // namespace

class DashboardCheckTest : public QObject {
    Q_OBJECT

private slots:
    void invalidJson_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("missing comma") << QByteArray("{\n  \"title\": \"x\"\n  \"panels\": []\n}")
                                       << "3:3: invalid JSON: unterminated object";
        QTest::newRow("unterminated")
            << QByteArray("{\"title\": \"x") << "1:13: invalid JSON: unterminated string";
        QTest::newRow("a list") << QByteArray("[1, 2]")
                                << "1:1: a dashboard is a JSON object, this file holds a list";
    }
    void invalidJson() {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        std::string message;
        QVERIFY(!readDashboard(json, message));
        QVERIFY2(QString::fromStdString(message).startsWith(error.left(5)), message.c_str());
        QVERIFY2(QString::fromStdString(message).contains(error.mid(5)), message.c_str());
    }

    void datasourceStyles_data() {
        QTest::addColumn<QString>("datasource"); // JSON
        QTest::addColumn<int>("kind");
        using K = DatasourceRef::Kind;
        QTest::newRow("null") << "null" << int(K::Default);
        QTest::newRow("name") << "\"Prometheus\"" << int(K::Prometheus);
        QTest::newRow("loki name") << "\"Loki\"" << int(K::Other);
        QTest::newRow("object with uid")
            << "{\"type\": \"prometheus\", \"uid\": \"abc\"}" << int(K::Prometheus);
        QTest::newRow("object without uid") << "{\"type\": \"prometheus\"}" << int(K::Prometheus);
        QTest::newRow("object loki") << "{\"type\": \"loki\", \"uid\": \"x\"}" << int(K::Other);
        QTest::newRow("input") << "\"${DS_PROMETHEUS}\"" << int(K::Prometheus);
        QTest::newRow("loki input") << "\"${DS_LOGS}\"" << int(K::Other);
        QTest::newRow("object input") << "{\"uid\": \"${DS_PROMETHEUS}\"}" << int(K::Prometheus);
        QTest::newRow("variable") << "\"$datasource\"" << int(K::Prometheus);
        QTest::newRow("object variable")
            << "{\"type\": \"prometheus\", \"uid\": \"${datasource}\"}" << int(K::Prometheus);
        QTest::newRow("mixed") << "\"-- Mixed --\"" << int(K::Mixed);
        QTest::newRow("mixed object")
            << "{\"type\": \"datasource\", \"uid\": \"-- Mixed --\"}" << int(K::Mixed);
        QTest::newRow("grafana") << "{\"type\": \"datasource\", \"uid\": \"grafana\"}" << int(K::Other);
    }
    void datasourceStyles() {
        QFETCH(QString, datasource);
        QFETCH(int, kind);
        const QByteArray json = "{\"__inputs\": [{\"name\": \"DS_PROMETHEUS\", \"pluginId\": \"prometheus\"},"
                                " {\"name\": \"DS_LOGS\", \"pluginId\": \"loki\"}],"
                                " \"templating\": {\"list\": [{\"name\": \"datasource\", \"type\": "
                                "\"datasource\", \"query\": \"prometheus\"}]},"
                                " \"panels\": [{\"type\": \"stat\", \"datasource\": " +
                                datasource.toUtf8() + ", \"targets\": [{\"expr\": \"up\"}]}]}";
        std::string error;
        const auto dashboard = readDashboard(json, error);
        QVERIFY2(dashboard, error.c_str());
        QCOMPARE(int(dashboard->panels.at(0).datasource.kind), kind);
        // A query without a datasource of its own takes the panel's.
        QCOMPARE(int(dashboard->panels.at(0).targets.at(0).datasource.kind), kind);
    }

    void rowsAndNesting() {
        const QByteArray json =
            "{\"panels\": ["
            "{\"type\": \"stat\", \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 6, \"h\": 4}},"
            "{\"type\": \"row\", \"title\": \"Open\", \"collapsed\": false, \"gridPos\": {\"y\": 4}},"
            "{\"type\": \"timeseries\", \"gridPos\": {\"x\": 0, \"y\": 5, \"w\": 30, \"h\": 8}},"
            "{\"type\": \"row\", \"title\": \"Closed\", \"collapsed\": true, \"gridPos\": {\"y\": 13},"
            " \"panels\": [{\"type\": \"gauge\", \"gridPos\": {\"x\": 12, \"y\": 14, \"w\": 12, \"h\": 8}}]}"
            "]}";
        std::string error;
        const auto d = readDashboard(json, error);
        QVERIFY2(d, error.c_str());
        QCOMPARE(d->panels.size(), std::size_t(3));
        QCOMPARE(d->rows.size(), std::size_t(2));
        QCOMPARE(d->panels[0].row, -1);
        QCOMPARE(d->panels[1].row, 0);
        QCOMPARE(d->panels[1].grid.w, 24); // clamped to the grid
        QCOMPARE(d->panels[2].row, 1);
        QCOMPARE(d->panels[2].path, "panels[3].panels[0]");
        QVERIFY(d->rows[1].collapsed);
        QCOMPARE(d->rows[1].panels, std::vector<int>{2});
    }

    void legacyRows() {
        const QByteArray json =
            "{\"schemaVersion\": 14, \"rows\": ["
            "{\"title\": \"A\", \"height\": \"300px\", \"panels\": ["
            "{\"type\": \"graph\", \"span\": 6}, {\"type\": \"singlestat\", \"span\": 6}, "
            "{\"type\": \"graph\", \"span\": 4}]},"
            "{\"title\": \"B\", \"height\": 150, \"collapse\": true, \"panels\": [{\"type\": \"text\", "
            "\"span\": 12}]}]}";
        std::string error;
        const auto d = readDashboard(json, error);
        QVERIFY2(d, error.c_str());
        QCOMPARE(d->panels.size(), std::size_t(4));
        QCOMPARE(d->panels[1].grid.x, 12);
        QCOMPARE(d->panels[1].grid.h, 10);
        QCOMPARE(d->panels[2].grid.y, d->panels[0].grid.y + 10); // wrapped onto the next line
        QCOMPARE(d->panels[3].grid.w, 24);
        QVERIFY(d->rows.at(1).collapsed);
    }

    void apiWrapper() {
        std::string error;
        const auto d =
            readDashboard("{\"meta\": {}, \"dashboard\": {\"title\": \"W\", \"panels\": []}}", error);
        QVERIFY2(d, error.c_str());
        QCOMPARE(d->title, "W");
    }

    // Each problem `dashboard check` finds without a source, worded for a person.
    void problems_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("problem");
        QTest::newRow("parse error") << onePanel("rate(x[5m]")
                                     << "query A: 1:11: parse error: unclosed left parenthesis";
        QTest::newRow("wrong type")
            << onePanel("rate(x)")
            << "expected type range vector in call to function \"rate\", got instant vector";
        QTest::newRow("unknown variable")
            << onePanel("up{job=\"$nosuch\"}") << "query A uses $nosuch, which the dashboard does not define";
        QTest::newRow("unknown format") << onePanel("up{job=\"${__range:lucene}\"}")
                                        << "query A: variable format \"lucene\" is not supported";
        QTest::newRow("empty expression") << onePanel("") << "query A has no expression";
        QTest::newRow("unsupported type") << onePanel("up", {{"type", "piechart"}})
                                          << "panel type \"piechart\" is not drawn by DispatchWatch";
        QTest::newRow("other datasource")
            << onePanel("up", {{"datasource", QJsonObject{{"type", "loki"}, {"uid", "l"}}}})
            << "datasource \"loki l\" is not Prometheus: its queries are not run";
        QTest::newRow("transformations")
            << onePanel("up", {{"transformations", QJsonArray{QJsonObject{{"id", "merge"}}}}})
            << "transformations (merge) are not applied";
        QTest::newRow("repeat") << onePanel("up", {{"repeat", "instance"}})
                                << "repeat by $instance is not expanded: the panel is drawn once";
        QTest::newRow("no type") << onePanel("up", {{"type", ""}}) << "the panel has no type";
        QTest::newRow("bad min interval") << onePanel("up", {{"interval", "soon"}})
                                          << "query A: minimum interval \"soon\" is not a duration";
        QTest::newRow("library panel")
            << onePanel("up", {{"libraryPanel", QJsonObject{{"uid", "lib1"}}}, {"targets", QJsonArray{}}})
            << "library panel \"lib1\" is kept in Grafana, not in this file";
        QTest::newRow("targets not a list")
            << onePanel("up", {{"targets", "up"}}) << "targets: expected a list";
    }
    void problems() {
        QFETCH(QByteArray, json);
        QFETCH(QString, problem);
        const CheckReport report = check(json, nullptr);
        QVERIFY(!report.fine());
        QCOMPARE(report.panels.size(), std::size_t(1));
        QVERIFY2(joined(report.panels[0].problems).contains(problem),
                 qPrintable(joined(report.panels[0].problems)));
    }

    void dashboardProblems_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no panels") << QByteArray("{\"title\": \"x\"}") << "the file has no \"panels\"";
        QTest::newRow("panels not a list")
            << QByteArray("{\"panels\": {}}") << "panels: expected a list of panels";
        QTest::newRow("bad time")
            << QByteArray("{\"panels\": [], \"time\": {\"from\": \"yesterday\", \"to\": \"now\"}}")
            << "time range \"yesterday\" to \"now\" is not one Grafana's time picker reads";
        QTest::newRow("variable cycle")
            << QByteArray(
                   "{\"panels\": [], \"templating\": {\"list\": ["
                   "{\"name\": \"a\", \"type\": \"query\", \"query\": \"label_values(up{x=\\\"$b\\\"}, a)\"},"
                   "{\"name\": \"b\", \"type\": \"query\", \"query\": \"label_values(up{x=\\\"$a\\\"}, "
                   "b)\"}]}}")
            << "variable a (templating.list[0]) depends on itself through other variables";
        QTest::newRow("unnamed variable")
            << QByteArray("{\"panels\": [], \"templating\": {\"list\": [{\"type\": \"custom\"}]}}")
            << "templating.list[0]: a variable without a name";
    }
    void dashboardProblems() {
        QFETCH(QByteArray, json);
        QFETCH(QString, problem);
        const CheckReport report = check(json, nullptr);
        QVERIFY(!report.fine());
        QVERIFY2(joined(report.problems).contains(problem), qPrintable(joined(report.problems)));
    }

    // Tables apply "organize"; on a chart, or with another transformation beside it, it is reported.
    void organizeOnTables() {
        const QJsonArray organize{QJsonObject{{"id", "organize"}}};
        QVERIFY(check(onePanel("up", {{"type", "table"}, {"transformations", organize}}), nullptr).fine());
        const CheckReport chart = check(onePanel("up", {{"transformations", organize}}), nullptr);
        QCOMPARE(joined(chart.panels.at(0).problems), "transformations (organize) are not applied");
    }

    void fineWithoutSource() {
        const CheckReport report = check(onePanel("sum by (job) (rate(x[$__rate_interval]))"), nullptr);
        QVERIFY2(report.fine(), qPrintable(joined(report.panels.at(0).problems)));
        QCOMPARE(report.panels[0].queries, 1);
    }

    // With a source: data, no data, names the source lacks (dashboard drift).
    void drift_data() {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<QString>("legend");
        QTest::addColumn<bool>("noData");
        QTest::addColumn<QString>("metrics");
        QTest::addColumn<QString>("labels");
        QTest::newRow("data") << "rate(heartbeat_total[5m])"
                              << "{{dispatcher_id}}" << false << ""
                              << "";
        QTest::newRow("renamed metric") << "rate(heartbeat_count[5m])"
                                        << "" << true << "heartbeat_count"
                                        << "";
        QTest::newRow("renamed label") << "heartbeat_total{dispatcher=\"d-1\"}"
                                       << "" << true << ""
                                       << "dispatcher";
        QTest::newRow("legend label absent") << "sum(heartbeat_total)"
                                             << "{{dispatcher_id}}" << false << ""
                                             << "dispatcher_id";
        QTest::newRow("or keeps data") << "heartbeat_total or heartbeats_total"
                                       << "" << false << "heartbeats_total"
                                       << "";
    }
    void drift() {
        QFETCH(QString, expr);
        QFETCH(QString, legend);
        QFETCH(bool, noData);
        QFETCH(QString, metrics);
        QFETCH(QString, labels);
        SeriesStore store;
        fillStore(store);
        QJsonObject extra{
            {"targets", QJsonArray{QJsonObject{{"refId", "A"}, {"expr", expr}, {"legendFormat", legend}}}}};
        const CheckReport report = check(onePanel(expr, extra), &store);
        const PanelReport& panel = report.panels.at(0);
        QVERIFY2(panel.problems.empty(), qPrintable(joined(panel.problems)));
        QCOMPARE(panel.noData, noData);
        QCOMPARE(joined(panel.missingMetrics), metrics);
        QCOMPARE(joined(panel.missingLabels), labels);
        QCOMPARE(report.fine(), !noData);
    }

    // Variables resolved through the store: each query form, the regex filter and the sort.
    void variables_data() {
        QTest::addColumn<QString>("variable"); // JSON of one variable named v
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("selected");
        QTest::newRow("label_values(label)") << "{\"query\": \"label_values(dispatcher_id)\", \"sort\": 1}"
                                             << QStringList{"d-1", "d-10", "d-2"} << "d-1";
        QTest::newRow("natural sort") << "{\"query\": \"label_values(dispatcher_id)\", \"sort\": 7}"
                                      << QStringList{"d-1", "d-2", "d-10"} << "d-1";
        QTest::newRow("numeric desc") << "{\"query\": \"label_values(dispatcher_id)\", \"sort\": 4}"
                                      << QStringList{"d-10", "d-2", "d-1"} << "d-10";
        QTest::newRow("label_values(metric, label)")
            << "{\"query\": \"label_values(up, instance)\"}" << QStringList{"host:1", "host:2"} << "host:1";
        QTest::newRow("matchers")
            << "{\"query\": \"label_values(heartbeat_total{instance=\\\"host:2\\\"}, instance)\"}"
            << QStringList{"host:2"} << "host:2";
        QTest::newRow("query object")
            << "{\"query\": {\"query\": \"label_values(up, job)\", \"refId\": \"X\"}}"
            << QStringList{"compozy"} << "compozy";
        QTest::newRow("label_names") << "{\"query\": \"label_names()\", \"regex\": \"/^d.*/\"}"
                                     << QStringList{"dispatcher_id"} << "dispatcher_id";
        QTest::newRow("metrics") << "{\"query\": \"metrics(heart)\"}" << QStringList{"heartbeat_total"}
                                 << "heartbeat_total";
        QTest::newRow("query_result with capture")
            << "{\"query\": \"query_result(count by (instance) (up))\", \"regex\": "
               "\"/instance=\\\"([^\\\"]+)\\\"/\", \"sort\": 2}"
            << QStringList{"host:2", "host:1"} << "host:2";
        QTest::newRow("saved value kept")
            << "{\"query\": \"label_values(instance)\", \"current\": {\"value\": \"host:2\"}}"
            << QStringList{"host:1", "host:2"} << "host:1";
        QTest::newRow("custom") << "{\"type\": \"custom\", \"query\": \"x,y\"}" << QStringList{"x", "y"}
                                << "x";
        QTest::newRow("interval auto")
            << "{\"type\": \"interval\", \"query\": \"1m,10m\", \"auto\": true, \"auto_count\": 30}"
            << QStringList{"2m", "1m", "10m"} << "2m";
        QTest::newRow("constant") << "{\"type\": \"constant\", \"query\": \"c\"}" << QStringList{"c"} << "c";
    }
    void variables() {
        QFETCH(QString, variable);
        QFETCH(QStringList, options);
        QFETCH(QString, selected);
        QJsonObject object = QJsonDocument::fromJson(variable.toUtf8()).object();
        QVERIFY(!object.isEmpty());
        object["name"] = "v";
        if (!object.contains("type")) object["type"] = "query";
        std::string error;
        const auto dashboard = readDashboard(onePanel("up", {}, QJsonArray{object}), error);
        QVERIFY2(dashboard, error.c_str());
        SeriesStore store;
        fillStore(store);
        StoreSource source(store, "s", kNow, 15'000, promql::kDefaultGeneration);
        TemplateVariables variables;
        variables.resolve(*dashboard, &source, {kNow - 3'600'000, kNow},
                          TemplateVariables::Preference::First);
        QVERIFY2(variables.problems().empty(), qPrintable(joined(variables.problems())));
        QStringList got;
        for (const VariableOption& o : variables.states().at("v").options)
            got << QString::fromStdString(o.value);
        QCOMPARE(got, options);
        QCOMPARE(QString::fromStdString(variables.scope().at("v").values.front()), selected);
    }

    // A variable that uses another is resolved after it, whatever the file's order; "All" reaches it.
    void dependentVariables() {
        const QJsonArray list{
            QJsonObject{{"name", "inst"},
                        {"type", "query"},
                        {"query", "label_values(heartbeat_total{instance=~\"$host\"}, dispatcher_id)"}},
            QJsonObject{{"name", "host"},
                        {"type", "query"},
                        {"query", "label_values(up, instance)"},
                        {"includeAll", true},
                        {"multi", true}},
        };
        std::string error;
        const auto dashboard = readDashboard(
            onePanel("heartbeat_total{instance=~\"$host\", dispatcher_id=\"$inst\"}", {}, list), error);
        QVERIFY2(dashboard, error.c_str());
        SeriesStore store;
        fillStore(store);
        StoreSource source(store, "s", kNow, 15'000, promql::kDefaultGeneration);
        TemplateVariables all;
        all.resolve(*dashboard, &source, {kNow - 3'600'000, kNow}, TemplateVariables::Preference::All);
        QCOMPARE(all.states().at("host").selected, std::vector<std::string>{"$__all"});
        QCOMPARE(all.states().at("inst").options.size(), std::size_t(3));
        QCOMPARE(interpolate("$host", all.scope(), Purpose::Query), "(host:1|host:2)");
        TemplateVariables chosen;
        chosen.resolve(*dashboard, &source, {kNow - 3'600'000, kNow}, TemplateVariables::Preference::First,
                       {{"host", {"host:2"}}});
        QCOMPARE(interpolate("$host", chosen.scope(), Purpose::Query), "host:2");
        const CheckReport report = checkDashboard(*dashboard, &source);
        QVERIFY2(report.fine(), qPrintable(joined(report.problems) + joined(report.panels.at(0).problems)));
    }

    void jsonReport() {
        SeriesStore store;
        fillStore(store);
        const CheckReport report = check(onePanel("nosuch_metric"), &store);
        const QJsonObject root =
            QJsonDocument::fromJson(QByteArray::fromStdString(formatCheckJson(report))).object();
        QCOMPARE(root["dashboard"].toString(), "T");
        const QJsonObject panel = root["panels"].toArray().at(0).toObject();
        for (const char* key : {"title", "type", "path", "supported", "problems", "queries", "no_data",
                                "missing_metrics", "missing_labels"})
            QVERIFY2(panel.contains(key), key);
        QCOMPARE(panel["no_data"].toBool(), true);
        QCOMPARE(panel["missing_metrics"].toArray().at(0).toString(), "nosuch_metric");
        QCOMPARE(root["summary"].toObject()["ok"].toBool(), false);
        // Without a source, the keys that need one are left out.
        const QJsonObject bare = QJsonDocument::fromJson(QByteArray::fromStdString(
                                                             formatCheckJson(check(onePanel("up"), nullptr))))
                                     .object();
        QVERIFY(!bare["panels"].toArray().at(0).toObject().contains("no_data"));
    }
};

QTEST_GUILESS_MAIN(DashboardCheckTest)
#include "test_dashboard_check.moc"
