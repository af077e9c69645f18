#include "cli/alerting_options.h"

#include "cli/command.h"
#include "scrape/prometheus_config.h"

#include <QHostInfo>

namespace dw::cli {

void addAlertingOptions(QCommandLineParser& parser) {
    parser.addOption({"alertmanager",
                      "Send firing and resolved alerts to this Alertmanager (API v2; repeatable). The "
                      "alerting section of --config adds its Alertmanagers too.",
                      "URL"});
    parser.addOption({"external-url",
                      "The base of the alerts' generatorURL (default: the first --prometheus server, else "
                      "http://HOSTNAME/).",
                      "URL"});
}

bool alertingFromOptions(const QCommandLineParser& parser, const QString& configPath,
                         const std::vector<PrometheusServerSpec>& servers, AlertNotifier::Options& out) {
    for (const QString& url : parser.values("alertmanager")) {
        std::string error;
        const auto spec = PrometheusServerSpec::fromUrl(url, error);
        if (!spec) {
            printErr("invalid --alertmanager: " + QString::fromStdString(error) + "\n");
            return false;
        }
        TargetSpec http = spec->http;
        http.timeoutMs = 10'000;
        out.alertmanagers.push_back(std::move(http));
    }
    if (!configPath.isEmpty()) {
        std::string error;
        const auto config = PrometheusConfig::load(configPath.toStdString(), error);
        if (!config) {
            printErr(QString::fromStdString(error) + "\n");
            return false;
        }
        out.alertmanagers.insert(out.alertmanagers.end(), config->alertmanagers.begin(),
                                 config->alertmanagers.end());
        out.externalLabels = config->externalLabels;
    }
    if (parser.isSet("external-url")) {
        const QUrl url(parser.value("external-url"));
        if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https")) {
            printErr("invalid --external-url: use an http(s) URL\n");
            return false;
        }
        out.externalUrl = url.toString().toStdString();
    } else if (!servers.empty()) {
        out.externalUrl = servers.front().displayUrl();
    } else {
        out.externalUrl = "http://" + QHostInfo::localHostName().toStdString() + "/";
    }
    return true;
}

} // namespace dw::cli
