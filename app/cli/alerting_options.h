#pragma once

#include "alertmanager/alert_notifier.h"
#include "promapi/server_spec.h"

#include <QCommandLineParser>

namespace dw::cli {

// --alertmanager URL (repeatable) and --external-url URL: where alerts are sent, and the base of their
// generatorURL.
void addAlertingOptions(QCommandLineParser& parser);

// The Alertmanagers of --alertmanager (user:password@ in a URL becomes basic auth) and of the alerting
// section of the --config file, with its global.external_labels. generatorURL's base: --external-url, else
// the first Prometheus server watched (whose graph page can run the expression), else this host.
// Prints what is wrong and returns false on a bad URL or an unreadable configuration.
bool alertingFromOptions(const QCommandLineParser& parser, const QString& configPath,
                         const std::vector<PrometheusServerSpec>& servers, AlertNotifier::Options& out);

} // namespace dw::cli
