#include "StaticHttpServer.h"

#include <QTcpSocket>

bool StaticHttpServer::listen()
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { answer(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void StaticHttpServer::serve(const QString& path, const Response& response)
{
    m_responses.insert(path, response);
}

QString StaticHttpServer::url(const QString& path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
}

void StaticHttpServer::answer(QTcpSocket* socket)
{
    // Requests here are GETs, complete once their head is.
    QByteArray head = socket->property("head").toByteArray() + socket->readAll();
    socket->setProperty("head", head);
    if (!head.contains("\r\n\r\n")) {
        return;
    }
    const QString path = QString::fromLatin1(head.split(' ').value(1));
    m_requestedPaths << path;
    const Response response = m_responses.value(path, Response{404, "text/plain", "not found"});
    if (response.silent) {
        return;
    }
    socket->write("HTTP/1.1 " + QByteArray::number(response.status) + " Canned\r\nContent-Type: " + response.contentType
                  + "\r\nContent-Length: " + QByteArray::number(response.body.size()) + "\r\nConnection: close\r\n\r\n"
                  + response.body);
    socket->disconnectFromHost();
}
