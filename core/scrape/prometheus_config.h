#pragma once

#include "scrape/target_spec.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dw {

// A list of target addresses with labels: a static_configs entry, or what file or DNS discovery found.
struct TargetGroup {
    std::vector<std::string> targets; // "host:port"
    Labels labels;
};

struct FileSdConfig {
    std::vector<std::string> files; // absolute; the last path component may hold a * glob
    std::int64_t refreshMs = 5 * 60'000;
};

struct DnsSdConfig {
    std::vector<std::string> names;
    std::string type = "SRV"; // SRV or A
    int port = 0;             // for A records
    std::int64_t refreshMs = 30'000;
};

// One scrape_configs entry: how its targets are scraped, and where they come from.
struct ScrapeJob {
    TargetSpec defaults; // everything but url and labels
    std::string metricsPath = "/metrics";
    std::string scheme = "http";
    std::vector<std::pair<std::string, std::string>> params;
    std::vector<TargetGroup> staticGroups;
    std::vector<FileSdConfig> fileSd;
    std::vector<DnsSdConfig> dnsSd;

    // The targets of one group, with job and instance labels (group labels may override them); labels
    // starting with "__" are dropped, as Prometheus drops meta labels after relabeling.
    std::vector<TargetSpec> targetsFor(const TargetGroup& group) const;
};

// A Prometheus server DispatchWatch reads from (a remote_read entry): its API base URL (the entry's url
// without "/api/v1/read", any path prefix kept), auth, TLS, headers and timeout in http, and the label
// equalities every series read must have (required_matchers).
struct RemoteServer {
    TargetSpec http; // url, auth, TLS, headers, timeout; job and labels unused
    std::string name;
    Labels requiredMatchers;
};

// The parts of a Prometheus configuration file DispatchWatch uses: global scrape settings and
// scrape_configs with static, file and DNS discovery, auth, TLS and limits. Keys of Prometheus that
// DispatchWatch does not use are listed in notices (once each, with their line); keys Prometheus does not
// know are errors, as in Prometheus. Secrets may be written ${VARIABLE} to read them from the environment
// (a DispatchWatch extension). Pure value; loading is thread-safe.
struct PrometheusConfig {
    std::int64_t scrapeIntervalMs = 60'000;
    std::int64_t scrapeTimeoutMs = 10'000;
    Labels externalLabels; // attached to alerts sent to Alertmanager (an alert's own labels win)
    std::vector<ScrapeJob> jobs;
    std::vector<RemoteServer> remoteServers; // remote_read entries: servers to watch through their API
    // alerting.alertmanagers' static targets: each Alertmanager's base URL (scheme, address, path_prefix)
    // with its auth, TLS and timeout. Alerts are sent to <url>/api/v2/alerts.
    std::vector<TargetSpec> alertmanagers;
    std::vector<std::string> notices;

    // On failure returns nothing and sets error to "SOURCE:LINE:COL: what is wrong".
    static std::optional<PrometheusConfig> load(const std::string& path, std::string& error);
    // baseDir resolves relative file paths, as Prometheus resolves them against the file's folder.
    static std::optional<PrometheusConfig> fromYaml(std::string_view yaml, const std::string& source,
                                                    const std::string& baseDir, std::string& error);

    // The targets of every static_configs entry (file and DNS discovery run in TargetDiscovery).
    std::vector<TargetSpec> staticTargets() const;
    const ScrapeJob* job(std::string_view name) const;
};

// "16MiB", "10MB" (powers of 1024, as Prometheus reads them), "512KB", "1024", "0".
std::optional<std::size_t> parseByteSize(std::string_view text);

} // namespace dw
