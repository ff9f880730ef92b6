#pragma once

#include "proxy/HttpMessageParser.h"
#include "runner/CallRecord.h"

#include <memory>

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTcpSocket>

// One keep-alive HTTP/1.1 connection that carries one request at a time and reports how its
// response went. It reconnects by itself when the server has closed an idle connection.
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
    };

    HttpConnection(const QHostAddress& address, quint16 port, QObject* parent = nullptr);

    // Connects ahead of the first request, so that connecting is not charged to it.
    void open();
    // Sends request; completed() follows once, with the response or the error.
    void send(const QByteArray& request, bool expectBody);
    // Ends the request under way now with error (a timeout, a cancel) and closes the connection.
    void abort(CallErrorClass error);
    bool isBusy() const
    {
        return m_busy;
    }

signals:
    void completed(const HttpConnection::Response& response);

private:
    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError error);
    void connectSocket();
    void closeSocket();
    // A new connection starts a new byte stream, so it gets a new parser.
    void resetParser();
    // Feeds what was read; true once the response is complete.
    bool parse(const char* data, qsizetype size);
    void complete(CallErrorClass error);

    QTcpSocket m_socket;
    std::unique_ptr<HttpMessageParser> m_parser;
    QHostAddress m_address;
    quint16 m_port = 0;
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
