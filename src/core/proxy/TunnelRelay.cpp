#include "proxy/TunnelRelay.h"

#include "proxy/ChunkReader.h"
#include "proxy/EventBatcher.h"
#include "proxy/FaultSettings.h"
#include "proxy/HttpMessageHead.h"
#include "proxy/MonotonicClock.h"
#include "proxy/ShapedPipe.h"
#include "proxy/UpstreamLink.h"
#include "proxy/WorkerContext.h"

#include <QTcpSocket>

TunnelRelay::TunnelRelay(QTcpSocket* client, WorkerContext& context, const UpstreamTarget& target, ProxyEvent event,
                         const QByteArray& clientBytes, const QByteArray& establishedReply, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_random(context.random, context.config.randomSeed)
    , m_client(client)
    , m_upstream(new QTcpSocket(this))
    , m_toUpstream(new ShapedPipe(m_upstream, this))
    , m_toClient(new ShapedPipe(client, this))
    , m_target(target)
    , m_plan(context.faults)
    , m_event(std::move(event))
    , m_establishedReply(establishedReply)
{
    m_context.openConnections.fetch_add(1);
    if (m_random.isSeeded()) { // no identity to format on the unseeded path
        // The runner's call id, which the CONNECT carries, does not depend on other traffic.
        m_random.reseed(m_event.callId.isEmpty() ? QStringLiteral("tunnel %1").arg(m_event.connectionId)
                                                 : m_event.callId);
    }
    client->setParent(this);
    m_upstream->setReadBufferSize(ChunkReader::MaxBytes * 4);
    refreshPaths();
    m_event.bytesFromClient += clientBytes.size();
    m_toUpstream->push(clientBytes, m_turns.startsMessage(StreamTurns::Direction::FromClient, clientBytes));

    connect(m_toClient, &ShapedPipe::released, this, [this](qint64 bytes) {
        if (m_event.firstByteNs == 0) {
            m_event.firstByteNs = MonotonicClock::nowNs();
        }
        m_event.bytesToClient += bytes;
    });
    connect(m_toUpstream, &ShapedPipe::relieved, this, [this] { pump(m_client, m_toUpstream, true); });
    connect(m_toClient, &ShapedPipe::relieved, this, [this] { pump(m_upstream, m_toClient, true); });
    // Packet loss that gives up in one direction resets both ends, as TCP would.
    connect(m_toUpstream, &ShapedPipe::connectionReset, m_toClient, &ShapedPipe::resetConnection);
    connect(m_toClient, &ShapedPipe::connectionReset, m_toUpstream, &ShapedPipe::resetConnection);
    connect(m_client, &QTcpSocket::disconnected, this, &TunnelRelay::onClientClosed);
    connect(m_client, &QTcpSocket::errorOccurred, this, [this] {
        if (m_client->state() == QAbstractSocket::UnconnectedState) {
            onClientClosed();
        }
    });
    connect(m_upstream, &QTcpSocket::connected, this, &TunnelRelay::onUpstreamConnected);
    connect(m_upstream, &QTcpSocket::disconnected, this, &TunnelRelay::onUpstreamClosed);
    connect(m_upstream, &QTcpSocket::errorOccurred, this, [this] {
        if (!m_connected) {
            m_event.upstreamFailure = upstreamFailureOf(m_upstream->error());
            onUpstreamFailed(
                502, QStringLiteral("cannot connect to %1: %2").arg(m_target.authority(), m_upstream->errorString()));
        } else if (m_upstream->state() == QAbstractSocket::UnconnectedState) {
            onUpstreamClosed();
        }
    });
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        onUpstreamFailed(504,
                         QStringLiteral("could not connect to %1 within %2 ms")
                             .arg(m_target.authority())
                             .arg(m_context.config.connectTimeoutMs));
    });
    m_connectTimer.start(m_context.config.connectTimeoutMs);
    m_upstream->connectToHost(target.host, target.port);
}

TunnelRelay::~TunnelRelay()
{
    if (!m_published) {
        m_event.error = QStringLiteral("the proxy stopped");
        publishEvent();
    }
    m_context.openConnections.fetch_sub(1);
}

ProxyEvent TunnelRelay::tunnelEvent(const QTcpSocket& client, const UpstreamTarget& target, quint64 connectionId)
{
    ProxyEvent event;
    event.kind = ProxyEvent::Kind::Tunnel;
    event.connectionId = connectionId;
    event.clientPort = client.peerPort();
    event.url = target.authority();
    event.upstream = target.authority();
    event.startNs = MonotonicClock::nowNs();
    return event;
}

