#pragma once

#include "scrape/prometheus_config.h"
#include "scrape/target_spec.h"

#include <QString>
#include <QUrl>
#include <optional>
#include <string>
#include <vector>

namespace dw {

// A Prometheus server (or Thanos, Mimir, VictoriaMetrics: anything answering the Prometheus HTTP API)
// DispatchWatch reads from: the base URL with any path prefix ("https://mimir/prometheus"), how to reach it
// (auth, TLS, extra headers, timeout, response size limit, in http), and the selectors that limit what is
// watched ({namespace="prod"}; none: everything). A value type.
struct PrometheusServerSpec {
    static constexpr std::size_t kDefaultResponseLimit = std::size_t(256) << 20;
    static constexpr std::int64_t kDefaultTimeoutMs = 30'000;

    TargetSpec http; // url is the API base; job and labels are not used
    std::vector<std::string> match;
    std::string name; // how the window names it; empty: its URL

    // "http://host:9090", "https://host/prefix"; user:password@ in the URL becomes basic auth (and never
    // shows again). False with error when it is not an http(s) URL.
    static std::optional<PrometheusServerSpec> fromUrl(const QString& url, std::string& error);
    // A remote_read entry of a Prometheus configuration (its required_matchers become the selector).
    static PrometheusServerSpec fromRemote(const RemoteServer& remote);

    // The URL of an API path ("/api/v1/query") under the base, prefix kept.
    QUrl endpoint(const QString& apiPath) const;
    // The URL as messages show it: without credentials or query.
    std::string displayUrl() const;
    std::string title() const { return name.empty() ? displayUrl() : name; }
    // Checks every match selector is a vector selector without a metric name or range; error says which.
    bool validateMatch(std::string& error) const;
    // A selector for metric `metric` under selector i: {__name__="metric", <the selector's matchers>}.
    // Without match selectors only one (i = 0) exists.
    std::string selectorFor(const std::string& metric, std::size_t i) const;
    std::size_t selectorCount() const { return match.empty() ? 1 : match.size(); }
};

} // namespace dw
