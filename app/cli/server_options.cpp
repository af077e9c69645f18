#include "cli/server_options.h"

#include "cli/command.h"
#include "promapi/api_call.h"
#include "promapi/server_generation.h"
#include "util/duration.h"
#include "util/timestamp.h"

#include <QFile>

namespace dw::cli {

std::optional<std::int64_t> parseTime(const QString& text, std::int64_t now) {
    const std::string s = text.trimmed().toStdString();
    if (s == "now") return now;
    if (s.starts_with("now") && s.size() > 4 && (s[3] == '-' || s[3] == '+')) {
        const auto d = parseDurationMs(s.substr(4));
        if (!d) return std::nullopt;
        return s[3] == '-' ? now - *d : now + *d;
    }
    return parseTimestampArgument(s);
}

void addServerOptions(QCommandLineParser& parser, bool withMatch) {
    parser.addOption({"prometheus",
                      "A Prometheus server (or Thanos, Mimir, VictoriaMetrics) to read from: its base URL, "
                      "with any path prefix (http://host:9090, https://host/prometheus).",
                      "URL"});
    if (withMatch)
        parser.addOption(
            {"match", "Only series with these labels, e.g. {namespace=\"prod\"} (repeatable).", "SELECTOR"});
    parser.addOption({"header",
                      "An extra request header for the server, such as X-Scope-OrgID: team (repeatable).",
                      "NAME: VALUE"});
    parser.addOption({"bearer-token-file", "A file holding the server's bearer token.", "FILE"});
    parser.addOption({"basic-auth-file", "A file holding user:password for the server.", "FILE"});
    parser.addOption({"ca-file", "CA certificates to verify the server's TLS certificate.", "FILE"});
    parser.addOption({"cert-file", "A client certificate for the server (with --key-file).", "FILE"});
    parser.addOption({"key-file", "The client certificate's private key.", "FILE"});
    parser.addOption({"insecure-skip-verify", "Do not verify the server's TLS certificate."});
}

namespace {

std::optional<std::string> readSecretFile(const QString& path, const char* option) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        printErr(
            QStringLiteral("cannot read the file of --%1 (%2): %3\n").arg(option, path, file.errorString()));
        return std::nullopt;
    }
    return file.readAll().trimmed().toStdString();
}

} // namespace

bool serversFromOptions(const QCommandLineParser& parser, std::int64_t timeoutMs, bool withMatch,
                        bool withConfig, std::vector<PrometheusServerSpec>& out) {
    if (parser.isSet("prometheus")) {
        std::string error;
        auto server = PrometheusServerSpec::fromUrl(parser.value("prometheus"), error);
        if (!server) {
            printErr("invalid --prometheus: " + QString::fromStdString(error) + "\n");
            return false;
        }
        server->http.timeoutMs = timeoutMs;
        for (const QString& header : parser.values("header")) {
            const qsizetype colon = header.indexOf(':');
            if (colon <= 0) {
                printErr("invalid --header: use NAME: VALUE\n");
                return false;
            }
            server->http.headers.emplace_back(header.left(colon).trimmed().toStdString(),
                                              Secret(header.mid(colon + 1).trimmed().toStdString()));
        }
        if (parser.isSet("bearer-token-file")) {
            const auto token = readSecretFile(parser.value("bearer-token-file"), "bearer-token-file");
            if (!token) return false;
            server->http.bearerToken = Secret(*token);
        }
        if (parser.isSet("basic-auth-file")) {
            const auto pair = readSecretFile(parser.value("basic-auth-file"), "basic-auth-file");
            if (!pair) return false;
            const auto colon = pair->find(':');
            if (colon == std::string::npos) {
                printErr("the file of --basic-auth-file must hold user:password\n");
                return false;
            }
            server->http.basicAuthUser = pair->substr(0, colon);
            server->http.basicAuthPassword = Secret(pair->substr(colon + 1));
        }
        server->http.tlsCaFile = parser.value("ca-file").toStdString();
        server->http.tlsCertFile = parser.value("cert-file").toStdString();
        server->http.tlsKeyFile = parser.value("key-file").toStdString();
        server->http.tlsInsecureSkipVerify = parser.isSet("insecure-skip-verify");
        if (server->http.tlsCertFile.empty() != server->http.tlsKeyFile.empty()) {
            printErr("--cert-file and --key-file go together\n");
            return false;
        }
        if (withMatch)
            for (const QString& selector : parser.values("match"))
                server->match.push_back(selector.toStdString());
        out.push_back(std::move(*server));
    }
    {
        if (withConfig && parser.isSet("config")) {
            std::string error;
            const auto config = PrometheusConfig::load(parser.value("config").toStdString(), error);
            if (!config) {
                printErr(QString::fromStdString(error) + "\n");
                return false;
            }
            for (const RemoteServer& remote : config->remoteServers) {
                PrometheusServerSpec server = PrometheusServerSpec::fromRemote(remote);
                if (withMatch)
                    for (const QString& selector : parser.values("match"))
                        server.match.push_back(selector.toStdString());
                out.push_back(std::move(server));
            }
        }
    }
    for (const PrometheusServerSpec& server : out) {
        std::string error;
        if (!server.validateMatch(error)) {
            printErr(QString::fromStdString(error) + "\n");
            return false;
        }
    }
    return true;
}

promql::Generation serversGeneration(QNetworkAccessManager& network,
                                     const std::vector<PrometheusServerSpec>& servers,
                                     std::vector<std::string>& problems) {
    std::optional<promql::Generation> found;
    for (const PrometheusServerSpec& server : servers) {
        const ApiResponse answer = api::callAndWait(network, server, "/api/v1/status/buildinfo", {}, false);
        const auto generation = answer.ok ? serverGeneration(answer.data) : std::nullopt;
        if (!generation) continue;
        if (found && *found != *generation) {
            problems.push_back(
                "the Prometheus servers run different generations (2 and 3); PromQL is judged as "
                "Prometheus " +
                std::string(promql::generationName(promql::kDefaultGeneration)) +
                " does: give --promql-compat to choose");
            return promql::kDefaultGeneration;
        }
        found = generation;
    }
    return found.value_or(promql::kDefaultGeneration);
}

} // namespace dw::cli
