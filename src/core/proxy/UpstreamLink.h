#pragma once

#include "proxy/HttpMessageParser.h"
#include "proxy/ProxyEngine.h"
#include "proxy/ShapedPipe.h"
#include "proxy/UpstreamTarget.h"

#include <functional>

#include <QAbstractSocket>
#include <QObject>
#include <QTimer>

class QTcpSocket;

// What a failed connection to an upstream says of it: refused, no such host, or other trouble.
ProxyEvent::UpstreamFailure upstreamFailureOf(QAbstractSocket::SocketError error);

// The proxy's connection to one upstream for HTTP exchanges, kept open between requests: it
// connects (with a timeout), carries requests through its pipe, and reads responses into its
// parser, waiting at most the response timeout for the first byte and, once a response has
// begun, at most the stalled-body timeout between two of its bytes.
class UpstreamLink : public QObject
{
    Q_OBJECT

public:
    UpstreamLink(const UpstreamTarget& target, int connectTimeoutMs, int stalledBodyTimeoutMs, QObject* parent);

    const UpstreamTarget& target() const;
    // The target's Host header, made once for every request the link carries.
    const QByteArray& hostHeader() const;
    // Connecting or connected, and not closed since.
    bool isUsable() const;
    // A whole response came over this link: it is a kept-alive one, which the upstream may close
    // at any moment.
    bool hasServed() const;
    // Where requests go (the server side's egress).
    ShapedPipe& requestPipe();
    HttpMessageParser& responseParser();

    // A request head is on its way: a response is owed from now on.
    void beginExchange();
    // The whole request has been handed over: the first response byte must come within timeoutMs.
    void awaitResponse(int timeoutMs);
    // The final response has been read: nothing is owed any more.
    void endExchange();
    // Reads on only while canRead says so (the response pipe's back-pressure); call readMore()
    // when it may again.
    void setReadGate(std::function<bool()> canRead);
    void readMore();
    // Called after each chunk of the response has been parsed.
    void setAfterRead(std::function<void()> afterRead);
    // Drops the connection and deletes the link once control is back in the event loop; it
    // reports nothing more.
    void retire();
    // Why the link failed or broke, once it has.
    ProxyEvent::UpstreamFailure failure() const
    {
        return m_failure;
    }

signals:
    // Before any byte of a response: 502 (refused, reset, closed, malformed) or 504 (timeout).
    void failed(int statusCode, const QString& reason);
    // After a response began: the rest will not come.
    void broken(const QString& reason);

private:
    void readAvailable(bool respectGate);
    void onConnected();
    void onError();
    void onDisconnected();
    void fail(int statusCode, const QString& reason);
    bool isMidResponse() const;
    void onStallTimeout();

    UpstreamTarget m_target;
    QTcpSocket* m_socket;
    ShapedPipe* m_requestPipe;
    HttpMessageParser m_responseParser{HttpMessageParser::Kind::Response};
    QTimer m_connectTimer;
    QTimer m_responseTimer;
    // Set once a response has begun and not ended with the read; it runs on from the last read.
    QTimer m_stallTimer;
    QByteArray m_hostHeader;
    qint64 m_lastReadNs = 0;
    std::function<bool()> m_canRead;
    std::function<void()> m_afterRead;
    int m_connectTimeoutMs;
    int m_stalledBodyTimeoutMs;
    ProxyEvent::UpstreamFailure m_failure = ProxyEvent::UpstreamFailure::Other;
    bool m_usable = true;
    bool m_exchangeOpen = false;
    bool m_responseStarted = false;
    bool m_served = false;
};
