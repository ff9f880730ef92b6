#include "RawHttpConnection.h"

#include <poll.h>

#include <QTest>

RawHttpConnection::RawHttpConnection(quint16 port, QObject* parent)
    : QObject(parent)
{
    m_parser.onHead = [this](const HttpMessageHead& head) {
        m_current.head = head;
    };
    m_parser.onBody = [this](const char* data, qsizetype size) {
        m_current.body.append(data, size);
    };
    m_parser.onMessageComplete = [this] {
        m_current.trailers = m_parser.trailers();
        m_responses.append(std::exchange(m_current, {}));
    };
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawHttpConnection::readAvailable);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        readAvailable();
        m_parser.finish();
        m_closed = true;
    });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket.state() == QAbstractSocket::UnconnectedState) {
            m_closed = true;
        }
    });
    m_socket.connectToHost(QHostAddress::LocalHost, port);
}

bool RawHttpConnection::waitForConnected(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState || m_closed; },
                           timeoutMs)
        && !m_closed;
}

void RawHttpConnection::send(const QByteArray& bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

void RawHttpConnection::expectNoBody()
{
    m_parser.expectNoBody();
}

bool RawHttpConnection::waitForResponses(qsizetype count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_responses.size() >= count || m_closed; }, timeoutMs)
        && m_responses.size() >= count;
}

bool RawHttpConnection::waitForClosed(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_closed; }, timeoutMs);
}

const QList<RawHttpConnection::Response>& RawHttpConnection::responses() const
{
    return m_responses;
}

const QByteArray& RawHttpConnection::received() const
{
    return m_received;
}

bool RawHttpConnection::isClosed() const
{
    return m_closed;
}

bool RawHttpConnection::isOpenAndSilent() const
{
    if (m_closed || m_socket.state() != QAbstractSocket::ConnectedState || !m_received.isEmpty()
        || m_socket.bytesAvailable() > 0) {
        return false;
    }
    pollfd descriptor{static_cast<int>(m_socket.socketDescriptor()), POLLIN | POLLRDHUP, 0};
    return ::poll(&descriptor, 1, 0) == 0;
}

void RawHttpConnection::readAvailable()
{
    QByteArray data = m_socket.readAll();
    m_received += data;
    while (!data.isEmpty() && m_parser.error() == HttpMessageParser::Error::None) {
        const qsizetype consumed = m_parser.feed(data.constData(), data.size());
        data.remove(0, consumed);
        if (!m_parser.isPaused()) {
            break;
        }
        m_parser.resume();
    }
}
