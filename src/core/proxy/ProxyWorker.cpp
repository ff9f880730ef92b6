#include "proxy/ProxyWorker.h"

#include "proxy/HttpProxySession.h"
#include "proxy/TunnelRelay.h"

#include <unistd.h>

#include <QTcpSocket>

namespace
{
constexpr qint64 SocketReadBufferBytes = 256 * 1024;

UpstreamTarget mappingTarget(const ProxyMapping& mapping)
{
    const QString scheme = mapping.protocol == ProxyMapping::Protocol::Http ? QStringLiteral("http")
        : mapping.protocol == ProxyMapping::Protocol::Https                 ? QStringLiteral("https")
                                                                            : QString();
    return UpstreamTarget{scheme, mapping.remoteHost.toLower(), mapping.remotePort};
}
} // namespace

ProxyWorker::ProxyWorker(const ProxyConfig& config, FaultSettings& faults, EventBatcher& events,
                         std::atomic<quint64>& nextConnectionId, std::atomic<int>& openConnections)
    : m_context{config, faults, events, nextConnectionId, openConnections}
{ }

void ProxyWorker::adopt(qintptr descriptor, int route)
{
    auto* socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(static_cast<int>(descriptor));
        return;
    }
    socket->setReadBufferSize(SocketReadBufferBytes);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (route == ForwardProxyRoute) {
        new HttpProxySession(socket, m_context, std::nullopt, this);
        return;
    }
    const ProxyMapping& mapping = m_context.config.mappings.at(route);
    const UpstreamTarget target = mappingTarget(mapping);
    if (mapping.protocol == ProxyMapping::Protocol::Http) {
        new HttpProxySession(socket, m_context, target, this);
    } else {
        // TCP, and HTTPS, which passes through encrypted as the forward proxy's tunnels do.
        const quint64 connectionId = m_context.nextConnectionId.fetch_add(1) + 1;
        new TunnelRelay(socket, m_context, target, TunnelRelay::tunnelEvent(*socket, target, connectionId), {}, {},
                        this);
    }
}

void ProxyWorker::closeAll()
{
    const QObjectList handlers = children(); // a copy: each deletion changes children()
    qDeleteAll(handlers);
}
