#pragma once

#include "proxy/HttpMessageParser.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpSocket>

// A test's own connection to the proxy, for checks on exact bytes: it writes what it is given,
// when it is told to, keeps every byte it receives, and parses each response, interim ones
// (1xx) included, with its trailers. Every wait is bounded and runs the event loop.
class RawHttpConnection : public QObject
{
    Q_OBJECT

public:
    struct Response
    {
        HttpMessageHead head;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> trailers;
    };

    explicit RawHttpConnection(quint16 port, QObject* parent = nullptr);

    bool waitForConnected(int timeoutMs = 5000);
    void send(const QByteArray& bytes);
    // The next response answers a HEAD request.
    void expectNoBody();
    // Until at least count responses (interim ones included) arrived whole, or the timeout.
    bool waitForResponses(qsizetype count, int timeoutMs = 5000);
    bool waitForClosed(int timeoutMs = 5000);

    const QList<Response>& responses() const;
    // Every byte received, heads included.
    const QByteArray& received() const;
    bool isClosed() const;
    // Still connected with nothing received and no end of stream even waiting in the kernel:
    // checked without waiting, so that a test asks it right after something it waited for.
    bool isOpenAndSilent() const;

private:
    void readAvailable();

    HttpMessageParser m_parser{HttpMessageParser::Kind::Response};
    Response m_current;
    QList<Response> m_responses;
    QByteArray m_received;
    bool m_closed = false;
    // Last, so that it goes first: its destructor still signals, and the handlers use the rest.
    QTcpSocket m_socket;
};
