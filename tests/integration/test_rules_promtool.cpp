// Alert rules against the real promtool: DispatchWatch evaluates a rule file over input series and
// writes what it finds (firing alerts with labels and annotations, at several times) as a
// `promtool test rules` unit test. promtool passes it only if its own evaluation finds exactly the same.
#include "alerts/rule_evaluator.h"
#include "alerts/rule_export.h"
#include "health/profile_set.h"
#include "promql/label_set.h"
#include "promql/series_description.h"
#include "promql/step_series.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <set>

using namespace dw;

namespace {

const char* kRules = R"(groups:
  - name: agreement
    rules:
      - alert: HighValue
        expr: metric > 10
        for: 2m
        labels:
          severity: page
          env_copy: "{{ $labels.env }}-x"
        annotations:
          summary: "{{ $labels.instance }} is {{ $value }}"
          human: "{{ $value | humanize }} / {{ $value | humanizeDuration }} / {{ $value | humanizePercentage }}"
          formatted: '{{ printf "%.2f" $value }} {{ $value | printf "%.1f" }} {{ .Value }} {{ .Labels.env }}'
          upper: "{{ $labels.env | toUpper }} {{ $labels.env | title }}"
      - alert: Immediate
        expr: metric{env="prod"} > 5
        annotations:
          summary: "{{ $value | humanize1024 }} {{- \" trimmed\" }}"
      - alert: KeepFiring
        expr: flapper == 1
        keep_firing_for: 3m
      - alert: Absent
        expr: absent(missing_metric)
        labels:
          severity: info
      - alert: Scaled
        expr: big * 1000000
        annotations:
          v: "{{ $value }}"
          h: "{{ $value | humanize }}"
          d: "{{ $value | humanizeDuration }}"
      - alert: Small
        expr: big / 1000
        annotations:
          v: "{{ $value }}"
          h: "{{ $value | humanize }}"
          d: "{{ $value | humanizeDuration }}"
      - record: env:metric:sum
        expr: sum by (env) (metric)
      - alert: FromRecording
        expr: env:metric:sum > 20
        for: 1m
  - name: dispatchers
    interval: 30s
    rules:
      - alert: DispatcherStale
        expr: time() - timestamp(heartbeat) > 120 or (time() - max_over_time(timestamp(changes(heartbeat[1m]) > 0)[10m:1m]) > 120)
        annotations:
          summary: "{{ $labels.dispatcher_id }} silent for {{ $value | humanizeDuration }}"
      - alert: ConsecutiveFailures
        expr: max(compozy_dispatcher_consecutive_failures) > 5
        for: 1m
)";

const std::vector<std::pair<std::string, std::string>> kSeries = {
    {"metric{env=\"prod\", instance=\"a\"}", "0 5 11 12 13 14 3 3 _ 30 30 30"},
    {"metric{env=\"dev\", instance=\"b\"}", "20x12"},
    {"flapper", "1 1 0 0 0 0 0 1 0 0 0 0 0"},
    {"big", "0.0000012 1234.5 0.5 86400.25 3e-9 -45 12345678 0 0 0 0 0 0"},
    {"heartbeat{dispatcher_id=\"d1\"}", "0 1 2 3 3 3 3 3 3 3 3 3 3"},
    {"compozy_dispatcher_consecutive_failures{dispatcher_id=\"d1\"}", "0 0 0 0 1 2 3 4 5 6 7 8 9"},
};

