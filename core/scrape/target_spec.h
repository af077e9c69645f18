#pragma once

#include "model/labels.h"
#include "scrape/secret.h"

#include <QUrl>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dw {

// Everything needed to scrape one target, as a Prometheus scrape config describes it after discovery.
// A value type; the labels include job and instance.
struct TargetSpec {
    QUrl url;
    std::string job;
    Labels labels; // target labels added to every series (job, instance, static and discovered labels)
    std::int64_t intervalMs = 60'000;
    std::int64_t timeoutMs = 10'000;
    bool honorLabels = false;
    bool honorTimestamps = true;

    // Limits; 0 means none, as in Prometheus.
    std::size_t bodySizeLimit = 16u << 20; // DispatchWatch's default; Prometheus has none
    std::size_t sampleLimit = 0;
    std::size_t labelLimit = 0;
    std::size_t labelNameLengthLimit = 0;
    std::size_t labelValueLengthLimit = 0;

    std::string basicAuthUser;
    Secret basicAuthPassword;
    Secret bearerToken;

    std::string tlsCaFile;
    std::string tlsCertFile;
    std::string tlsKeyFile;
    std::string tlsServerName;
    bool tlsInsecureSkipVerify = false;
    // Extra request headers (X-Scope-OrgID for a multi-tenant server); values may be credentials.
    std::vector<std::pair<std::string, Secret>> headers;

    // "job/instance", how messages name a target.
    std::string id() const;
    // What makes two specs the same scrape (URL, labels, interval, timeout): a key to find a target by,
    // in whatever order lists hold them.
    std::string key() const;
    std::string instance() const { return std::string(labelValue(labels, "instance")); }
};

} // namespace dw
