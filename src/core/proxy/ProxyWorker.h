#pragma once

#include "proxy/WorkerContext.h"

#include <QObject>

// The proxy's work on one thread: it adopts accepted connections and owns their handlers
// (HttpProxySession, TunnelRelay), which run on its event loop.
class ProxyWorker : public QObject
{
    Q_OBJECT

public:
    // Connections the forward proxy accepted carry this route; a mapping's carry its index.
    static constexpr int ForwardProxyRoute = -1;

    ProxyWorker(const ProxyConfig& config, FaultSettings& faults, EventBatcher& events,
                std::atomic<quint64>& nextConnectionId, std::atomic<int>& openConnections);

    // In the worker's thread.
    void adopt(qintptr descriptor, int route);
    // In the worker's thread: closes every connection.
    void closeAll();

private:
    WorkerContext m_context;
};
