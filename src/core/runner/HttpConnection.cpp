#include "runner/HttpConnection.h"

#include "proxy/MonotonicClock.h"

#include <algorithm>
#include <limits>

#include <QSignalBlocker>

namespace
{
// Per connection, and a load item may open hundreds: enough for a response head and then some.
constexpr qsizetype ReadChunk = 16 * 1024;

CallErrorClass errorClassOf(QAbstractSocket::SocketError error)
{
    return error == QAbstractSocket::ConnectionRefusedError ? CallErrorClass::Refused : CallErrorClass::Reset;
}
} // namespace

HttpConnection::HttpConnection(const QHostAddress& address, quint16 port, QObject* parent)
    : QObject(parent)
    , m_socket(this)
    , m_address(address)
    , m_port(port)
    , m_readBuffer(ReadChunk, Qt::Uninitialized)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, &HttpConnection::onSocketError);
}

void HttpConnection::open()
{
    if (m_socket.state() == QAbstractSocket::UnconnectedState) {
        connectSocket();
    }
}

void HttpConnection::connectSocket()
{
    resetParser();
    m_socket.connectToHost(m_address, m_port);
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
}

void HttpConnection::closeSocket()
{
    // The socket's own signals about a close we asked for must not be taken for the server's.
    const QSignalBlocker blocker(m_socket);
    m_socket.abort();
}

void HttpConnection::resetParser()
{
    m_parser = std::make_unique<HttpMessageParser>(HttpMessageParser::Kind::Response);
    m_parser->onHead = [this](const HttpMessageHead& head) {
        m_response.status = static_cast<quint16>(std::clamp(head.statusCode, 0, 999));
        m_keepAlive = head.keepAlive;
    };
    m_parser->onBody = [this](const char*, qsizetype size) {
        const qint64 total = qint64(m_response.bodyBytes) + size;
        m_response.bodyBytes = static_cast<quint32>(std::min<qint64>(total, std::numeric_limits<quint32>::max()));
    };
    m_parser->onMessageComplete = [this] {
        // Interim answers (100 Continue) come before the real one on the same connection.
        m_responseComplete = m_response.status >= 200;
    };
}

void HttpConnection::send(const QByteArray& request, bool expectBody)
{
    Q_ASSERT(!m_busy);
    m_busy = true;
    m_request = request;
    m_expectBody = expectBody;
    m_response = Response{};
    m_responseComplete = false;
    // A connection that was already open may have been closed by the server meanwhile; such a
    // request may go once more on a new connection, as browsers do.
    m_mayRetry = m_socket.state() == QAbstractSocket::ConnectedState;
    if (m_socket.state() == QAbstractSocket::UnconnectedState) {
        connectSocket();
    }
    if (!m_expectBody) {
        m_parser->expectNoBody();
    }
    m_socket.write(m_request);
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
    while (m_socket.bytesAvailable() > 0) {
        const qint64 read = m_socket.read(m_readBuffer.data(), m_readBuffer.size());
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
            if (!m_keepAlive) {
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
            m_socket.write(m_request);
            return;
        }
    }
    closeSocket();
    complete(errorClassOf(error));
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
