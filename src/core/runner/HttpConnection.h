#pragma once

#include "proxy/HttpMessageParser.h"
#include "runner/CallExchange.h"
#include "runner/CallRecord.h"

#include <memory>
#include <optional>

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTcpSocket>

// One keep-alive HTTP/1.1 connection that carries one request at a time and reports how its
// response went. It reconnects by itself when the server has closed an idle connection. For an
// https target it first asks the proxy for a CONNECT tunnel and speaks TLS inside it, a tunnel
// for each request.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    struct Response
    {
        quint16 status = 0; // 0: no response
        quint32 bodyBytes = 0;
        qint64 firstByteNs = 0; // monotonic; 0: no byte came back
        qint64 endNs = 0;
        CallErrorClass error = CallErrorClass::None;
        // For the call's exchange: the final response's head (kept when the body then broke off)
        // and the body's first CallExchange::BodyExcerptBytes.
        std::optional<HttpMessageHead> head;
        QByteArray bodyExcerpt;

        CallExchange exchange(quint32 callIndex, const QByteArray& requestHead) const;
    };

    // TLS inside a tunnel: the name the certificate must carry (and the SNI sent).
    struct Tls
    {
        QString peerName;
        bool verifyCertificates = true;
    };

    HttpConnection(const QHostAddress& address, quint16 port, QObject* parent = nullptr);
    // tls set: the connection is a tunnel through the proxy at address:port.
    HttpConnection(const QHostAddress& address, quint16 port, std::optional<Tls> tls, QObject* parent);
    ~HttpConnection() override;

    // Connects ahead of the first request, so that connecting is not charged to it.
    void open();
    // Sends request; completed() follows once, with the response or the error. tunnelRequest:
    // the CONNECT head sent first when a TLS connection has no tunnel yet.
    void send(const QByteArray& request, bool expectBody, const QByteArray& tunnelRequest = {});
    // Ends the request under way now with error (a timeout, a cancel) and closes the connection.
    void abort(CallErrorClass error);
    bool isBusy() const
    {
        return m_busy;
    }

signals:
    void completed(const HttpConnection::Response& response);
    // Why a call failed with CallErrorClass::Tls (the certificate's errors), before completed().
    void tlsFailed(const QString& reason);

private:
    enum class TunnelState { None, AwaitingReply, Handshaking, Ready };

    void onReadyRead();
    // Reads the proxy's answer to CONNECT and starts TLS on a 200.
    void readTunnelReply();
    void onEncrypted();
    // Writes the request, or what must come before it on a TLS connection.
    void writeRequest();
    void onSocketError(QAbstractSocket::SocketError error);
    void connectSocket();
    void closeSocket();
    // A new connection starts a new byte stream, so it gets a new parser.
    void resetParser();
    // Feeds what was read; true once the response is complete.
    bool parse(const char* data, qsizetype size);
    void complete(CallErrorClass error);

    // A QSslSocket only for TLS: plain connections stay on QTcpSocket, which copies less.
    std::unique_ptr<QTcpSocket> m_socket;
    std::unique_ptr<HttpMessageParser> m_parser;
    QHostAddress m_address;
    quint16 m_port = 0;
    std::optional<Tls> m_tls;
    TunnelState m_tunnelState = TunnelState::None;
    QByteArray m_tunnelRequest;
    QByteArray m_tunnelReply;
    QString m_tlsReason; // the certificate's errors of the handshake under way
    QByteArray m_request; // kept to send again once, see onSocketError
    QByteArray m_readBuffer;
    Response m_response;
    bool m_busy = false;
    bool m_responseComplete = false;
    bool m_keepAlive = false;
    bool m_expectBody = true;
    bool m_mayRetry = false;
};

Q_DECLARE_METATYPE(HttpConnection::Response)
