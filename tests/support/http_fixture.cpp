#include "http_fixture.h"

#include <QTcpSocket>
#include <QTimer>

HttpFixture::HttpFixture() {
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, &HttpFixture::onConnection);
}

QString HttpFixture::url(const QByteArray& path) const {
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(QString::fromLatin1(path));
}

void HttpFixture::onConnection() {
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        auto* buffer = new QByteArray;
        connect(socket, &QTcpSocket::disconnected, socket, [socket, buffer] {
            delete buffer;
            socket->deleteLater();
        });
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0) return;
            ++m_requests;
            m_lastHeaders = buffer->left(end);
            const QByteArray path = buffer->split(' ').value(1);
            const Response response = m_routes.value(path, Response{404, "text/plain", "not found\n", 0});
            buffer->clear();
            QTimer::singleShot(response.delayMs, socket, [socket, response] {
                QByteArray reply = "HTTP/1.1 " + QByteArray::number(response.status) + " X\r\n";
                reply += "Content-Type: " + response.contentType + "\r\n";
                reply += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
                reply += "Connection: close\r\n\r\n" + response.body;
                socket->write(reply);
                socket->disconnectFromHost();
            });
        });
    }
}
