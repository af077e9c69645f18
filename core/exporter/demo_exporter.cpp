#include "exporter/demo_exporter.h"

#include "exporter/gzip.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace dw {

namespace {

struct Reply {
    QHttpServerResponder::StatusCode status = QHttpServerResponder::StatusCode::Ok;
    QByteArray contentType;
    QByteArray body;
    QByteArray encoding;
    QByteArray allow;
};

void respond(QHttpServerResponder& responder, const Reply& reply, bool close) {
    responder.writeStatusLine(reply.status);
    responder.writeHeader("Content-Type", reply.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
    if (!reply.encoding.isEmpty()) responder.writeHeader("Content-Encoding", reply.encoding);
    if (!reply.allow.isEmpty()) responder.writeHeader("Allow", reply.allow);
    if (close) responder.writeHeader("Connection", "close");
    responder.writeBody(reply.body);
    // Qt's server keeps every connection open; a client that asked to close waits for it (HTTP/1.1 8.1).
    if (close) responder.socket()->disconnectFromHost();
}

bool wantsClose(const QHttpServerRequest& request) {
    return request.value("Connection").trimmed().toLower() == "close";
}

} // namespace

DemoExporter::DemoExporter(Scenario scenario, std::shared_ptr<const Clock> scenarioClock, Options options,
                           QObject* parent)
    : QObject(parent), m_scenario(std::move(scenario)), m_clock(std::move(scenarioClock)),
      m_options(std::move(options)),
      m_simulator(Simulator::create(m_scenario, m_options.seed.value_or(m_scenario.seed))) {
    m_server.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        handle(request, std::move(responder));
    });
}

DemoExporter::~DemoExporter() = default;

bool DemoExporter::listen(QString& error) {
    m_port = m_server.listen(m_options.address, m_options.port);
    if (m_port == 0) {
        error =
            QStringLiteral("cannot listen on %1:%2").arg(m_options.address.toString()).arg(m_options.port);
        return false;
    }
    return true;
}

TargetSpec DemoExporter::target(const QUrl& metricsUrl, std::int64_t intervalMs) {
    TargetSpec spec;
    spec.url = metricsUrl;
    spec.job = "demo";
    spec.labels = {{"instance", metricsUrl.host().toStdString() + ":" + std::to_string(metricsUrl.port())},
                   {"job", "demo"}};
    spec.intervalMs = intervalMs;
    return spec;
}

QUrl DemoExporter::metricsUrl() const {
    QUrl url;
    url.setScheme("http");
    url.setHost(m_options.address.toString());
    url.setPort(m_port);
    url.setPath("/metrics");
    return url;
}

QByteArray DemoExporter::contentType() const {
    // The OpenTelemetry exporter and Go's client library write these.
    return m_scenario.system == "compozy" ? "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"
                                          : "text/plain; version=0.0.4; charset=utf-8";
}

const std::string& DemoExporter::render() {
    const std::int64_t now = scenarioNowMs();
    m_simulator->advanceTo(now);
    m_simulator->onCollect(now);
    m_simulator->serialize(m_body);
    return m_body;
}

DemoExporter::EndpointState DemoExporter::endpointStateAt(std::int64_t tMs) const {
    EndpointState state;
    for (const ScenarioIncident& incident : m_scenario.incidents) {
        if (tMs < incident.atMs || tMs >= incident.untilMs) continue;
        if (incident.action == "endpoint_unavailable") state.unavailable = true;
        if (incident.action == "endpoint_slow") state.delayMs = std::max(state.delayMs, incident.delayMs);
    }
    return state;
}

void DemoExporter::respondWithMetrics(QHttpServerResponder& responder, bool gzip, bool close) {
    ++m_scrapes;
    QByteArray body = QByteArray::fromStdString(render());
    if (gzip) body = gzipCompress(body);
    respond(responder, {QHttpServerResponder::StatusCode::Ok, contentType(), body, gzip ? "gzip" : "", {}},
            close);
}

void DemoExporter::handle(const QHttpServerRequest& request, QHttpServerResponder&& responder) {
    using Status = QHttpServerResponder::StatusCode;
    const QString path = request.url().path();
    const bool close = wantsClose(request);
    if (path != "/" && path != "/metrics") {
        respond(responder, {Status::NotFound, "text/plain; charset=utf-8", "404 page not found\n", {}, {}},
                close);
        return;
    }
    if (request.method() != QHttpServerRequest::Method::Get) {
        respond(responder,
                {Status::MethodNotAllowed,
                 "text/plain; charset=utf-8",
                 "405 method not allowed: use GET\n",
                 {},
                 "GET"},
                close);
        return;
    }
    if (path == "/") {
        const QByteArray page =
            "<!DOCTYPE html><html><head><title>DispatchWatch demo exporter</title></head><body>"
            "<h1>DispatchWatch demo exporter</h1><p>Scenario <b>" +
            QString::fromStdString(m_scenario.name).toHtmlEscaped().toUtf8() + "</b> (" +
            QByteArray::fromStdString(m_scenario.system) +
            ").</p><p><a href=\"/metrics\">Metrics</a></p></body></html>\n";
        respond(responder, {Status::Ok, "text/html; charset=utf-8", page, {}, {}}, close);
        return;
    }
    const EndpointState state = endpointStateAt(scenarioNowMs());
    if (state.unavailable) {
        // What Compozy answers when its monitoring service failed to start.
        respond(responder,
                {Status::ServiceUnavailable,
                 "text/plain; charset=utf-8",
                 "Monitoring service not initialized",
                 {},
                 {}},
                close);
        return;
    }
    const bool gzip = request.value("Accept-Encoding").contains("gzip");
    if (state.delayMs == 0) {
        respondWithMetrics(responder, gzip, close);
        return;
    }
    // A slow endpoint: answer later without blocking the server. The client may give up meanwhile.
    QPointer<QTcpSocket> socket = responder.socket();
    auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
    QTimer::singleShot(int(state.delayMs), this, [this, pending, socket, gzip, close] {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            respondWithMetrics(*pending, gzip, close);
        else
            ++m_abandoned;
    });
}

} // namespace dw
