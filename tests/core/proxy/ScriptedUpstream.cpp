#include "ScriptedUpstream.h"

#include "proxy/HttpMessageParser.h"

#include <QTcpServer>
#include <QTcpSocket>

struct ScriptedUpstream::Peer
{
    Connection connection;
    HttpMessageParser parser{HttpMessageParser::Kind::Request};
    HttpMessageHead head;
    QByteArray body;
};

ScriptedUpstream::ScriptedUpstream(const QHostAddress& address, QObject* parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &ScriptedUpstream::accept);
    m_server->listen(address, 0);
}

ScriptedUpstream::~ScriptedUpstream()
{
    for (const auto& peer : m_peers) {
        peer->connection.socket->disconnect(this);
    }
}

bool ScriptedUpstream::isListening() const
{
    return m_server->isListening();
}

quint16 ScriptedUpstream::port() const
{
    return m_server->serverPort();
}

void ScriptedUpstream::onAccept(AcceptHandler handler)
{
    m_onAccept = std::move(handler);
}

void ScriptedUpstream::onHead(HeadHandler handler)
{
    m_onHead = std::move(handler);
}

void ScriptedUpstream::onRequest(RequestHandler handler)
{
    m_onRequest = std::move(handler);
}

int ScriptedUpstream::connectionCount() const
{
    return int(m_peers.size());
}

const ScriptedUpstream::Connection& ScriptedUpstream::connection(int index) const
{
    return m_peers.at(index)->connection;
}

QByteArray ScriptedUpstream::allReceived() const
{
    QByteArray all;
    for (const auto& peer : m_peers) {
        all += peer->connection.received;
    }
    return all;
}

void ScriptedUpstream::accept()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        m_peers.push_back(std::make_unique<Peer>());
        Peer* peer = m_peers.back().get();
        peer->connection.socket = socket;
        peer->parser.onHead = [this, peer](const HttpMessageHead& head) {
            peer->head = head;
            peer->body.clear();
            ++peer->connection.requests;
            if (m_onHead) {
                m_onHead(peer->connection, head);
            }
        };
        peer->parser.onBody = [peer](const char* data, qsizetype size) {
            peer->body.append(data, size);
        };
        peer->parser.onMessageComplete = [this, peer] {
            if (m_onRequest) {
                m_onRequest(peer->connection, peer->head, peer->body);
            }
        };
        connect(socket, &QTcpSocket::readyRead, this, [peer] {
            QByteArray data = peer->connection.socket->readAll();
            peer->connection.received += data;
            // A script may close the connection while it answers: what follows is not read.
            while (!data.isEmpty() && !peer->connection.closed
                   && peer->parser.error() == HttpMessageParser::Error::None) {
                const qsizetype consumed = peer->parser.feed(data.constData(), data.size());
                data.remove(0, consumed);
                if (!peer->parser.isPaused()) {
                    break;
                }
                peer->parser.resume();
            }
        });
        connect(socket, &QTcpSocket::disconnected, this, [peer] { peer->connection.closed = true; });
        if (m_onAccept) {
            m_onAccept(peer->connection);
        }
    }
}
