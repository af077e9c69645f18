#include "scrape/file_sd.h"
#include "scrape/prometheus_config.h"
#include "scrape/scrape_configuration.h"
#include "scrape/scrape_manager.h"
#include "scrape/target_discovery.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace dw;

namespace {

const char* kConfig = R"(global:
  scrape_interval: 15s
  scrape_timeout: 5s
  evaluation_interval: 30s
  external_labels:
    cluster: staging
rule_files: [alerts.yml]
scrape_configs:
  - job_name: compozy
    metrics_path: /metrics
    static_configs:
      - targets: ['127.0.0.1:5001', 'compozy-2:5001']
        labels:
          env: dev
          __meta_hidden: x
    relabel_configs:
      - source_labels: [__address__]
        target_label: host
    metric_relabel_configs: []
  - job_name: blackbox
    scheme: https
    scrape_interval: 30s
    metrics_path: /probe
    params:
      module: [http_2xx]
    honor_labels: true
    sample_limit: 5000
    body_size_limit: 10MB
    label_limit: 30
    basic_auth:
      username: support
      password: ${DW_TEST_SECRET}
    tls_config:
      ca_file: certs/ca.pem
      insecure_skip_verify: false
    static_configs:
      - targets: ['probe.local:9115']
        labels: {job: overridden}
    file_sd_configs:
      - files: ['targets/*.json']
        refresh_interval: 1m
)";

} // namespace

