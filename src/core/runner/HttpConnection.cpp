#include "runner/HttpConnection.h"

#include "proxy/MonotonicClock.h"

#include <algorithm>
#include <limits>

#include <QSignalBlocker>
#include <QSslSocket>

namespace
{
// Per connection, and a load item may open hundreds: enough for a response head and then some.
constexpr qsizetype ReadChunk = 16 * 1024;

// The proxy's answer to CONNECT is a short head; a longer one is not an answer.
constexpr qsizetype MaxTunnelReply = 16 * 1024;

CallErrorClass errorClassOf(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return CallErrorClass::Refused;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return CallErrorClass::Tls;
    default:
        return CallErrorClass::Reset;
    }
}
} // namespace

CallExchange HttpConnection::Response::exchange(quint32 callIndex, const QByteArray& requestHead) const
{
    return CallExchange{.callIndex = callIndex,
                        .requestHead = CallExchange::boundedHead(requestHead),
                        .responseHead = head ? CallExchange::boundedHead(head->serializeResponse()) : QByteArray(),
                        .responseBody = bodyExcerpt};
}

HttpConnection::HttpConnection(const QHostAddress& address, quint16 port, QObject* parent)
    : HttpConnection(address, port, std::nullopt, parent)
{ }

HttpConnection::HttpConnection(const QHostAddress& address, quint16 port, std::optional<Tls> tls, QObject* parent)
    : QObject(parent)
    , m_socket(tls ? std::unique_ptr<QTcpSocket>(std::make_unique<QSslSocket>()) : std::make_unique<QTcpSocket>())
    , m_address(address)
    , m_port(port)
    , m_tls(std::move(tls))
    , m_readBuffer(ReadChunk, Qt::Uninitialized)
{
    m_socket->setParent(this); // moves to another thread with the connection
    connect(m_socket.get(), &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket.get(), &QTcpSocket::errorOccurred, this, &HttpConnection::onSocketError);
    if (auto* tlsSocket = qobject_cast<QSslSocket*>(m_socket.get())) {
        tlsSocket->setPeerVerifyName(m_tls->peerName);
        tlsSocket->setPeerVerifyMode(m_tls->verifyCertificates ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
        connect(tlsSocket, &QSslSocket::encrypted, this, &HttpConnection::onEncrypted);
        connect(tlsSocket, &QSslSocket::sslErrors, this, [this](const QList<QSslError>& errors) {
            QStringList reasons;
            for (const QSslError& error : errors) {
                reasons << error.errorString();
            }
            m_tlsReason = reasons.join(QStringLiteral("; "));
        });
    }
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::open()
{
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        connectSocket();
    }
}

void HttpConnection::connectSocket()
{
    resetParser();
    m_tunnelState = TunnelState::None;
    m_tunnelReply.clear();
    m_tlsReason.clear();
    m_socket->connectToHost(m_address, m_port);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
}

void HttpConnection::closeSocket()
{
    // The socket's own signals about a close we asked for must not be taken for the server's.
    const QSignalBlocker blocker(m_socket.get());
    m_socket->abort();
    m_tunnelState = TunnelState::None;
}

void HttpConnection::resetParser()
{
    m_parser = std::make_unique<HttpMessageParser>(HttpMessageParser::Kind::Response);
    m_parser->onHead = [this](const HttpMessageHead& head) {
        m_response.status = static_cast<quint16>(std::clamp(head.statusCode, 0, 999));
        m_keepAlive = head.keepAlive;
        m_response.head = head;
        m_response.bodyExcerpt.clear();
    };
    m_parser->onBody = [this](const char* data, qsizetype size) {
        const qsizetype room = CallExchange::BodyExcerptBytes - m_response.bodyExcerpt.size();
        if (room > 0) {
            m_response.bodyExcerpt.append(data, std::min(room, size));
        }
        const qint64 total = qint64(m_response.bodyBytes) + size;
        m_response.bodyBytes = static_cast<quint32>(std::min<qint64>(total, std::numeric_limits<quint32>::max()));
    };
    m_parser->onMessageComplete = [this] {
        // Interim answers (100 Continue) come before the real one on the same connection.
        m_responseComplete = m_response.status >= 200;
    };
}

void HttpConnection::send(const QByteArray& request, bool expectBody, const QByteArray& tunnelRequest)
{
    Q_ASSERT(!m_busy);
    m_busy = true;
    m_request = request;
    m_tunnelRequest = tunnelRequest;
    m_expectBody = expectBody;
    m_response = Response{};
    m_responseComplete = false;
    // A connection that was already open may have been closed by the server meanwhile; such a
    // request may go once more on a new connection, as browsers do.
    m_mayRetry = m_socket->state() == QAbstractSocket::ConnectedState;
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        connectSocket();
    }
    if (!m_expectBody) {
        m_parser->expectNoBody();
    }
    writeRequest();
}

