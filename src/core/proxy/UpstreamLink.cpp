#include "proxy/UpstreamLink.h"

#include "proxy/ChunkReader.h"
#include "proxy/MonotonicClock.h"

#include <QTcpSocket>

ProxyEvent::UpstreamFailure upstreamFailureOf(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return ProxyEvent::UpstreamFailure::Refused;
    case QAbstractSocket::HostNotFoundError:
        return ProxyEvent::UpstreamFailure::HostNotFound;
    default:
        return ProxyEvent::UpstreamFailure::Other;
    }
}

UpstreamLink::UpstreamLink(const UpstreamTarget& target, int connectTimeoutMs, int stalledBodyTimeoutMs,
                           QObject* parent)
    : QObject(parent)
    , m_target(target)
    , m_socket(new QTcpSocket(this))
    , m_requestPipe(new ShapedPipe(m_socket, this))
    , m_hostHeader(target.hostHeader())
    , m_connectTimeoutMs(connectTimeoutMs)
    , m_stalledBodyTimeoutMs(stalledBodyTimeoutMs)
{
    m_socket->setReadBufferSize(ChunkReader::MaxBytes * 4);
    for (QTimer* timer : {&m_connectTimer, &m_responseTimer}) {
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
    }
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        fail(504,
             QStringLiteral("could not connect to %1 within %2 ms").arg(m_target.authority()).arg(m_connectTimeoutMs));
    });
    connect(&m_responseTimer, &QTimer::timeout, this, [this] {
        fail(504,
             QStringLiteral("%1 sent no response within %2 ms")
                 .arg(m_target.authority())
                 .arg(m_responseTimer.interval()));
    });
    m_stallTimer.setSingleShot(true);
    connect(&m_stallTimer, &QTimer::timeout, this, &UpstreamLink::onStallTimeout);
    connect(m_socket, &QTcpSocket::connected, this, &UpstreamLink::onConnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &UpstreamLink::onError);
    connect(m_socket, &QTcpSocket::disconnected, this, &UpstreamLink::onDisconnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &UpstreamLink::readMore);
    m_connectTimer.start(connectTimeoutMs);
    m_socket->connectToHost(target.host, target.port);
}

const UpstreamTarget& UpstreamLink::target() const
{
    return m_target;
}

const QByteArray& UpstreamLink::hostHeader() const
{
    return m_hostHeader;
}

bool UpstreamLink::isUsable() const
{
    return m_usable;
}

bool UpstreamLink::hasServed() const
{
    return m_served;
}

ShapedPipe& UpstreamLink::requestPipe()
{
    return *m_requestPipe;
}

HttpMessageParser& UpstreamLink::responseParser()
{
    return m_responseParser;
}

void UpstreamLink::beginExchange()
{
    m_exchangeOpen = true;
    m_responseStarted = false;
    m_responseParser.resume();
}

void UpstreamLink::awaitResponse(int timeoutMs)
{
    if (m_exchangeOpen && !m_responseStarted && m_usable) {
        m_responseTimer.start(timeoutMs);
    }
}

void UpstreamLink::endExchange()
{
    m_exchangeOpen = false;
    m_served = true;
    m_responseTimer.stop();
    m_stallTimer.stop();
}

void UpstreamLink::setReadGate(std::function<bool()> canRead)
{
    m_canRead = std::move(canRead);
}

void UpstreamLink::setAfterRead(std::function<void()> afterRead)
{
    m_afterRead = std::move(afterRead);
}

void UpstreamLink::readMore()
{
    readAvailable(true);
}