// The exported Compozy profile's rules need: a dispatcher that stops beating, one that restarts repeatedly,
// failures counting up, a reported stale dispatcher and a target that goes down.
const std::vector<std::pair<std::string, std::string>> kCompozySeries = {
    {"compozy_dispatcher_heartbeat_total{dispatcher_id=\"d1\"}", "0 1 2 3 3 3 3 3 3 3 3 3 3"},
    {"compozy_dispatcher_heartbeat_total{dispatcher_id=\"d2\"}", "0 1 2 3 4 5 6 7 8 9 10 11 12"},
    {"compozy_dispatcher_lifecycle_events_total{dispatcher_id=\"d2\", event=\"restart\"}",
     "0 1 2 3 4 4 4 4 4 4 4 4 4"},
    {"compozy_dispatcher_consecutive_failures{dispatcher_id=\"d1\"}", "0 0 0 0 1 2 3 4 5 6 7 8 9"},
    {"compozy_dispatcher_health_status{dispatcher_id=\"d1\", is_stale=\"true\"}",
     "0 0 0 0 1 1 1 1 1 1 1 1 1"},
    {"up{job=\"compozy\", instance=\"a\"}", "1 1 1 0 0 1 1 1 1 1 1 1 1"},
};

std::string exportedCompozyRules() {
    const ProfileSet profiles = ProfileSet::load({});
    std::string error;
    return exportRuleFile(*profiles.find("compozy"), error);
}

std::string yamlQuote(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

} // namespace

class RulesPromtoolTest : public QObject {
    Q_OBJECT

private slots:
    // The rules written here, and those `rules export` writes for the Compozy profile.
    void promtoolAgrees_data() {
        QTest::addColumn<QString>("rulesText");
        QTest::addColumn<int>("series"); // 0: kSeries, 1: kCompozySeries
        QTest::addColumn<int>("minFiring");
        QTest::newRow("hand-written") << QString(kRules) << 0 << 21;
        QTest::newRow("exported compozy profile")
            << QString::fromStdString(exportedCompozyRules()) << 1 << 15;
    }
    void promtoolAgrees() {
        QFETCH(QString, rulesText);
        QFETCH(int, series);
        QFETCH(int, minFiring);
        const std::vector<std::pair<std::string, std::string>>& input =
            series == 0 ? kSeries : kCompozySeries;
        const std::string rulesYaml = rulesText.toStdString();
        QVERIFY(!rulesYaml.empty());
        const QString promtool = QStandardPaths::findExecutable("promtool");
        QVERIFY2(!promtool.isEmpty(), "promtool is not installed (Debian package prometheus)");
        std::string error;
        // Debian's promtool is 2.42: evaluate with Prometheus 2's semantics.
        auto groups = parseRuleFile(rulesYaml, "rules.yml", error, 60000, promql::Generation::Prometheus2);
        QVERIFY2(groups, error.c_str());

        // Our side: the input series, then every rule evaluated each minute as promtool does.
        SeriesStore store;
        {
            SeriesStore::Writer writer(store);
            for (const auto& [text, values] : input) {
                promql::SeriesDescription d;
                QVERIFY(promql::parseSeriesDescription(text + " " + values, d, error));
                std::vector<LabelView> views;
                for (const Label& l : d.labels)
                    views.push_back({l.name, l.value});
                const SeriesRef ref = writer.getOrCreate(views);
                for (std::size_t i = 0; i < d.values.size(); ++i)
                    if (promql::isPresent(d.values[i]))
                        writer.append(ref, std::int64_t(i) * 60000, d.values[i]);
            }
        }
        promql::EngineOptions options;
        options.generation = promql::Generation::Prometheus2;
        RuleEvaluator evaluator(store, *groups, options);
        std::set<std::string> names;
        for (const RuleGroup& g : *groups)
            for (const Rule& r : g.rules)
                if (!r.alert.empty()) names.insert(r.alert);

        std::string tests = "rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n"
                            "    input_series:\n";
        for (const auto& [text, values] : input)
            tests += "      - series: " + yamlQuote(text) + "\n        values: " + yamlQuote(values) + "\n";
        tests += "    alert_rule_test:\n";
        int firing = 0;
        for (int minute = 0; minute <= 12; ++minute) {
            const auto problems = evaluator.evaluateAll(std::int64_t(minute) * 60000);
            QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
            for (const std::string& name : names) {
                tests += "      - eval_time: " + std::to_string(minute) + "m\n        alertname: " + name +
                         "\n        exp_alerts:";
                bool any = false;
                for (const Alert& a : evaluator.firing()) {
                    if (a.rule != name) continue;
                    any = true;
                    ++firing;
                    tests += "\n          - exp_labels:";
                    for (const Label& l : a.labels)
                        if (l.name != "alertname")
                            tests += "\n              " + l.name + ": " + yamlQuote(l.value);
                    if (a.labels.size() == 1) tests += " {}";
                    tests += "\n            exp_annotations:";
                    for (const auto& [k, v] : a.annotations)
                        tests += "\n              " + k + ": " + yamlQuote(v);
                    if (a.annotations.empty()) tests += " {}";
                }
                tests += any ? "\n" : " []\n";
            }
        }
        QVERIFY2(firing >= minFiring,
                 qPrintable(QStringLiteral("only %1 firing alerts to compare").arg(firing)));

        QTemporaryDir dir;
        QFile rules(dir.filePath("rules.yml")), test(dir.filePath("test.yml"));
        QVERIFY(rules.open(QIODevice::WriteOnly) && test.open(QIODevice::WriteOnly));
        rules.write(rulesYaml.data(), qint64(rulesYaml.size()));
        test.write(tests.data(), qint64(tests.size()));
        rules.close();
        test.close();
        auto runPromtool = [&](const QString& file, QString& output) {
            QProcess process;
            process.setWorkingDirectory(dir.path());
            process.setProcessChannelMode(QProcess::MergedChannels);
            process.start(promtool, {"test", "rules", file});
            process.waitForFinished(60000);
            output = QString::fromUtf8(process.readAll());
            return process.exitCode();
        };
        QString output;
        QVERIFY2(
            runPromtool("test.yml", output) == 0,
            qPrintable(output + "\n--- the test DispatchWatch wrote:\n" + QString::fromStdString(tests)));
        // A control: the same test with one annotation changed must fail, or the comparison proves nothing.
        std::string altered = tests;
        const std::string summary = "exp_annotations:\n              summary: \"";
        const std::size_t at = altered.find(summary);
        QVERIFY(at != std::string::npos);
        altered.insert(at + summary.size(), "altered ");
        QFile control(dir.filePath("control.yml"));
        QVERIFY(control.open(QIODevice::WriteOnly));
        control.write(altered.data(), qint64(altered.size()));
        control.close();
        QVERIFY(runPromtool("control.yml", output) != 0);
        QVERIFY2(output.contains("FAILED"), qPrintable(output));
    }

