#pragma once

#include "exporter/scenario.h"
#include "exporter/simulator.h"
#include "scrape/target_spec.h"
#include "util/clock.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QUrl>
#include <memory>
#include <optional>

namespace dw {

// The embedded demo exporter: serves a simulated service's /metrics over HTTP with Qt's HTTP server, so
// DispatchWatch is useful with nothing else running and every test has a real target. Scenario time comes
// from a clock (ScaledClock for --speed, shared with the session that watches it; ManualClock in tests). GET
// /metrics answers the exposition text (gzip when accepted), GET / a short HTML page; other paths 404, other
// methods 405. The scenario's endpoint incidents apply: 503 "Monitoring service not initialized", and slow
// answers. Thread-safety: a QObject living in one thread; use it from that thread only.
class DemoExporter : public QObject {
public:
    struct Options {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 0;                  // 0: an ephemeral port
        std::optional<std::uint64_t> seed; // default: the scenario's
        // The clock's time at which the scenario begins (a ScaledClock's origin): scenario time is the
        // clock's time minus this, so incidents happen at their "at" after the start.
        std::int64_t scenarioStartMs = 0;
    };

    DemoExporter(Scenario scenario, std::shared_ptr<const Clock> scenarioClock, Options options,
                 QObject* parent = nullptr);
    ~DemoExporter() override;

    // Starts listening; on failure returns false and sets error.
    bool listen(QString& error);
    QUrl metricsUrl() const;
    // How DispatchWatch scrapes the demo: job "demo", instance HOST:PORT of its URL.
    static TargetSpec target(const QUrl& metricsUrl, std::int64_t intervalMs);
    quint16 port() const { return m_port; }

    // The body one scrape gets now: advances the simulation to the clock's time, runs the service's
    // collection-time work, and serialises. Scrapes and tests both go through it. The text stays valid until
    // the next call (its buffer is reused, so a scrape allocates nothing for it).
    const std::string& render();
    QByteArray contentType() const;
    Simulator& simulator() { return *m_simulator; }
    const Scenario& scenario() const { return m_scenario; }
    std::size_t scrapesServed() const { return m_scrapes; }
    // Slow answers dropped because the client had gone by the time they were ready.
    std::size_t answersAbandoned() const { return m_abandoned; }

private:
    struct EndpointState {
        bool unavailable = false;
        std::int64_t delayMs = 0;
    };
    EndpointState endpointStateAt(std::int64_t tMs) const;
    std::int64_t scenarioNowMs() const { return m_clock->nowMs() - m_options.scenarioStartMs; }
    void handle(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    void respondWithMetrics(QHttpServerResponder& responder, bool gzip, bool close);

    Scenario m_scenario;
    std::shared_ptr<const Clock> m_clock;
    Options m_options;
    std::unique_ptr<Simulator> m_simulator;
    QHttpServer m_server;
    quint16 m_port = 0;
    std::size_t m_scrapes = 0;
    std::size_t m_abandoned = 0;
    std::string m_body;
};

} // namespace dw