void UpstreamLink::readAvailable(bool respectGate)
{
    while (m_usable && m_socket->bytesAvailable() > 0 && (!respectGate || !m_canRead || m_canRead())) {
        if (!m_exchangeOpen || m_responseParser.isPaused()) {
            // Bytes nobody asked for (a server talking out of turn): the link cannot be trusted.
            m_socket->abort();
            m_usable = false;
            return;
        }
        m_responseStarted = true;
        m_responseTimer.stop();
        const QByteArray chunk = ChunkReader::next(*m_socket);
        m_responseParser.feed(chunk.constData(), chunk.size());
        if (m_afterRead) {
            m_afterRead();
        }
        if (m_responseParser.error() != HttpMessageParser::Error::None) {
            fail(502, QStringLiteral("%1 sent a %2").arg(m_target.authority(), m_responseParser.errorText()));
            return;
        }
        // Only a response that spans reads pays for the clock; most end in the read they began in.
        if (m_exchangeOpen && m_usable && isMidResponse()) {
            m_lastReadNs = MonotonicClock::nowNs();
            if (!m_stallTimer.isActive()) {
                m_stallTimer.start(m_stalledBodyTimeoutMs);
            }
        }
    }
}

bool UpstreamLink::isMidResponse() const
{
    // Not between an interim response (100 Continue) and the final one: the upstream may be
    // waiting for the request's body then, or working on it.
    return m_responseParser.isInHead() || m_responseParser.isInBody();
}

void UpstreamLink::onStallTimeout()
{
    if (!m_exchangeOpen || !m_usable || !isMidResponse()) {
        return;
    }
    // Bytes waiting unread are the client's back-pressure, not the upstream's silence.
    if (m_socket->bytesAvailable() > 0) {
        m_lastReadNs = MonotonicClock::nowNs();
    }
    const qint64 silentMs = (MonotonicClock::nowNs() - m_lastReadNs) / 1'000'000;
    if (silentMs < m_stalledBodyTimeoutMs) {
        m_stallTimer.start(int(m_stalledBodyTimeoutMs - silentMs));
        return;
    }
    fail(502,
         QStringLiteral("%1 sent nothing more of its response for %2 ms")
             .arg(m_target.authority())
             .arg(m_stalledBodyTimeoutMs));
}

void UpstreamLink::retire()
{
    m_usable = false;
    m_exchangeOpen = false;
    m_connectTimer.stop();
    m_responseTimer.stop();
    m_stallTimer.stop();
    m_canRead = nullptr;
    m_afterRead = nullptr;
    disconnect();
    m_socket->disconnect(this);
    m_socket->abort();
    deleteLater();
}

void UpstreamLink::onConnected()
{
    m_connectTimer.stop();
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
}

void UpstreamLink::onError()
{
    if (m_socket->error() == QAbstractSocket::RemoteHostClosedError) {
        return; // onDisconnected says what it means
    }
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        m_failure = upstreamFailureOf(m_socket->error());
        fail(502, QStringLiteral("cannot connect to %1: %2").arg(m_target.authority(), m_socket->errorString()));
    }
}

void UpstreamLink::onDisconnected()
{
    if (!m_usable) {
        return;
    }
    if (m_exchangeOpen) {
        // What the server sent before closing still counts, past any back-pressure; a body
        // that runs to the end of the connection ends here.
        readAvailable(false);
        if (m_responseStarted) {
            m_responseParser.finish();
        }
    }
    const bool owed = m_exchangeOpen && !m_responseParser.isPaused();
    m_usable = false;
    m_connectTimer.stop();
    m_responseTimer.stop();
    m_stallTimer.stop();
    if (!owed) {
        return;
    }
    if (m_responseStarted) {
        emit broken(QStringLiteral("%1 closed the connection in the middle of the response").arg(m_target.authority()));
    } else {
        emit failed(502, QStringLiteral("%1 closed the connection without a response").arg(m_target.authority()));
    }
}

void UpstreamLink::fail(int statusCode, const QString& reason)
{
    if (!m_usable) {
        return;
    }
    m_usable = false;
    m_connectTimer.stop();
    m_responseTimer.stop();
    m_stallTimer.stop();
    m_socket->abort();
    if (m_exchangeOpen && m_responseStarted) {
        emit broken(reason);
    } else if (m_exchangeOpen) {
        emit failed(statusCode, reason);
    }
}