    // promtool's own checks reject these, and so do we.
    void invalidRuleFiles_data() {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("error");
        QTest::newRow("bad expr")
            << "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x)\n"
            << "rules.yml:5:15: could not parse expression: 1:6: parse error: expected type "
               "range vector in call to function \"rate\", got instant vector";
        QTest::newRow("both names")
            << "groups:\n  - name: g\n    rules:\n      - alert: A\n        record: b\n"
               "        expr: x\n"
            << "rules.yml:4:9: a rule needs exactly one of \"alert\" and \"record\"";
        QTest::newRow("bad template")
            << "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: x\n"
               "        annotations:\n          s: \"{{ $value | nosuch }}\"\n"
            << "rules.yml:7:14: template \"{{ $value | nosuch }}\": function \"nosuch\" not "
               "defined";
        QTest::newRow("repeated group") << "groups:\n  - name: g\n    rules: []\n  - name: g\n    rules: []\n"
                                        << "rules.yml:4:11: groupname: \"g\" is repeated in the same file";
    }
    void invalidRuleFiles() {
        QFETCH(QString, yaml);
        QFETCH(QString, error);
        std::string message;
        QVERIFY(!parseRuleFile(yaml.toStdString(), "rules.yml", message));
        QCOMPARE(QString::fromStdString(message), error);
    }
};

QTEST_GUILESS_MAIN(RulesPromtoolTest)
#include "test_rules_promtool.moc"
