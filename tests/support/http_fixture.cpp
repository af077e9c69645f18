#include "http_fixture.h"

#include <QPointer>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

HttpFixture::HttpFixture() : m_server(std::make_unique<QTcpServer>()) {
    listen();
}

HttpFixture::HttpFixture(const QSslConfiguration& tls) : m_tls(true) {
    auto server = std::make_unique<QSslServer>();
    server->setSslConfiguration(tls);
    m_server = std::move(server);
    listen();
}

void HttpFixture::listen() {
    m_server->listen(QHostAddress::LocalHost, 0);
    // QSslServer announces connections once encrypted; both signal pendingConnectionAvailable.
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, &HttpFixture::onConnection);
}

QString HttpFixture::url(const QByteArray& path) const {
    return QStringLiteral("%1://127.0.0.1:%2%3")
        .arg(m_tls ? "https" : "http")
        .arg(m_server->serverPort())
        .arg(QString::fromLatin1(path));
}

void HttpFixture::onConnection() {
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0) return;
            // A request with a body (a POST) is complete when Content-Length bytes follow the headers.
            qsizetype length = 0;
            for (const QByteArray& line : buffer->left(end).split('\n'))
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            if (buffer->size() < end + 4 + length) return;
            ++m_requests;
            m_lastHeaders = buffer->left(end);
            const QByteArray path = buffer->split(' ').value(1);
            ++m_requestsByPath[path];
            m_bodiesByPath[path].append(buffer->mid(end + 4, length));
            buffer->clear();
            const Response response = m_routes.value(path, Response{404, "text/plain", "not found\n"});
            QTimer::singleShot(response.delayMs, socket,
                               [this, socket, response] { answer(socket, response); });
        });
    }
}

void HttpFixture::answer(QTcpSocket* socket, const Response& response) {
    const qint64 length = response.announcedLength >= 0 ? response.announcedLength : response.body.size();
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + " X\r\n";
    head += "Content-Type: " + response.contentType + "\r\n";
    head += "Content-Length: " + QByteArray::number(length) + "\r\n";
    head += response.extraHeaders;
    head += "Connection: close\r\n\r\n";
    socket->write(head);
    const QByteArray body = response.sendBytes >= 0 ? response.body.left(response.sendBytes) : response.body;
    if (response.trickleMs <= 0) {
        socket->write(body);
        socket->disconnectFromHost();
        return;
    }
    auto* timer = new QTimer(socket);
    auto sent = std::make_shared<qsizetype>(0);
    QObject::connect(timer, &QTimer::timeout, socket, [socket, timer, body, sent] {
        if (*sent >= body.size()) {
            timer->stop();
            socket->disconnectFromHost();
            return;
        }
        socket->write(body.mid((*sent)++, 1));
    });
    timer->start(response.trickleMs);
}
