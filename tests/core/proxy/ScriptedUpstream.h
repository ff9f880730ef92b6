#pragma once

#include "proxy/HttpMessageHead.h"

#include <functional>
#include <memory>
#include <vector>

#include <QByteArray>
#include <QHostAddress>
#include <QObject>

class HttpMessageParser;
class QTcpServer;
class QTcpSocket;

// An upstream whose answers each test scripts byte for byte, for the cases LocalHttpServer is too
// well-behaved to show (early answers, interim responses, bodies without length, stalls). It
// runs on the test's own thread, so it answers while the test waits on events. Every connection
// keeps every byte it received, so a test can tell what the proxy sent.
class ScriptedUpstream : public QObject
{
    Q_OBJECT

public:
    struct Connection
    {
        QTcpSocket* socket = nullptr;
        QByteArray received;
        int requests = 0; // requests whose head arrived, the current one included
        bool closed = false;
    };
    // Called when a connection has been accepted.
    using AcceptHandler = std::function<void(Connection& connection)>;
    // Called when a request head has arrived (its body may still be on its way).
    using HeadHandler = std::function<void(Connection& connection, const HttpMessageHead& head)>;
    // Called when a whole request has arrived.
    using RequestHandler
        = std::function<void(Connection& connection, const HttpMessageHead& head, const QByteArray& body)>;

    explicit ScriptedUpstream(const QHostAddress& address = QHostAddress(QHostAddress::LocalHost),
                              QObject* parent = nullptr);
    ~ScriptedUpstream() override;

    bool isListening() const;
    quint16 port() const;
    void onAccept(AcceptHandler handler);
    void onHead(HeadHandler handler);
    void onRequest(RequestHandler handler);

    int connectionCount() const;
    const Connection& connection(int index) const;
    // Everything received on every connection, in connection order.
    QByteArray allReceived() const;

private:
    struct Peer;
    void accept();

    QTcpServer* m_server;
    AcceptHandler m_onAccept;
    HeadHandler m_onHead;
    RequestHandler m_onRequest;
    std::vector<std::unique_ptr<Peer>> m_peers;
};
