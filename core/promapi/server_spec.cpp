#include "promapi/server_spec.h"

#include "model/label_text.h"
#include "promql/parser.h"

namespace dw {

std::optional<PrometheusServerSpec> PrometheusServerSpec::fromUrl(const QString& text, std::string& error) {
    QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") || url.host().isEmpty()) {
        error = "not a Prometheus server URL (use http://host:port or https://host/prefix)";
        return std::nullopt;
    }
    PrometheusServerSpec spec;
    if (!url.userName().isEmpty()) {
        spec.http.basicAuthUser = url.userName().toStdString();
        spec.http.basicAuthPassword = Secret(url.password().toStdString());
        url.setUserInfo({});
    }
    url.setQuery(QString());
    url.setFragment(QString());
    QString path = url.path();
    while (path.endsWith('/'))
        path.chop(1);
    url.setPath(path);
    spec.http.url = url;
    spec.http.timeoutMs = kDefaultTimeoutMs;
    spec.http.bodySizeLimit = kDefaultResponseLimit;
    return spec;
}

PrometheusServerSpec PrometheusServerSpec::fromRemote(const RemoteServer& remote) {
    PrometheusServerSpec spec;
    spec.http = remote.http;
    QUrl url = spec.http.url;
    QString path = url.path();
    while (path.endsWith('/'))
        path.chop(1);
    url.setPath(path);
    spec.http.url = url;
    if (spec.http.timeoutMs <= 0) spec.http.timeoutMs = kDefaultTimeoutMs;
    spec.http.bodySizeLimit = kDefaultResponseLimit;
    spec.name = remote.name;
    if (!remote.requiredMatchers.empty()) {
        std::string selector = "{";
        for (const Label& label : remote.requiredMatchers) {
            if (selector.size() > 1) selector += ',';
            selector += label.name + "=\"";
            appendEscapedLabelValue(label.value, selector);
            selector += '"';
        }
        spec.match.push_back(selector + "}");
    }
    return spec;
}

QUrl PrometheusServerSpec::endpoint(const QString& apiPath) const {
    QUrl url = http.url;
    url.setPath(url.path() + apiPath);
    return url;
}

std::string PrometheusServerSpec::displayUrl() const {
    return http.url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toStdString();
}

bool PrometheusServerSpec::validateMatch(std::string& error) const {
    for (const std::string& selector : match) {
        promql::SyntaxError syntax;
        const promql::NodePtr node = promql::parseQuery(selector, syntax);
        if (!node) {
            error = "invalid --match \"" + selector + "\": " + syntax.describe();
            return false;
        }
        const auto* vector = std::get_if<promql::VectorSelector>(&node->value);
        if (!vector || !vector->name.empty() || vector->offsetMs != 0 ||
            vector->at.kind != promql::AtModifier::Kind::None) {
            error = "invalid --match \"" + selector +
                    "\": give label matchers only, such as {namespace=\"prod\"} (no metric name, range or "
                    "modifier)";
            return false;
        }
    }
    return true;
}

std::string PrometheusServerSpec::selectorFor(const std::string& metric, std::size_t i) const {
    std::string out = "{__name__=\"";
    appendEscapedLabelValue(metric, out);
    out += '"';
    if (i < match.size()) {
        promql::SyntaxError syntax;
        const promql::NodePtr node = promql::parseQuery(match[i], syntax);
        const auto* vector = node ? std::get_if<promql::VectorSelector>(&node->value) : nullptr;
        if (vector) {
            const std::string text = promql::format(*node); // {a="b", c=~"d"}
            const auto open = text.find('{');
            const auto close = text.rfind('}');
            if (open != std::string::npos && close != std::string::npos && close > open + 1)
                out += ", " + text.substr(open + 1, close - open - 1);
        }
    }
    return out + "}";
}

} // namespace dw
