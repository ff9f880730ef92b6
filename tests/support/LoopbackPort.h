#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

// A port on 127.0.0.1 that nothing listens on: one the system just handed out and took back. A
// test that needs "connection refused" or a port to bind a server of its own to starts here.
inline quint16 unusedLoopbackPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost) ? probe.serverPort() : 0;
}

// A port on 127.0.0.1 where a new connection is never set up: a listener with no room in its
// queue, which one connection of its own fills and nothing accepts, so that Linux drops every
// later SYN and a client waits as for an unreachable host. The way to test a connect timeout
// without leaving loopback.
class UnreachableLoopbackPort
{
public:
    UnreachableLoopbackPort()
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), length) != 0
            || ::listen(m_listener, 0) != 0
            || ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            return;
        }
        m_filler.connectToHost(QHostAddress::LocalHost, ntohs(address.sin_port));
        if (m_filler.waitForConnected(5000)) {
            m_port = ntohs(address.sin_port);
        }
    }

    ~UnreachableLoopbackPort()
    {
        if (m_listener >= 0) {
            ::close(m_listener);
        }
    }

    UnreachableLoopbackPort(const UnreachableLoopbackPort&) = delete;
    UnreachableLoopbackPort& operator=(const UnreachableLoopbackPort&) = delete;

    quint16 port() const // 0 when it could not be set up
    {
        return m_port;
    }

private:
    int m_listener = -1;
    QTcpSocket m_filler;
    quint16 m_port = 0;
};
