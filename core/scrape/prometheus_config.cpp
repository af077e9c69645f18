#include "scrape/prometheus_config.h"

#include "util/duration.h"
#include "util/yaml_reading.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <set>
#include <yaml-cpp/yaml.h>

namespace dw {

namespace {

using ConfigError = YamlError;

const std::set<std::string, std::less<>> kIgnoredTopLevel = {
    "rule_files", "remote_write", "storage", "tracing", "scrape_config_files", "otlp", "runtime"};
const std::set<std::string, std::less<>> kIgnoredGlobal = {
    "evaluation_interval",     "query_log_file",           "scrape_protocols", "rule_query_offset",
    "scrape_failure_log_file", "body_size_limit",          "sample_limit",     "label_limit",
    "label_name_length_limit", "label_value_length_limit", "target_limit",     "keep_dropped_targets"};
const std::set<std::string, std::less<>> kIgnoredJob = {"relabel_configs",
                                                        "metric_relabel_configs",
                                                        "target_limit",
                                                        "proxy_url",
                                                        "no_proxy",
                                                        "proxy_from_environment",
                                                        "proxy_connect_header",
                                                        "follow_redirects",
                                                        "enable_http2",
                                                        "oauth2",
                                                        "scrape_protocols",
                                                        "scrape_classic_histograms",
                                                        "native_histogram_bucket_limit",
                                                        "native_histogram_min_bucket_factor",
                                                        "track_timestamps_staleness",
                                                        "keep_dropped_targets",
                                                        "enable_compression",
                                                        "scrape_failure_log_file",
                                                        "always_scrape_classic_histograms",
                                                        "convert_classic_histograms_to_nhcb",
                                                        "kubernetes_sd_configs",
                                                        "consul_sd_configs",
                                                        "ec2_sd_configs",
                                                        "azure_sd_configs",
                                                        "gce_sd_configs",
                                                        "openstack_sd_configs",
                                                        "docker_sd_configs",
                                                        "dockerswarm_sd_configs",
                                                        "http_sd_configs",
                                                        "eureka_sd_configs",
                                                        "hetzner_sd_configs",
                                                        "ionos_sd_configs",
                                                        "kuma_sd_configs",
                                                        "lightsail_sd_configs",
                                                        "linode_sd_configs",
                                                        "marathon_sd_configs",
                                                        "nerve_sd_configs",
                                                        "nomad_sd_configs",
                                                        "digitalocean_sd_configs",
                                                        "scaleway_sd_configs",
                                                        "serverset_sd_configs",
                                                        "triton_sd_configs",
                                                        "uyuni_sd_configs",
                                                        "vultr_sd_configs",
                                                        "puppetdb_sd_configs",
                                                        "ovhcloud_sd_configs"};

struct Reader {
    std::string source;
    std::string baseDir;
    std::vector<std::string>* notices;
    std::set<std::string> reported;

    void ignore(const YAML::Node& key, const std::string& what) {
        if (!reported.insert(what).second) return;
        notices->push_back(source + ":" + std::to_string(key.Mark().line + 1) + ": " + what +
                           " is ignored: DispatchWatch does not use it");
    }

