#pragma once

#include "proxy/HttpMessageHead.h"

#include <functional>

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>

class QTcpSocket;

// A loopback HTTP/1.1 server for tests: each request, once read, is answered as reply() says,
// on keep-alive connections.
class ScriptedHttpServer : public QObject
{
    Q_OBJECT

public:
    struct Reply
    {
        int status = 200;
        QByteArray body = "ok";
        int delayMs = 0;
        bool silent = false; // never answer (a black hole)
        bool close = false; // close the connection after answering
        QByteArray raw; // when set, sent instead of a response built from the fields above
    };

    explicit ScriptedHttpServer(QObject* parent = nullptr);

    bool listen();
    quint16 port() const
    {
        return m_server.serverPort();
    }
    // Decides each answer; by default 200 "ok" at once.
    std::function<Reply(const HttpMessageHead& request)> reply;
    int requestCount() const
    {
        return m_requests;
    }
    int connectionCount() const
    {
        return m_connections;
    }

private:
    void onNewConnection();

    QTcpServer m_server;
    int m_requests = 0;
    int m_connections = 0;
};