void HttpConnection::writeRequest()
{
    if (!m_tls || m_tunnelState == TunnelState::Ready) {
        m_socket->write(m_request);
        return;
    }
    // The request follows once the tunnel is up and encrypted (onEncrypted).
    if (m_tunnelState == TunnelState::None) {
        m_tunnelState = TunnelState::AwaitingReply;
        m_socket->write(m_tunnelRequest);
    }
}

void HttpConnection::readTunnelReply()
{
    m_tunnelReply += m_socket->readAll();
    const qsizetype end = m_tunnelReply.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_tunnelReply.size() > MaxTunnelReply) {
            closeSocket();
            complete(CallErrorClass::ProxyError);
        }
        return;
    }
    // "HTTP/1.1 200 Connection Established": the status is the second word of the first line.
    const QList<QByteArray> statusLine = m_tunnelReply.left(m_tunnelReply.indexOf("\r\n")).split(' ');
    if (statusLine.size() < 2 || statusLine.at(1) != "200") {
        closeSocket();
        complete(CallErrorClass::ProxyError);
        return;
    }
    m_tunnelReply.clear();
    m_tunnelState = TunnelState::Handshaking;
    static_cast<QSslSocket*>(m_socket.get())->startClientEncryption();
}

void HttpConnection::onEncrypted()
{
    m_tunnelState = TunnelState::Ready;
    if (m_busy) {
        m_socket->write(m_request);
    }
}

void HttpConnection::abort(CallErrorClass error)
{
    if (!m_busy) {
        return;
    }
    closeSocket();
    complete(error);
}

bool HttpConnection::parse(const char* data, qsizetype size)
{
    while (size > 0) {
        const qsizetype consumed = m_parser->feed(data, size);
        if (m_parser->error() != HttpMessageParser::Error::None) {
            return false;
        }
        if (m_responseComplete) {
            return true;
        }
        // The parser takes everything unless it paused after a message: here an interim answer.
        if (!m_parser->isPaused()) {
            return false;
        }
        m_parser->resume();
        data += consumed;
        size -= consumed;
    }
    return false;
}

void HttpConnection::onReadyRead()
{
    if (m_tunnelState == TunnelState::AwaitingReply) {
        if (m_busy) {
            readTunnelReply();
        }
        return;
    }
    while (m_socket->bytesAvailable() > 0) {
        const qint64 read = m_socket->read(m_readBuffer.data(), m_readBuffer.size());
        if (read <= 0) {
            return;
        }
        if (!m_busy) {
            // Bytes nobody asked for mean the stream is out of step: start afresh next time.
            closeSocket();
            return;
        }
        if (m_response.firstByteNs == 0) {
            m_response.firstByteNs = MonotonicClock::nowNs();
        }
        const bool complete = parse(m_readBuffer.constData(), read);
        if (m_parser->error() != HttpMessageParser::Error::None) {
            closeSocket();
            this->complete(CallErrorClass::InvalidResponse);
            return;
        }
        if (complete) {
            m_parser->resume();
            // A tunnel carries one call: the proxy cannot read inside it, so its one event, with
            // the faults it applied, must be that call's (the call id rides on the CONNECT).
            if (!m_keepAlive || m_tls) {
                closeSocket();
            }
            this->complete(CallErrorClass::None);
            return;
        }
    }
}

void HttpConnection::onSocketError(QAbstractSocket::SocketError error)
{
    if (!m_busy) {
        return;
    }
    if (error == QAbstractSocket::RemoteHostClosedError) {
        m_parser->finish();
        if (m_responseComplete) {
            closeSocket();
            complete(CallErrorClass::None);
            return;
        }
        if (m_mayRetry && m_response.firstByteNs == 0) {
            m_mayRetry = false;
            closeSocket();
            connectSocket();
            if (!m_expectBody) {
                m_parser->expectNoBody();
            }
            writeRequest();
            return;
        }
    }
    const CallErrorClass errorClass = m_tunnelState == TunnelState::Handshaking && !m_tlsReason.isEmpty()
        ? CallErrorClass::Tls
        : errorClassOf(error);
    if (errorClass == CallErrorClass::Tls) {
        emit tlsFailed(QStringLiteral("the TLS handshake with %1 failed: %2")
                           .arg(m_tls->peerName, m_tlsReason.isEmpty() ? m_socket->errorString() : m_tlsReason));
    }
    closeSocket();
    complete(errorClass);
}

void HttpConnection::complete(CallErrorClass error)
{
    m_busy = false;
    m_response.error = error;
    if (error != CallErrorClass::None) {
        m_response.status = 0;
        m_response.bodyBytes = 0;
    }
    m_response.endNs = MonotonicClock::nowNs();
    emit completed(m_response);
}