class PrometheusConfigTest : public QObject {
    Q_OBJECT

private slots:
    void loadsTargetsAndSettings() {
        qputenv("DW_TEST_SECRET", "from-environment");
        std::string error;
        const auto config = PrometheusConfig::fromYaml(kConfig, "prometheus.yml", "/etc/prometheus", error);
        QVERIFY2(config, error.c_str());
        QCOMPARE(config->scrapeIntervalMs, std::int64_t(15'000));
        QCOMPARE(labelValue(config->externalLabels, "cluster"), std::string_view("staging"));
        QCOMPARE(config->jobs.size(), std::size_t(2));
        const auto targets = config->staticTargets();
        QCOMPARE(targets.size(), std::size_t(3));
        QCOMPARE(targets[0].url.toString(), QString("http://127.0.0.1:5001/metrics"));
        QCOMPARE(formatLabels(targets[0].labels),
                 std::string("{env=\"dev\", instance=\"127.0.0.1:5001\", job=\"compozy\"}"));
        QCOMPARE(targets[0].intervalMs, std::int64_t(15'000));
        QCOMPARE(targets[0].timeoutMs, std::int64_t(5'000));
        const TargetSpec& probe = targets[2];
        QCOMPARE(probe.url.toString(), QString("https://probe.local:9115/probe?module=http_2xx"));
        QCOMPARE(probe.job, std::string("overridden")); // a group label may set job, as in Prometheus
        QCOMPARE(probe.intervalMs, std::int64_t(30'000));
        QCOMPARE(probe.timeoutMs, std::int64_t(5'000));
        QVERIFY(probe.honorLabels);
        QCOMPARE(probe.sampleLimit, std::size_t(5000));
        QCOMPARE(probe.bodySizeLimit, std::size_t(10u << 20));
        QCOMPARE(probe.labelLimit, std::size_t(30));
        QCOMPARE(probe.basicAuthUser, std::string("support"));
        QCOMPARE(probe.basicAuthPassword.reveal(), std::string("from-environment"));
        QCOMPARE(probe.tlsCaFile, std::string("/etc/prometheus/certs/ca.pem"));
        QCOMPARE(config->job("blackbox")->fileSd.front().files.front(),
                 std::string("/etc/prometheus/targets/*.json"));
        QCOMPARE(config->job("blackbox")->fileSd.front().refreshMs, std::int64_t(60'000));
        const QStringList notices = [&] {
            QStringList out;
            for (const auto& n : config->notices)
                out << QString::fromStdString(n);
            return out;
        }();
        QCOMPARE(
            notices,
            QStringList(
                {"prometheus.yml:4: global.evaluation_interval is ignored: DispatchWatch does not use it",
                 "prometheus.yml:7: rule_files is ignored: DispatchWatch does not use it",
                 "prometheus.yml:16: relabel_configs is ignored: DispatchWatch does not use it",
                 "prometheus.yml:19: metric_relabel_configs is ignored: DispatchWatch does not use it"}));
    }

    // The alerting section as Prometheus reads it: each static target of an entry with the entry's scheme,
    // path prefix, timeout, auth and TLS; discovery kinds DispatchWatch does not run are noticed.
    void alertmanagers() {
        qputenv("DW_TEST_SECRET", "am-token");
        const std::string yaml = "alerting:\n"
                                 "  alert_relabel_configs: []\n"
                                 "  alertmanagers:\n"
                                 "    - static_configs:\n"
                                 "        - targets: ['127.0.0.1:9093', 'am-2:9093']\n"
                                 "    - scheme: https\n"
                                 "      path_prefix: /alertmanager/\n"
                                 "      timeout: 3s\n"
                                 "      api_version: v2\n"
                                 "      authorization:\n"
                                 "        credentials: ${DW_TEST_SECRET}\n"
                                 "      tls_config:\n"
                                 "        insecure_skip_verify: true\n"
                                 "      dns_sd_configs: [{names: [am.local]}]\n"
                                 "      static_configs:\n"
                                 "        - targets: ['am.example:443']\n";
        std::string error;
        const auto config = PrometheusConfig::fromYaml(yaml, "p.yml", "/tmp", error);
        QVERIFY2(config, error.c_str());
        QCOMPARE(config->alertmanagers.size(), std::size_t(3));
        QCOMPARE(config->alertmanagers[0].url.toString(), QString("http://127.0.0.1:9093"));
        QCOMPARE(config->alertmanagers[0].timeoutMs, std::int64_t(10'000));
        QCOMPARE(config->alertmanagers[1].url.toString(), QString("http://am-2:9093"));
        const TargetSpec& tls = config->alertmanagers[2];
        QCOMPARE(tls.url.toString(), QString("https://am.example:443/alertmanager"));
        QCOMPARE(tls.timeoutMs, std::int64_t(3'000));
        QCOMPARE(tls.bearerToken.reveal(), std::string("am-token"));
        QVERIFY(tls.tlsInsecureSkipVerify);
        QCOMPARE(config->notices.size(), std::size_t(2));
        QVERIFY(
            QString::fromStdString(config->notices[0]).startsWith("p.yml:2: alerting.alert_relabel_configs"));
        QVERIFY(QString::fromStdString(config->notices[1])
                    .startsWith("p.yml:14: alerting.alertmanagers.dns_sd_configs is ignored"));
    }

    void errors_data() {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("error");
        const QString job = "scrape_configs:\n  - job_name: a\n";
        QTest::newRow("unknown top-level key") << "scrape_cfgs: []\n"
                                               << "p.yml:1:1: unknown key \"scrape_cfgs\" at the top level";
        QTest::newRow("unknown job key") << job + "    scrape_intervall: 5s\n"
                                         << "p.yml:3:5: unknown key \"scrape_intervall\" in a scrape config";
        QTest::newRow("timeout over interval")
            << job + "    scrape_interval: 5s\n    scrape_timeout: 10s\n"
            << "p.yml:4:21: scrape_timeout (10s) is greater than scrape_interval (5s)";
        QTest::newRow("duplicate job") << job + "  - job_name: a\n"
                                       << "p.yml:3:15: job_name \"a\" is used twice";
        QTest::newRow("bad duration") << job + "    scrape_interval: often\n"
                                      << "p.yml:3:22: \"scrape_interval\" must be a duration";
        QTest::newRow("bad scheme") << job + "    scheme: ftp\n"
                                    << "p.yml:3:13: scheme must be http or https";
        QTest::newRow("target with scheme")
            << job + "    static_configs:\n      - targets: ['http://x:1/metrics']\n"
            << "p.yml:4:18: target \"http://x:1/metrics\" must be host:port";
        QTest::newRow("unset variable")
            << job + "    authorization:\n      credentials: ${DW_UNSET_VARIABLE_X}\n"
            << "p.yml:4:20: \"credentials\" names the environment variable DW_UNSET_VARIABLE_X";
        QTest::newRow("cert without key") << job + "    tls_config:\n      cert_file: c.pem\n"
                                          << "tls_config needs both cert_file and key_file";
        QTest::newRow("dns type") << job + "    dns_sd_configs:\n      - names: [x]\n        type: MX\n"
                                  << "supports DNS types SRV and A";
        QTest::newRow("body size") << job + "    body_size_limit: lots\n"
                                   << "body_size_limit must be a size";
        QTest::newRow("alertmanager api v1") << "alerting:\n  alertmanagers:\n    - api_version: v1\n"
                                             << "p.yml:3:20: only api_version v2 exists";
        QTest::newRow("alertmanager with scheme")
            << "alerting:\n  alertmanagers:\n    - static_configs: [{targets: ['http://am:9093']}]\n"
            << "alertmanager \"http://am:9093\" must be host:port";
        QTest::newRow("unknown alerting key") << "alerting:\n  managers: []\n"
                                              << "p.yml:2:3: unknown key \"managers\" in alerting";
        QTest::newRow("yaml syntax") << "scrape_configs: [\n"
                                     << "p.yml:2:1:";
    }
    void errors() {
        QFETCH(QString, yaml);
        QFETCH(QString, error);
        std::string message;
        QVERIFY(!PrometheusConfig::fromYaml(yaml.toStdString(), "p.yml", "/tmp", message));
        QVERIFY2(QString::fromStdString(message).contains(error), message.c_str());
    }

    void byteSizes_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qlonglong>("bytes"); // -1: invalid
        QTest::newRow("plain") << "1024" << 1024LL;
        QTest::newRow("MB is MiB") << "16MB" << qlonglong(16 << 20);
        QTest::newRow("MiB") << "16MiB" << qlonglong(16 << 20);
        QTest::newRow("KB") << "512KB" << qlonglong(512 << 10);
        QTest::newRow("zero") << "0" << 0LL;
        QTest::newRow("bad unit") << "3XB" << -1LL;
        QTest::newRow("empty") << "" << -1LL;
    }
    void byteSizes() {
        QFETCH(QString, text);
        QFETCH(qlonglong, bytes);
        const auto parsed = parseByteSize(text.toStdString());
        QCOMPARE(parsed.has_value(), bytes >= 0);
        if (parsed) QCOMPARE(qlonglong(*parsed), bytes);
    }

    // A reload that fails keeps the running configuration and its targets; a good one replaces them.
    void reloadKeepsTheRunningConfigurationOnFailure() {
        QTemporaryDir dir;
        const QString path = dir.filePath("prometheus.yml");
        auto write = [&](const QByteArray& text) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(text);
        };
        SeriesStore store;
        ManualClock clock(0); // no scrape is due while the test runs
        ScrapeManager manager(store, clock);
        ScrapeConfiguration configuration(
            [&manager](const std::vector<TargetSpec>& targets) { manager.setTargets(targets); });
        write("global:\n  scrape_interval: 1h\nscrape_configs:\n  - job_name: a\n    static_configs:\n"
              "      - targets: ['127.0.0.1:1']\n");
        std::string error;
        QVERIFY2(configuration.load(path.toStdString(), error), error.c_str());
        QTRY_COMPARE(manager.targets().size(), std::size_t(1));

        write("global:\n  scrape_interval: 1h\nscrape_configs:\n  - job_name: a\n    static_configs:\n"
              "      - targets: ['127.0.0.1:1', '127.0.0.1:2']\n    scrape_intervall: 5s\n");
        QVERIFY(!configuration.load(path.toStdString(), error));
        QVERIFY2(
            QString::fromStdString(error).contains("prometheus.yml:7:5: unknown key \"scrape_intervall\""),
            error.c_str());
        QCOMPARE(manager.targets().size(), std::size_t(1)); // a failed load changes nothing, at once
        QCOMPARE(configuration.current()->jobs.front().staticGroups.front().targets.size(), std::size_t(1));

        write("global:\n  scrape_interval: 1h\nscrape_configs:\n  - job_name: a\n    static_configs:\n"
              "      - targets: ['127.0.0.1:1', '127.0.0.1:2']\n");
        QVERIFY2(configuration.load(path.toStdString(), error), error.c_str());
        QTRY_COMPARE(manager.targets().size(), std::size_t(2));
    }

    // file_sd: JSON and YAML files, a glob, changes picked up, bad files keep their previous targets.
    void fileDiscovery() {
        QTemporaryDir dir;
        auto write = [&](const QString& name, const QByteArray& text) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(text);
        };
        write("a.json", R"([{"targets": ["10.0.0.1:9100", "10.0.0.2:9100"], "labels": {"team": "core"}}])");
        write("b.json", R"([{"targets": ["10.0.0.3:9100"]}])");
        write("c.yaml", "- targets: ['10.0.0.9:9100']\n  labels: {team: edge}\n");
        const std::string yaml = "scrape_configs:\n  - job_name: nodes\n    file_sd_configs:\n"
                                 "      - files: ['*.json', 'c.yaml']\n        refresh_interval: 1h\n";
        std::string error;
        const auto config = PrometheusConfig::fromYaml(yaml, "p.yml", dir.path().toStdString(), error);
        QVERIFY2(config, error.c_str());
        int changes = 0;
        std::vector<TargetSpec> latest;
        TargetDiscovery discovery(*config, [&](const std::vector<TargetSpec>& targets) {
            ++changes;
            latest = targets;
        });
        discovery.start();
        QCOMPARE(changes, 1);
        QStringList instances;
        for (const auto& t : latest)
            instances << QString::fromStdString(t.instance() + " " +
                                                std::string(labelValue(t.labels, "team")));
        instances.sort();
        QCOMPARE(instances, QStringList({"10.0.0.1:9100 core", "10.0.0.2:9100 core", "10.0.0.3:9100 ",
                                         "10.0.0.9:9100 edge"}));
        QCOMPARE(latest.front().url.toString(),
                 QString("http://%1/metrics").arg(QString::fromStdString(latest.front().instance())));

        write("b.json", R"([{"targets": ["10.0.0.3:9100", "10.0.0.4:9100"]}])");
        QTRY_COMPARE_WITH_TIMEOUT(latest.size(), std::size_t(5), 5000);

        write("a.json", "[{\"targets\": [\"10.0.0.1:9100\""); // broken mid-write: keep what it had
        QTRY_VERIFY_WITH_TIMEOUT(!discovery.problems().empty(), 5000);
        QVERIFY(QString::fromStdString(discovery.problems().front()).contains("a.json"));
        QCOMPARE(latest.size(), std::size_t(5));

        write("d.json", R"([{"targets": ["10.0.0.5:9100"]}])"); // a new file matching the glob
        QTRY_COMPARE_WITH_TIMEOUT(latest.size(), std::size_t(6), 5000);
        QVERIFY(QFile::remove(dir.filePath("b.json"))); // a removed file takes its targets along
        QTRY_COMPARE_WITH_TIMEOUT(latest.size(), std::size_t(4), 5000);
    }

    // A file_sd file that is not a list of groups is refused with where and why.
    void fileSdErrors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("not a list") << "{\"targets\": []}"
                                    << "t.json: a file_sd file is a list of";
        QTest::newRow("group without targets") << "[{\"labels\": {}}]"
                                               << "t.json: line 1: a group needs";
        QTest::newRow("targets not a list") << "- targets: a:1\n"
                                            << "t.json: line 1: a group needs a list";
        QTest::newRow("labels not a map") << "- targets: ['a:1']\n  labels: [x]\n"
                                          << "t.json: line 2: \"labels\" is a map";
        QTest::newRow("label value a map") << "- targets: ['a:1']\n  labels: {x: {y: 1}}\n"
                                           << "t.json: line 2: bad conversion";
        QTest::newRow("broken JSON") << "[{\"targets\": [\"a:1\""
                                     << "t.json: line 1: end of";
    }
    void fileSdErrors() {
        QFETCH(QString, text);
        QFETCH(QString, error);
        std::string message;
        QVERIFY(!parseFileSd(text.toStdString(), "t.json", message));
        QVERIFY2(QString::fromStdString(message).startsWith(error), message.c_str());
    }

    // What a session or command watches: direct targets plus the configuration's, only the jobs asked
    // for, adjusted, and followed as a file_sd file changes; a job the file lacks is refused.
    void configurationWithDirectTargets() {
        QTemporaryDir dir;
        auto write = [&](const QString& name, const QByteArray& text) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(text);
        };
        write("nodes.json", R"([{"targets": ["127.0.0.1:9100"]}])");
        write("prometheus.yml",
              "scrape_configs:\n  - job_name: nodes\n    scrape_interval: 1m\n"
              "    file_sd_configs:\n      - files: ['nodes.json']\n"
              "  - job_name: other\n    static_configs:\n      - targets: ['127.0.0.1:1']\n");
        std::vector<TargetSpec> latest;
        ScrapeConfiguration configuration([&](const std::vector<TargetSpec>& targets) { latest = targets; });
        TargetSpec direct;
        direct.url = QUrl("http://127.0.0.1:5001/metrics");
        direct.job = "demo";
        configuration.setDirectTargets({direct});
        QCOMPARE(latest.size(), std::size_t(1));
        std::string error;
        ScrapeConfiguration::Options options;
        options.jobs = {"nodes", "missing"};
        QVERIFY(!configuration.load(dir.filePath("prometheus.yml").toStdString(), error, options));
        QVERIFY2(error.find("no job \"missing\"") != std::string::npos, error.c_str());
        QVERIFY(!configuration.current());
        options.jobs = {"nodes"};
        options.adjust = [](TargetSpec& spec) { spec.intervalMs = 15000; };
        QVERIFY2(configuration.load(dir.filePath("prometheus.yml").toStdString(), error, options),
                 error.c_str());
        QVERIFY(configuration.settled());
        QCOMPARE(latest.size(), std::size_t(2));
        QCOMPARE(latest[0].job, std::string("demo"));
        QCOMPARE(latest[1].job, std::string("nodes"));
        QCOMPARE(latest[1].intervalMs, std::int64_t(15000));

        write("nodes.json", R"([{"targets": ["127.0.0.1:9100", "127.0.0.1:9101"]}])");
        QTRY_COMPARE_WITH_TIMEOUT(latest.size(), std::size_t(3), 5000);
        QCOMPARE(configuration.directTargets().size(), std::size_t(1));
        configuration.unload();
        QCOMPARE(latest.size(), std::size_t(1));
        write("nodes.json", R"([])"); // no longer followed
        QTest::qWait(300);
        QCOMPARE(latest.size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(PrometheusConfigTest)
#include "test_prometheus_config.moc"