    std::string text(const YAML::Node& node, const char* what) { return yamlScalar(node, what); }
    std::int64_t duration(const YAML::Node& node, const char* what) { return yamlDuration(node, what); }
    bool flag(const YAML::Node& node, const char* what) {
        const std::string value = text(node, what);
        if (value == "true") return true;
        if (value == "false") return false;
        throw ConfigError(node, std::string("\"") + what + "\" must be true or false");
    }
    std::size_t count(const YAML::Node& node, const char* what) {
        const std::string value = text(node, what);
        if (value.empty() ||
            !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
            throw ConfigError(node, std::string("\"") + what + "\" must be a whole number");
        return std::size_t(std::stoull(value));
    }
    std::string path(const YAML::Node& node, const char* what) {
        const QString value = QString::fromStdString(text(node, what));
        return QDir::isAbsolutePath(value)
                   ? value.toStdString()
                   : QDir(QString::fromStdString(baseDir)).filePath(value).toStdString();
    }
    // A secret, written inline, as ${VARIABLE}, or read from a file.
    Secret secret(const YAML::Node& node, const char* what) {
        std::string value = text(node, what);
        if (value.size() > 3 && value.starts_with("${") && value.ends_with("}")) {
            const std::string variable = value.substr(2, value.size() - 3);
            // Qt's reading of the environment is guarded against qputenv on other threads; getenv is not.
            if (!qEnvironmentVariableIsSet(variable.c_str()))
                throw ConfigError(node, std::string("\"") + what + "\" names the environment variable " +
                                            variable + ", which is not set");
            value = qgetenv(variable.c_str()).toStdString();
        }
        return Secret(value);
    }
    Secret secretFile(const YAML::Node& node, const char* what) {
        QFile file(QString::fromStdString(path(node, what)));
        if (!file.open(QIODevice::ReadOnly))
            throw ConfigError(node, std::string("cannot read the file of \"") + what +
                                        "\": " + file.errorString().toStdString());
        return Secret(file.readAll().trimmed().toStdString());
    }
    Labels labels(const YAML::Node& node, const char* what) {
        if (!node.IsMap())
            throw ConfigError(node, std::string("\"") + what + "\" must map label names to values");
        Labels out;
        for (const auto& entry : node)
            out.push_back({entry.first.as<std::string>(), text(entry.second, what)});
        sortLabels(out);
        return out;
    }
    std::vector<std::string> list(const YAML::Node& node, const char* what) {
        std::vector<std::string> out;
        if (node.IsScalar()) return {node.as<std::string>()};
        if (!node.IsSequence()) throw ConfigError(node, std::string("\"") + what + "\" must be a list");
        for (const YAML::Node& item : node)
            out.push_back(text(item, what));
        return out;
    }

    void readAuth(const YAML::Node& job, TargetSpec& spec) {
        if (const YAML::Node basic = job["basic_auth"]) {
            if (basic["username"]) spec.basicAuthUser = text(basic["username"], "username");
            if (basic["password"]) spec.basicAuthPassword = secret(basic["password"], "password");
            if (basic["password_file"])
                spec.basicAuthPassword = secretFile(basic["password_file"], "password_file");
        }
        if (const YAML::Node authorization = job["authorization"]) {
            const std::string type = authorization["type"] ? text(authorization["type"], "type") : "Bearer";
            if (type != "Bearer")
                throw ConfigError(authorization["type"], "only the Bearer authorization type is supported");
            if (authorization["credentials"])
                spec.bearerToken = secret(authorization["credentials"], "credentials");
            if (authorization["credentials_file"])
                spec.bearerToken = secretFile(authorization["credentials_file"], "credentials_file");
        }
        if (job["bearer_token"]) spec.bearerToken = secret(job["bearer_token"], "bearer_token");
        if (job["bearer_token_file"])
            spec.bearerToken = secretFile(job["bearer_token_file"], "bearer_token_file");
        if (job["basic_auth"] && !spec.bearerToken.empty())
            throw ConfigError(job["basic_auth"], "basic_auth and a bearer token cannot both be set");
        if (const YAML::Node tls = job["tls_config"]) {
            if (tls["ca_file"]) spec.tlsCaFile = path(tls["ca_file"], "ca_file");
            if (tls["cert_file"]) spec.tlsCertFile = path(tls["cert_file"], "cert_file");
            if (tls["key_file"]) spec.tlsKeyFile = path(tls["key_file"], "key_file");
            if (tls["server_name"]) spec.tlsServerName = text(tls["server_name"], "server_name");
            if (tls["insecure_skip_verify"])
                spec.tlsInsecureSkipVerify = flag(tls["insecure_skip_verify"], "insecure_skip_verify");
            if (spec.tlsCertFile.empty() != spec.tlsKeyFile.empty())
                throw ConfigError(tls, "tls_config needs both cert_file and key_file, or neither");
        }
    }

    RemoteServer readRemote(const YAML::Node& node) {
        static const std::set<std::string, std::less<>> used = {
            "url",        "name",          "remote_timeout", "headers",           "required_matchers",
            "basic_auth", "authorization", "bearer_token",   "bearer_token_file", "tls_config"};
        if (!node.IsMap()) throw ConfigError(node, "each remote_read entry must be a mapping");
        for (const auto& entry : node) {
            const std::string key = entry.first.as<std::string>();
            if (!used.count(key)) ignore(entry.first, "remote_read." + key);
        }
        if (!node["url"]) throw ConfigError(node, "a remote_read entry needs \"url\"");
        RemoteServer server;
        QString url = QString::fromStdString(text(node["url"], "url"));
        // The remote-read endpoint names the server; its query API lives at the same base.
        if (url.endsWith("/api/v1/read")) url.chop(int(std::strlen("/api/v1/read")));
        server.http.url = QUrl(url);
        if (!server.http.url.isValid() ||
            (server.http.url.scheme() != "http" && server.http.url.scheme() != "https"))
            throw ConfigError(node["url"], "remote_read url must be an http or https URL");
        server.name = node["name"] ? text(node["name"], "name") : std::string();
        if (node["remote_timeout"])
            server.http.timeoutMs = duration(node["remote_timeout"], "remote_timeout");
        if (const YAML::Node headers = node["headers"]) {
            if (!headers.IsMap()) throw ConfigError(headers, "\"headers\" must map header names to values");
            for (const auto& entry : headers)
                server.http.headers.emplace_back(entry.first.as<std::string>(),
                                                 secret(entry.second, "headers"));
        }
        if (node["required_matchers"])
            server.requiredMatchers = labels(node["required_matchers"], "required_matchers");
        readAuth(node, server.http);
        return server;
    }

    // alerting.alertmanagers: static targets only, each with the entry's scheme, path_prefix, timeout,
    // auth and TLS; the base URL of Alertmanager's API.
    void readAlerting(const YAML::Node& node, std::vector<TargetSpec>& out) {
        if (!node.IsMap()) throw ConfigError(node, "\"alerting\" must be a mapping");
        for (const auto& entry : node) {
            const std::string key = entry.first.as<std::string>();
            if (key == "alert_relabel_configs")
                ignore(entry.first, "alerting." + key);
            else if (key != "alertmanagers")
                throw ConfigError(entry.first, "unknown key \"" + key + "\" in alerting");
        }
        const YAML::Node managers = node["alertmanagers"];
        if (!managers) return;
        if (!managers.IsSequence()) throw ConfigError(managers, "\"alertmanagers\" must be a list");
        static const std::set<std::string, std::less<>> used = {
            "static_configs", "path_prefix",   "scheme",       "timeout",           "api_version",
            "basic_auth",     "authorization", "bearer_token", "bearer_token_file", "tls_config"};
        for (const YAML::Node& am : managers) {
            if (!am.IsMap()) throw ConfigError(am, "each alertmanagers entry must be a mapping");
            for (const auto& entry : am) {
                const std::string key = entry.first.as<std::string>();
                if (!used.count(key)) ignore(entry.first, "alerting.alertmanagers." + key);
            }
            TargetSpec http;
            http.timeoutMs = am["timeout"] ? duration(am["timeout"], "timeout") : 10'000;
            const std::string scheme = am["scheme"] ? text(am["scheme"], "scheme") : "http";
            if (scheme != "http" && scheme != "https")
                throw ConfigError(am["scheme"], "scheme must be http or https");
            if (am["api_version"] && text(am["api_version"], "api_version") != "v2")
                throw ConfigError(am["api_version"],
                                  "only api_version v2 exists in Alertmanager 0.16 and later");
            std::string prefix = am["path_prefix"] ? text(am["path_prefix"], "path_prefix") : "";
            if (!prefix.empty() && prefix.front() != '/') prefix.insert(0, "/");
            while (!prefix.empty() && prefix.back() == '/')
                prefix.pop_back();
            readAuth(am, http);
            const YAML::Node groups = am["static_configs"];
            if (groups && !groups.IsSequence())
                throw ConfigError(groups, "\"static_configs\" must be a list");
            for (const YAML::Node& group : groups) {
                for (const std::string& address :
                     group["targets"] ? list(group["targets"], "targets") : std::vector<std::string>{}) {
                    if (address.empty() || address.find('/') != std::string::npos)
                        throw ConfigError(group["targets"],
                                          "alertmanager \"" + address +
                                              "\" must be host:port, without a scheme or path");
                    TargetSpec spec = http;
                    spec.url = QUrl(QString::fromStdString(scheme + "://" + address + prefix));
                    out.push_back(std::move(spec));
                }
            }
        }
    }

    ScrapeJob readJob(const YAML::Node& node, const PrometheusConfig& config) {
        static const std::set<std::string, std::less<>> used = {"job_name",
                                                                "scrape_interval",
                                                                "scrape_timeout",
                                                                "metrics_path",
                                                                "scheme",
                                                                "params",
                                                                "honor_labels",
                                                                "honor_timestamps",
                                                                "static_configs",
                                                                "file_sd_configs",
                                                                "dns_sd_configs",
                                                                "basic_auth",
                                                                "authorization",
                                                                "bearer_token",
                                                                "bearer_token_file",
                                                                "tls_config",
                                                                "sample_limit",
                                                                "body_size_limit",
                                                                "label_limit",
                                                                "label_name_length_limit",
                                                                "label_value_length_limit"};
        if (!node.IsMap()) throw ConfigError(node, "each scrape_configs entry must be a mapping");
        for (const auto& entry : node) {
            const std::string key = entry.first.as<std::string>();
            if (kIgnoredJob.count(key))
                ignore(entry.first, key);
            else if (!used.count(key))
                throw ConfigError(entry.first, "unknown key \"" + key + "\" in a scrape config");
        }
        if (!node["job_name"]) throw ConfigError(node, "a scrape config needs \"job_name\"");
        ScrapeJob job;
        TargetSpec& d = job.defaults;
        d.job = text(node["job_name"], "job_name");
        d.intervalMs = node["scrape_interval"] ? duration(node["scrape_interval"], "scrape_interval")
                                               : config.scrapeIntervalMs;
        d.timeoutMs = node["scrape_timeout"] ? duration(node["scrape_timeout"], "scrape_timeout")
                                             : std::min(config.scrapeTimeoutMs, d.intervalMs);
        if (d.intervalMs <= 0) throw ConfigError(node["scrape_interval"], "scrape_interval must be positive");
        if (d.timeoutMs > d.intervalMs)
            throw ConfigError(node["scrape_timeout"] ? node["scrape_timeout"] : node,
                              "scrape_timeout (" + formatDurationMs(d.timeoutMs) +
                                  ") is greater than scrape_interval (" + formatDurationMs(d.intervalMs) +
                                  ")");
        if (node["metrics_path"]) job.metricsPath = text(node["metrics_path"], "metrics_path");
        if (node["scheme"]) {
            job.scheme = text(node["scheme"], "scheme");
            if (job.scheme != "http" && job.scheme != "https")
                throw ConfigError(node["scheme"], "scheme must be http or https");
        }
        if (const YAML::Node params = node["params"]) {
            if (!params.IsMap()) throw ConfigError(params, "\"params\" must map names to lists of values");
            for (const auto& entry : params)
                for (const std::string& value : list(entry.second, "params"))
                    job.params.emplace_back(entry.first.as<std::string>(), value);
        }
        if (node["honor_labels"]) d.honorLabels = flag(node["honor_labels"], "honor_labels");
        if (node["honor_timestamps"]) d.honorTimestamps = flag(node["honor_timestamps"], "honor_timestamps");
        if (node["sample_limit"]) d.sampleLimit = count(node["sample_limit"], "sample_limit");
        if (node["label_limit"]) d.labelLimit = count(node["label_limit"], "label_limit");
        if (node["label_name_length_limit"])
            d.labelNameLengthLimit = count(node["label_name_length_limit"], "label_name_length_limit");
        if (node["label_value_length_limit"])
            d.labelValueLengthLimit = count(node["label_value_length_limit"], "label_value_length_limit");
        if (node["body_size_limit"]) {
            const auto size = parseByteSize(text(node["body_size_limit"], "body_size_limit"));
            if (!size)
                throw ConfigError(node["body_size_limit"],
                                  "body_size_limit must be a size such as 16MiB or 512KB");
            d.bodySizeLimit = *size;
        }
        readAuth(node, d);
        if (const YAML::Node groups = node["static_configs"]) {
            if (!groups.IsSequence()) throw ConfigError(groups, "\"static_configs\" must be a list");
            for (const YAML::Node& group : groups) {
                TargetGroup parsed;
                if (group["targets"]) parsed.targets = list(group["targets"], "targets");
                if (group["labels"]) parsed.labels = labels(group["labels"], "labels");
                for (const std::string& target : parsed.targets)
                    if (target.empty() || target.find('/') != std::string::npos)
                        throw ConfigError(group["targets"],
                                          "target \"" + target +
                                              "\" must be host:port, without a scheme or path");
                job.staticGroups.push_back(std::move(parsed));
            }
        }
        if (const YAML::Node files = node["file_sd_configs"]) {
            for (const YAML::Node& entry : files) {
                FileSdConfig sd;
                if (!entry["files"]) throw ConfigError(entry, "file_sd_configs entries need \"files\"");
                for (const YAML::Node& file : entry["files"])
                    sd.files.push_back(path(file, "files"));
                if (entry["refresh_interval"])
                    sd.refreshMs = duration(entry["refresh_interval"], "refresh_interval");
                job.fileSd.push_back(std::move(sd));
            }
        }
        if (const YAML::Node dns = node["dns_sd_configs"]) {
            for (const YAML::Node& entry : dns) {
                DnsSdConfig sd;
                if (!entry["names"]) throw ConfigError(entry, "dns_sd_configs entries need \"names\"");
                sd.names = list(entry["names"], "names");
                if (entry["type"]) sd.type = text(entry["type"], "type");
                if (sd.type != "SRV" && sd.type != "A")
                    throw ConfigError(entry["type"], "DispatchWatch supports DNS types SRV and A");
                if (entry["port"]) sd.port = int(count(entry["port"], "port"));
                if (sd.type == "A" && sd.port == 0)
                    throw ConfigError(entry, "an A-record dns_sd_config needs a \"port\"");
                if (entry["refresh_interval"])
                    sd.refreshMs = duration(entry["refresh_interval"], "refresh_interval");
                job.dnsSd.push_back(std::move(sd));
            }
        }
        return job;
    }
};

} // namespace

std::optional<std::size_t> parseByteSize(std::string_view text) {
    std::size_t i = 0;
    std::size_t number = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9')
        number = number * 10 + std::size_t(text[i++] - '0');
    if (i == 0) return std::nullopt;
    const std::string_view unit = text.substr(i);
    const std::pair<std::string_view, std::size_t> units[] = {
        {"", 1},          {"B", 1},          {"KB", 1u << 10}, {"KiB", 1u << 10},
        {"MB", 1u << 20}, {"MiB", 1u << 20}, {"GB", 1u << 30}, {"GiB", 1u << 30}};
    for (const auto& [name, factor] : units)
        if (unit == name) return number * factor;
    return std::nullopt;
}

std::vector<TargetSpec> ScrapeJob::targetsFor(const TargetGroup& group) const {
    std::vector<TargetSpec> out;
    for (const std::string& address : group.targets) {
        TargetSpec spec = defaults;
        QUrl url;
        url.setScheme(QString::fromStdString(scheme));
        url.setAuthority(QString::fromStdString(address));
        url.setPath(QString::fromStdString(metricsPath));
        if (!params.empty()) {
            QString query;
            for (const auto& [name, value] : params)
                query += (query.isEmpty() ? "" : "&") +
                         QUrl::toPercentEncoding(QString::fromStdString(name)) + "=" +
                         QUrl::toPercentEncoding(QString::fromStdString(value));
            url.setQuery(query, QUrl::StrictMode);
        }
        spec.url = url;
        Labels labels = {{"job", defaults.job}, {"instance", address}};
        for (const Label& label : group.labels) {
            if (label.name.starts_with("__")) continue;
            auto existing = std::find_if(labels.begin(), labels.end(),
                                         [&](const Label& l) { return l.name == label.name; });
            if (existing != labels.end())
                existing->value = label.value;
            else
                labels.push_back(label);
        }
        sortLabels(labels);
        spec.labels = std::move(labels);
        spec.job = std::string(labelValue(spec.labels, "job"));
        out.push_back(std::move(spec));
    }
    return out;
}

std::optional<PrometheusConfig> PrometheusConfig::fromYaml(std::string_view yaml, const std::string& source,
                                                           const std::string& baseDir, std::string& error) {
    PrometheusConfig config;
    Reader reader{source, baseDir, &config.notices, {}};
    try {
        const YAML::Node root = YAML::Load(std::string(yaml));
        if (!root.IsMap())
            throw ConfigError(root, "a Prometheus configuration is a mapping with scrape_configs");
        for (const auto& entry : root) {
            const std::string key = entry.first.as<std::string>();
            if (kIgnoredTopLevel.count(key))
                reader.ignore(entry.first, key);
            else if (key != "global" && key != "scrape_configs" && key != "remote_read" && key != "alerting")
                throw ConfigError(entry.first, "unknown key \"" + key + "\" at the top level");
        }
        if (const YAML::Node global = root["global"]) {
            for (const auto& entry : global) {
                const std::string key = entry.first.as<std::string>();
                if (kIgnoredGlobal.count(key))
                    reader.ignore(entry.first, "global." + key);
                else if (key != "scrape_interval" && key != "scrape_timeout" && key != "external_labels")
                    throw ConfigError(entry.first, "unknown key \"" + key + "\" in global");
            }
            if (global["scrape_interval"])
                config.scrapeIntervalMs = reader.duration(global["scrape_interval"], "scrape_interval");
            if (global["scrape_timeout"])
                config.scrapeTimeoutMs = reader.duration(global["scrape_timeout"], "scrape_timeout");
            if (global["external_labels"])
                config.externalLabels = reader.labels(global["external_labels"], "external_labels");
            if (config.scrapeTimeoutMs > config.scrapeIntervalMs)
                throw ConfigError(global, "global scrape_timeout is greater than scrape_interval");
        }
        std::set<std::string> names;
        if (const YAML::Node jobs = root["scrape_configs"]) {
            if (!jobs.IsSequence()) throw ConfigError(jobs, "\"scrape_configs\" must be a list");
            for (const YAML::Node& node : jobs) {
                ScrapeJob job = reader.readJob(node, config);
                if (!names.insert(job.defaults.job).second)
                    throw ConfigError(node["job_name"],
                                      "job_name \"" + job.defaults.job + "\" is used twice");
                config.jobs.push_back(std::move(job));
            }
        }
        if (const YAML::Node alerting = root["alerting"]) reader.readAlerting(alerting, config.alertmanagers);
        if (const YAML::Node remotes = root["remote_read"]) {
            if (!remotes.IsSequence()) throw ConfigError(remotes, "\"remote_read\" must be a list");
            for (const YAML::Node& node : remotes)
                config.remoteServers.push_back(reader.readRemote(node));
        }
    } catch (const std::exception& e) {
        error = yamlErrorMessage(source, e);
        return std::nullopt;
    }
    // In file order: each notice is "SOURCE:LINE: ...".
    auto lineOf = [&](const std::string& notice) { return std::stoi(notice.substr(source.size() + 1)); };
    std::stable_sort(config.notices.begin(), config.notices.end(),
                     [&](const std::string& a, const std::string& b) { return lineOf(a) < lineOf(b); });
    return config;
}

std::optional<PrometheusConfig> PrometheusConfig::load(const std::string& path, std::string& error) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        error = "cannot read " + path + ": " + file.errorString().toStdString();
        return std::nullopt;
    }
    const QByteArray yaml = file.readAll();
    return fromYaml({yaml.constData(), std::size_t(yaml.size())}, path,
                    QFileInfo(file).absoluteDir().absolutePath().toStdString(), error);
}

std::vector<TargetSpec> PrometheusConfig::staticTargets() const {
    std::vector<TargetSpec> out;
    for (const ScrapeJob& job : jobs)
        for (const TargetGroup& group : job.staticGroups)
            for (TargetSpec& spec : job.targetsFor(group))
                out.push_back(std::move(spec));
    return out;
}

const ScrapeJob* PrometheusConfig::job(std::string_view name) const {
    for (const ScrapeJob& job : jobs)
        if (job.defaults.job == name) return &job;
    return nullptr;
}

} // namespace dw
