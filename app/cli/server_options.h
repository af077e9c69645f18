#pragma once

#include "promapi/server_spec.h"
#include "promql/generation.h"

#include <QCommandLineParser>
#include <QNetworkAccessManager>
#include <optional>
#include <vector>

namespace dw::cli {

// A time argument: RFC 3339, Unix seconds, "now", or "now-5m" / "now+1h" relative to `now`.
std::optional<std::int64_t> parseTime(const QString& text, std::int64_t now);

// The options that name a Prometheus server to read from (--prometheus URL, --match, and how to reach it:
// --header, --bearer-token-file, --basic-auth-file, --ca-file, --cert-file, --key-file,
// --insecure-skip-verify). withMatch: the command limits by selectors.
void addServerOptions(QCommandLineParser& parser, bool withMatch = true);

// The servers the options name, and (withConfig) those a --config file names as remote_read entries.
// withMatch: --match values limit each server. Prints what is wrong and returns false on a bad value.
bool serversFromOptions(const QCommandLineParser& parser, std::int64_t timeoutMs, bool withMatch,
                        bool withConfig, std::vector<PrometheusServerSpec>& out);

// The PromQL generation the servers evaluate with (asked from their /api/v1/status/buildinfo); the
// default when none says, or when they differ (then said in problems).
promql::Generation serversGeneration(QNetworkAccessManager& network,
                                     const std::vector<PrometheusServerSpec>& servers,
                                     std::vector<std::string>& problems);

} // namespace dw::cli
