// DispatchWatch's PromQL engine against the real Prometheus: the same OpenMetrics file is backfilled into
// Prometheus with promtool and loaded into our store, and every expression of the corpus (the reference
// documents' queries plus our own) must give the same series and values, or fail in both.
#include "prometheus_server.h"
#include "promql/engine.h"
#include "promql/label_set.h"
#include "promql/parser.h"
#include "promql/result_format.h"
#include "promql_test_data.h"
#include "store/timestamped_loader.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <map>

using namespace dw;

namespace {

// 2023-11-14T21:00:00Z: any fixed time works; the data is backfilled.
constexpr std::int64_t kStart = 1700000000000 - 1700000000000 % 3600000;
constexpr std::int64_t kSpan = 3 * 3600000;

QString seconds(std::int64_t ms) {
    return QString::fromStdString(promql::formatApiTimestamp(ms));
}

// Expressions of the reference documents: every ```promql block of the seeds, split where a blank or
// comment line follows a complete expression, and the expressions of metrics-reference.md's tables.
QStringList referenceExpressions() {
    QStringList out = {
        "compozy_dispatcher_health_status",
        "compozy_dispatcher_active_total",
        "compozy_dispatcher_uptime_seconds",
        "rate(compozy_dispatcher_heartbeat_total[5m])",
        "rate(compozy_dispatcher_lifecycle_events_total{event=\"start\"}[5m])",
        "rate(compozy_dispatcher_lifecycle_events_total{event=\"stop\"}[5m])",
        "rate(compozy_dispatcher_lifecycle_events_total{event=\"restart\"}[5m])",
        "compozy_uptime_seconds",
        "compozy_build_info",
        "rate(compozy_http_requests_total[5m])",
        "histogram_quantile(0.95, rate(compozy_http_request_duration_seconds_bucket[5m]))",
        "histogram_quantile(0.50, rate(compozy_http_request_duration_seconds_bucket[5m]))",
        "rate(compozy_http_request_duration_seconds_sum[5m]) / "
        "rate(compozy_http_request_duration_seconds_count[5m])",
        "max(compozy_dispatcher_consecutive_failures) > 5",
        "sum(compozy_dispatcher_health_status{is_stale=\"true\"})",
    };
    const QDir seeds(QStringLiteral(DW_SHARED_DIR) + "/reference/seeds");
    for (const QString& name : seeds.entryList({"*.txt"}, QDir::Files, QDir::Name)) {
        QFile file(seeds.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) continue;
        bool inBlock = false;
        QString current;
        int depth = 0;
        auto flush = [&] {
            if (!current.trimmed().isEmpty()) out << current.trimmed();
            current.clear();
            depth = 0;
        };
        for (const QString& line : QString::fromUtf8(file.readAll()).split('\n')) {
            const QString trimmed = line.trimmed();
            if (trimmed.startsWith("```")) {
                if (inBlock) flush();
                inBlock = trimmed == "```promql";
                continue;
            }
            if (!inBlock) continue;
            if ((trimmed.isEmpty() || trimmed.startsWith('#')) && depth == 0) {
                flush();
                continue;
            }
            current += line + "\n";
            for (const QChar c : line)
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
    }
    return out;
}

QStringList ownExpressions() {
    const QString at = seconds(kStart + 90 * 60000);
    return {
        "dw_gauge",
        "dw_gauge offset 5m",
        "dw_gauge offset -2m",
        "dw_gauge @ start()",
        "dw_gauge @ end()",
        "dw_gauge @ " + at,
        "rate(dw_counter_total[5m] @ " + at + ")",
        "{__name__=~\"dw_.*\", job=\"a\"}",
        "dw_gauge{instance=~\"i[12].*\", mode!=\"y\"}",
        "dw_gauge{instance!~\"i1.*\"}",
        "rate(dw_counter_total[5m])",
        "irate(dw_counter_total[1m])",
        "increase(dw_counter_total[10m])",
        "delta(dw_gauge[5m])",
        "idelta(dw_gauge[2m])",
        "deriv(dw_gauge[10m])",
        "predict_linear(dw_gauge[10m], 600)",
        "resets(dw_counter_total[30m])",
        "changes(dw_gauge[10m])",
        "rate(dw_counter_total[1m] offset 30m)",
        "avg_over_time(dw_gauge[10m])",
        "sum_over_time(dw_gauge[10m])",
        "count_over_time(dw_gauge[1m])",
        "min_over_time(dw_gauge[10m])",
        "max_over_time(dw_gauge[10m])",
        "last_over_time(dw_gauge[10m])",
        "present_over_time(dw_gauge[1m])",
        "stddev_over_time(dw_gauge[10m])",
        "stdvar_over_time(dw_gauge[10m])",
        "quantile_over_time(0.9, dw_gauge[10m])",
        "holt_winters(dw_gauge[10m], 0.5, 0.3)",
        "absent(nonexistent)",
        "absent(dw_gauge{job=\"nope\", mode=\"x\"})",
        "absent(dw_gauge)",
        "absent_over_time(dw_gauge{job=\"nope\"}[5m])",
        "absent_over_time(dw_gauge[1m])",
        "abs(dw_gauge)",
        "ceil(dw_gauge)",
        "floor(dw_gauge)",
        "round(dw_gauge)",
        "round(dw_gauge, 0.5)",
        "round(dw_gauge, 3)",
        "clamp(dw_gauge, -10, 10)",
        "clamp(dw_gauge, 10, -10)",
        "clamp_min(dw_gauge, 0)",
        "clamp_max(dw_gauge, 0)",
        "exp(dw_gauge / 100)",
        "ln(abs(dw_gauge))",
        "log2(dw_gauge)",
        "log10(dw_gauge)",
        "sqrt(dw_gauge)",
        "sgn(dw_gauge)",
        "sin(dw_gauge)",
        "cos(dw_gauge)",
        "tan(dw_gauge)",
        "asin(dw_gauge / 300)",
        "acos(dw_gauge / 300)",
        "atan(dw_gauge)",
        "sinh(dw_gauge / 100)",
        "cosh(dw_gauge / 100)",
        "tanh(dw_gauge)",
        "asinh(dw_gauge)",
        "acosh(abs(dw_gauge) + 1)",
        "atanh(dw_gauge / 300)",
        "deg(dw_gauge)",
        "rad(dw_gauge)",
        "pi()",
        "time()",
        "timestamp(dw_gauge)",
        "timestamp(dw_gauge * 1)",
        "vector(1)",
        "vector(time())",
        "scalar(sum(dw_gauge))",
        "scalar(dw_gauge)",
        "sort(dw_gauge)",
        "sort_desc(dw_gauge)",
        "label_replace(dw_gauge, \"host\", \"$1\", \"instance\", \"(.*):.*\")",
        "label_replace(dw_gauge, \"host\", \"x-${1}-$2\", \"instance\", \"i(\\\\d)(.*)\")",
        "label_replace(dw_gauge, \"job\", \"\", \"job\", \"a\")",
        "label_join(dw_gauge, \"both\", \",\", \"job\", \"instance\")",
        "day_of_week()",
        "hour()",
        "minute()",
        "month()",
        "year()",
        "day_of_month()",
        "day_of_year()",
        "days_in_month()",
        "hour(timestamp(dw_gauge))",
        "day_of_week(timestamp(dw_gauge) + 86400 * 3)",
        "sum(dw_gauge)",
        "sum by (job) (dw_gauge)",
        "sum without (instance) (dw_gauge)",
        "avg by (job) (dw_gauge)",
        "min by (mode) (dw_gauge)",
        "max(dw_gauge)",
        "count(dw_gauge)",
        "group by (job) (dw_gauge)",
        "stddev(dw_gauge)",
        "stdvar by (job) (dw_gauge)",
        "topk(2, dw_gauge)",
        "bottomk(2, dw_gauge)",
        "topk by (job) (1, dw_gauge)",
        "quantile(0.75, dw_gauge)",
        "quantile by (job) (0.5, rate(dw_counter_total[5m]))",
        "count_values(\"value\", round(dw_gauge / 50))",
        "count_values by (job) (\"v\", ceil(dw_gauge / 40))",
        "sum by (__name__) ({__name__=~\"dw_.*\"})",
        "dw_gauge + 1",
        "2 * dw_gauge",
        "dw_gauge ^ 2",
        "2 ^ 3 ^ 2",
        "-dw_gauge",
        "dw_gauge % 7",
        "dw_gauge > 0",
        "dw_gauge > bool 0",
        "0 < dw_gauge",
        "1 < bool 2",
        "dw_gauge == dw_gauge",
        "dw_gauge != bool dw_gauge",
        "dw_gauge / on(job, instance) group_left dw_counter_total",
        "dw_counter_total / ignoring(mode) group_right dw_gauge",
        "dw_gauge * on(job, instance) group_left(version) dw_info",
        "rate(dw_counter_total[5m]) > on(job, instance) group_left sum by (job, instance) (dw_gauge)",
        "dw_gauge and on(job, instance) dw_counter_total{instance!=\"i3:9090\"}",
        "dw_gauge or dw_counter_total",
        "dw_gauge unless on(job) dw_counter_total{job=\"a\"}",
        "dw_gauge unless dw_gauge > 0",
        "dw_gauge atan2 dw_gauge",
        "dw_gauge + on(job) dw_gauge",
        "dw_gauge + dw_counter_total",
        "sum by (job) (dw_gauge) / on(job) group_right sum by (job, mode) (dw_gauge)",
        "max_over_time(rate(dw_counter_total[5m])[30m:1m])",
        "rate(dw_counter_total[5m:30s])",
        "avg_over_time(dw_gauge[10m:])",
        "min_over_time(sum(dw_gauge)[15m:2m] offset 5m)",
        "last_over_time(dw_gauge[1h:5m] @ end())",
        "deriv(sum(dw_gauge)[20m:1m])",
        "histogram_quantile(0.9, rate(dw_latency_seconds_bucket[5m]))",
        "histogram_quantile(0.5, sum by (le) (rate(dw_latency_seconds_bucket[5m])))",
        "histogram_quantile(0, sum by (le, job) (rate(dw_latency_seconds_bucket[10m])))",
        "histogram_quantile(1, sum by (le, job) (rate(dw_latency_seconds_bucket[10m])))",
        "histogram_quantile(1.5, rate(dw_latency_seconds_bucket[5m]))",
        "histogram_quantile(0.99, dw_latency_seconds_bucket)",
        "rate(dw_latency_seconds_sum[5m]) / rate(dw_latency_seconds_count[5m])",
        "(dw_gauge > 0) * 2 + on(job, instance, mode) (dw_gauge < 50)",
        "sum(rate(dw_counter_total[5m])) by (job) / ignoring(job) group_left sum(rate(dw_counter_total[5m]))",
        "count(dw_gauge > 1000)",
        "1 / 0",
        "-1 / 0",
        "0 / 0",
        "dw_gauge / 0",
    };
}

struct Series {
    std::map<std::int64_t, double> points;
};
using Matrix = std::map<std::string, Series>;

std::string key(const QJsonObject& metric) {
    Labels labels;
    for (auto it = metric.begin(); it != metric.end(); ++it)
        labels.push_back({it.key().toStdString(), it.value().toString().toStdString()});
    sortLabels(labels);
    return promql::labelsToString(labels);
}

double parseValue(const QString& text) {
    if (text == "NaN") return std::nan("");
    if (text == "+Inf") return INFINITY;
    if (text == "-Inf") return -INFINITY;
    return text.toDouble();
}

std::int64_t parseTime(const QJsonValue& v) {
    return std::llround(v.toDouble() * 1000);
}

Matrix fromPrometheus(const QJsonObject& data) {
    Matrix m;
    const QString type = data.value("resultType").toString();
    const QJsonValue result = data.value("result");
    if (type == "scalar" || type == "string") {
        const QJsonArray p = result.toArray();
        m["{}"].points[parseTime(p.at(0))] = type == "scalar" ? parseValue(p.at(1).toString()) : 0;
        return m;
    }
    for (const QJsonValue& s : result.toArray()) {
        Series& series = m[key(s.toObject().value("metric").toObject())];
        const QJsonObject object = s.toObject();
        if (object.contains("value")) {
            const QJsonArray p = object.value("value").toArray();
            series.points[parseTime(p.at(0))] = parseValue(p.at(1).toString());
        }
        for (const QJsonValue& p : object.value("values").toArray())
            series.points[parseTime(p.toArray().at(0))] = parseValue(p.toArray().at(1).toString());
    }
    return m;
}

Matrix fromEngine(const promql::QueryResult& r) {
    Matrix m;
    for (const promql::ResultSeries& s : r.series) {
        Series& series = m[promql::labelsToString(s.labels)];
        for (const promql::Point& p : s.points)
            series.points[p.t] = r.type == promql::ValueType::String ? 0 : p.v;
    }
    return m;
}

bool close(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    if (a == b) return true;
    return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

QString compare(const Matrix& theirs, const Matrix& ours) {
    for (const auto& [labels, series] : theirs)
        if (!ours.count(labels)) return "missing series " + QString::fromStdString(labels);
    for (const auto& [labels, series] : ours) {
        const auto it = theirs.find(labels);
        if (it == theirs.end()) return "extra series " + QString::fromStdString(labels);
        for (const auto& [t, v] : it->second.points) {
            const auto p = series.points.find(t);
            if (p == series.points.end())
                return QStringLiteral("%1: no point at %2 (Prometheus: %3)")
                    .arg(QString::fromStdString(labels))
                    .arg(t)
                    .arg(v);
            if (!close(v, p->second))
                return QStringLiteral("%1 at %2: Prometheus %3, DispatchWatch %4")
                    .arg(QString::fromStdString(labels))
                    .arg(t)
                    .arg(v, 0, 'g', 17)
                    .arg(p->second, 0, 'g', 17);
        }
        if (series.points.size() != it->second.points.size())
            return QStringLiteral("%1: %2 points, Prometheus has %3")
                .arg(QString::fromStdString(labels))
                .arg(series.points.size())
                .arg(it->second.points.size());
    }
    return {};
}

} // namespace

class PromqlAgreementTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    PrometheusServer m_prometheus;
    SeriesStore m_store{SeriesStore::Options{INT64_MAX / 4, std::size_t(1) << 32}};
    std::unique_ptr<promql::Engine> m_engine;

    // Runs the query on both; a failure message, or empty when they agree.
    QString agree(const QString& expression, const PrometheusServer::Params& params, std::int64_t start,
                  std::int64_t end, std::int64_t step, bool range) {
        int status = 0;
        const QByteArray body =
            m_prometheus.get(range ? "/api/v1/query_range" : "/api/v1/query", params, &status);
        const QJsonObject answer = QJsonDocument::fromJson(body).object();
        if (answer.isEmpty()) return "Prometheus gave no JSON: " + QString::fromUtf8(body.left(200));
        promql::SyntaxError syntax;
        const std::string text = expression.toStdString();
        const promql::NodePtr expr = promql::parseQuery(text, syntax, promql::Generation::Prometheus2);
        promql::QueryResult result;
        std::string error;
        const bool ok = expr && (range ? m_engine->range(*expr, start, end, step, result, error)
                                       : m_engine->instant(*expr, start, result, error));
        if (answer.value("status").toString() == "error") {
            if (ok)
                return "Prometheus failed (" + answer.value("error").toString() +
                       ") but DispatchWatch did not";
            if (answer.value("errorType").toString() == "execution" && expr &&
                QString::fromStdString(error) != answer.value("error").toString())
                return "different errors: Prometheus \"" + answer.value("error").toString() +
                       "\", DispatchWatch \"" + QString::fromStdString(error) + "\"";
            return {};
        }
        if (!ok) return "DispatchWatch failed: " + QString::fromStdString(expr ? error : syntax.describe());
        return compare(fromPrometheus(answer.value("data").toObject()), fromEngine(result));
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const std::string data = generateAgreementData(kStart, kSpan, 20261123);
        QFile file(m_dir.filePath("data.om"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(data.data(), qint64(data.size()));
        file.close();
        const QString backfill = PrometheusServer::backfill(file.fileName(), m_dir.filePath("tsdb"));
        QVERIFY2(backfill.isEmpty(), qPrintable(backfill));
        const QString started = m_prometheus.startOnStorage(m_dir.filePath("tsdb"));
        QVERIFY2(started.isEmpty(), qPrintable(started));
        const TimestampedLoad load = loadTimestampedOpenMetrics(data, m_store);
        QVERIFY2(load.ok, load.error.describe().c_str());
        // Debian's Prometheus is 2.42: compare in Prometheus 2 mode.
        promql::EngineOptions options;
        options.generation = promql::Generation::Prometheus2;
        m_engine = std::make_unique<promql::Engine>(m_store, options);
    }

    void cleanupTestCase() { m_prometheus.stop(); }

    void rangeQueries_data() {
        QTest::addColumn<QString>("expression");
        for (const QString& e : referenceExpressions() + ownExpressions())
            QTest::newRow(qPrintable(e.simplified())) << e;
    }
    void rangeQueries() {
        QFETCH(QString, expression);
        // Aligned steps, then an odd step and start that fall between samples.
        const std::int64_t starts[] = {kStart + 30 * 60000, kStart + 31 * 60000 + 7123};
        const std::int64_t steps[] = {60000, 37000};
        for (int i = 0; i < 2; ++i) {
            const std::int64_t end = kStart + kSpan + 10 * 60000;
            const QString failure = agree(expression,
                                          {{"query", expression},
                                           {"start", seconds(starts[i])},
                                           {"end", seconds(end)},
                                           {"step", seconds(steps[i])}},
                                          starts[i], end, steps[i], true);
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        }
    }

    void instantQueries_data() {
        QTest::addColumn<QString>("expression");
        QStringList all = referenceExpressions() + ownExpressions();
        all << "dw_gauge[5m]"
            << "dw_counter_total[2m] offset 1h"
            << "rate(dw_counter_total[5m])[20m:5m]"
            << "\"a string\""
            << "dw_gauge[5m] @ " + seconds(kStart + 3600000);
        for (const QString& e : all)
            QTest::newRow(qPrintable(e.simplified())) << e;
    }
    void instantQueries() {
        QFETCH(QString, expression);
        for (const std::int64_t t :
             {kStart + 45 * 60000 + 500, kStart + kSpan - 1, kStart + kSpan + 4 * 60000}) {
            const QString failure =
                agree(expression, {{"query", expression}, {"time", seconds(t)}}, t, t, 0, false);
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        }
    }

    // The JSON of raw samples is byte for byte Prometheus's.
    void jsonIsPrometheusJson_data() {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<bool>("range");
        QTest::newRow("vector") << "dw_gauge" << false;
        QTest::newRow("matrix") << "compozy_build_info" << true;
        QTest::newRow("range vector") << "dw_info[1m]" << false;
        QTest::newRow("scalar") << "scalar(dw_info{version=\"2.0.0\"})" << false;
        QTest::newRow("empty") << "nonexistent" << true;
    }
    void jsonIsPrometheusJson() {
        QFETCH(QString, expression);
        QFETCH(bool, range);
        const std::int64_t t = kStart + 61 * 60000 + 250;
        PrometheusServer::Params params = {{"query", expression}};
        if (range)
            params << QPair<QString, QString>{"start", seconds(t)}
                   << QPair<QString, QString>{"end", seconds(t + 600000)}
                   << QPair<QString, QString>{"step", "30"};
        else
            params << QPair<QString, QString>{"time", seconds(t)};
        const QByteArray theirs = m_prometheus.get(range ? "/api/v1/query_range" : "/api/v1/query", params);
        promql::SyntaxError syntax;
        const std::string text = expression.toStdString();
        const auto expr = promql::parseQuery(text, syntax, promql::Generation::Prometheus2);
        QVERIFY(expr);
        promql::QueryResult result;
        std::string error;
        QVERIFY(range ? m_engine->range(*expr, t, t + 600000, 30000, result, error)
                      : m_engine->instant(*expr, t, result, error));
        QCOMPARE(QByteArray::fromStdString(promql::formatApiJson(result)), theirs.trimmed());
    }
};

QTEST_GUILESS_MAIN(PromqlAgreementTest)
#include "test_promql_agreement.moc"
