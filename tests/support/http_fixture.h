#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QHash>
#include <QSslConfiguration>
#include <QTcpServer>
#include <memory>

// A small HTTP/1.1 server on 127.0.0.1 and an ephemeral port for tests that need a real endpoint, able to
// misbehave on purpose: each path answers with a fixed status, headers and body, optionally after a delay,
// trickling the body a byte at a time, announcing a Content-Length other than what it sends, or hanging up
// early. With a TLS configuration it serves HTTPS (QSslServer). It runs in the test's thread, so tests wait
// with QTRY_* or a local event loop. Requests are answered one per connection.
class HttpFixture : public QObject {
public:
    struct Response {
        int status = 200;
        QByteArray contentType = "text/plain; version=0.0.4; charset=utf-8";
        QByteArray body;
        int delayMs = 0;
        QByteArray extraHeaders;     // complete header lines, each ending in \r\n
        int trickleMs = 0;           // > 0: send the body one byte per this many milliseconds
        qint64 announcedLength = -1; // -1: the real length
        qint64 sendBytes = -1;       // -1: the whole body; otherwise hang up after this many body bytes
    };

    HttpFixture();
    explicit HttpFixture(const QSslConfiguration& tls);
    void route(const QByteArray& path, Response response) { m_routes.insert(path, std::move(response)); }
    QString url(const QByteArray& path) const;
    quint16 port() const { return m_server->serverPort(); }
    int requestCount() const { return m_requests; }
    int requestCount(const QByteArray& path) const { return m_requestsByPath.value(path); }
    QByteArray lastRequestHeaders() const { return m_lastHeaders; }
    // The bodies of the requests to a path, in order (empty ones for GETs).
    QByteArrayList requestBodies(const QByteArray& path) const { return m_bodiesByPath.value(path); }

private:
    void listen();
    void onConnection();
    void answer(class QTcpSocket* socket, const Response& response);

    std::unique_ptr<QTcpServer> m_server;
    bool m_tls = false;
    QHash<QByteArray, Response> m_routes;
    QHash<QByteArray, int> m_requestsByPath;
    QHash<QByteArray, QByteArrayList> m_bodiesByPath;
    int m_requests = 0;
    QByteArray m_lastHeaders;
};
