#pragma once

#include <QByteArray>
#include <QHash>
#include <QTcpServer>

// A minimal HTTP/1.1 server on 127.0.0.1 and an ephemeral port, for tests that need a real endpoint:
// each path answers with a fixed status, content type and body, optionally after a delay.
// It runs in the test's thread, so tests wait with QTRY_* (which spins the event loop).
class HttpFixture : public QObject {
public:
    struct Response {
        int status = 200;
        QByteArray contentType = "text/plain; version=0.0.4; charset=utf-8";
        QByteArray body;
        int delayMs = 0;
    };

    HttpFixture();
    void route(const QByteArray& path, Response response) { m_routes.insert(path, std::move(response)); }
    QString url(const QByteArray& path) const;
    int requestCount() const { return m_requests; }
    QByteArray lastRequestHeaders() const { return m_lastHeaders; }

private:
    void onConnection();

    QTcpServer m_server;
    QHash<QByteArray, Response> m_routes;
    int m_requests = 0;
    QByteArray m_lastHeaders;
};
