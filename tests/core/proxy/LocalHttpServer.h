#pragma once

#include <atomic>
#include <memory>

#include <QThread>

class QTcpServer;

// A small HTTP/1.1 upstream for the proxy's tests, on its own thread so that it never waits for
// the test's event loop. Routes:
//   /ok           200 "hello"
//   /bytes/N      200 with a body of N bytes
//   /slow/MS      200 "slow" after MS milliseconds
//   /echo         200 with the request body
//   /headers      200 with the request head as received, for checking what the proxy forwarded
//   anything else 404
// Connections are kept alive unless the request says otherwise.
class LocalHttpServer
{
public:
    LocalHttpServer();
    ~LocalHttpServer();
    LocalHttpServer(const LocalHttpServer&) = delete;
    LocalHttpServer& operator=(const LocalHttpServer&) = delete;

    quint16 port() const;
    int requestCount() const;
    int openConnections() const;

private:
    QThread m_thread;
    QObject* m_threadAnchor; // lives in m_thread, so that work can be sent there
    QTcpServer* m_server = nullptr;
    quint16 m_port = 0;
    std::atomic<int> m_requests{0};
    std::atomic<int> m_connections{0};
};
