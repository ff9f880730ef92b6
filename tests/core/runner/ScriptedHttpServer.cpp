#include "ScriptedHttpServer.h"

#include "proxy/HttpMessageParser.h"

#include <memory>

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace
{
QByteArray responseBytes(const ScriptedHttpServer::Reply& reply)
{
    if (!reply.raw.isEmpty()) {
        return reply.raw;
    }
    return "HTTP/1.1 " + QByteArray::number(reply.status)
        + " X\r\nContent-Length: " + QByteArray::number(reply.body.size())
        + (reply.close ? "\r\nConnection: close" : "") + "\r\n\r\n" + reply.body;
}
} // namespace

ScriptedHttpServer::ScriptedHttpServer(QObject* parent)
    : QObject(parent)
    , m_server(this)
{
    reply = [](const HttpMessageHead&) {
        return Reply{};
    };
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedHttpServer::onNewConnection);
}

bool ScriptedHttpServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void ScriptedHttpServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        ++m_connections;
        auto parser = std::make_shared<HttpMessageParser>(HttpMessageParser::Kind::Request);
        auto head = std::make_shared<HttpMessageHead>();
        parser->onHead = [head](const HttpMessageHead& parsed) {
            *head = parsed;
        };
        parser->onMessageComplete = [this, socket, head] {
            ++m_requests;
            const Reply answer = reply(*head);
            if (answer.silent) {
                return;
            }
            const QPointer<QTcpSocket> guarded(socket);
            QTimer::singleShot(answer.delayMs, socket, [guarded, answer] {
                if (guarded) {
                    guarded->write(responseBytes(answer));
                    if (answer.close) {
                        guarded->disconnectFromHost();
                    }
                }
            });
        };
        connect(socket, &QTcpSocket::readyRead, socket, [socket, parser] {
            QByteArray data = socket->readAll();
            qsizetype offset = 0;
            while (offset < data.size()) {
                const qsizetype consumed = parser->feed(data.constData() + offset, data.size() - offset);
                offset += consumed;
                if (!parser->isPaused()) {
                    break;
                }
                parser->resume();
            }
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}