void TunnelRelay::onUpstreamConnected()
{
    m_connected = true;
    m_connectTimer.stop();
    m_upstream->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (!m_establishedReply.isEmpty()) {
        m_event.status = 200;
        m_event.bytesToClient += m_client->write(m_establishedReply);
    }
    connect(m_client, &QTcpSocket::readyRead, this, [this] { pump(m_client, m_toUpstream, true); });
    connect(m_upstream, &QTcpSocket::readyRead, this, [this] { pump(m_upstream, m_toClient, true); });
    pump(m_client, m_toUpstream, true);
}

void TunnelRelay::onUpstreamFailed(int statusCode, const QString& reason)
{
    if (m_connected || m_upstreamClosed) {
        return;
    }
    m_upstreamClosed = true;
    m_connectTimer.stop();
    m_upstream->abort();
    m_event.error = reason;
    if (m_event.upstreamFailure == ProxyEvent::UpstreamFailure::None) {
        m_event.upstreamFailure = ProxyEvent::UpstreamFailure::Other;
    }
    if (!m_establishedReply.isEmpty()) {
        m_event.status = statusCode;
        m_client->write(proxyErrorResponse(statusCode, "aftershock: " + reason.toUtf8()));
    }
    m_client->disconnectFromHost();
    finishWhenBothClosed();
}

void TunnelRelay::onClientClosed()
{
    if (m_clientClosed) {
        return;
    }
    m_clientClosed = true;
    if (m_connected) {
        pump(m_client, m_toUpstream, false);
    }
    m_toUpstream->pushMarker([this] {
        if (m_connected && m_upstream->state() != QAbstractSocket::UnconnectedState) {
            m_upstream->disconnectFromHost(); // onUpstreamClosed follows
            return;
        }
        // Still connecting (no disconnected() will come) or already closed.
        m_connectTimer.stop();
        m_upstream->abort();
        m_upstreamClosed = true;
        finishWhenBothClosed();
    });
}

void TunnelRelay::onUpstreamClosed()
{
    if (m_upstreamClosed) {
        return;
    }
    m_upstreamClosed = true;
    m_connectTimer.stop();
    pump(m_upstream, m_toClient, false);
    m_toClient->pushMarker([this] {
        // A black-holed direction never closes: the client meets its own timeout.
        if (!m_toClient->hasSwallowed()) {
            m_client->disconnectFromHost();
        }
        finishWhenBothClosed();
    });
}

void TunnelRelay::pump(QTcpSocket* source, ShapedPipe* pipe, bool respectBackPressure)
{
    refreshPaths();
    const auto direction
        = source == m_client ? StreamTurns::Direction::FromClient : StreamTurns::Direction::FromUpstream;
    while (source->bytesAvailable() > 0 && (!respectBackPressure || pipe->acceptsMore())) {
        const QByteArray chunk = ChunkReader::next(*source);
        if (source == m_client) {
            m_event.bytesFromClient += chunk.size();
        }
        pipe->push(chunk, m_turns.startsMessage(direction, chunk));
    }
    pipe->flush();
}

void TunnelRelay::refreshPaths()
{
    if (!m_plan.refresh() && m_pathsSet) {
        return;
    }
    m_applied += m_toUpstream->path().takeApplied();
    m_applied += m_toClient->path().takeApplied();
    const FaultPlan& plan = m_plan.plan();
    const bool faulted = plan.appliesTo(m_target);
    m_toUpstream->setPath(faulted ? plan.buildPath(ProxyFlow::Request, m_random.engine()) : FaultPath());
    m_toClient->setPath(faulted ? plan.buildPath(ProxyFlow::Response, m_random.engine()) : FaultPath());
    m_pathsSet = true;
}

void TunnelRelay::finishWhenBothClosed()
{
    if (!m_clientClosed || !m_upstreamClosed || m_published) {
        return;
    }
    publishEvent();
    deleteLater();
}

void TunnelRelay::publishEvent()
{
    m_published = true;
    m_event.endNs = MonotonicClock::nowNs();
    m_event.applied = m_applied + m_toUpstream->path().takeApplied() + m_toClient->path().takeApplied();
    m_context.events.add(std::move(m_event));
}
