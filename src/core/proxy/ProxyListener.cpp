#include "proxy/ProxyListener.h"

namespace
{
// Bursts of new connections (a load test's clients starting together) must not overflow the
// kernel's queue, or clients wait a second for a SYN retry.
constexpr int ListenBacklog = 1024;
} // namespace

ProxyListener::ProxyListener(std::function<void(qintptr descriptor)> dispatch, QObject* parent)
    : QTcpServer(parent)
    , m_dispatch(std::move(dispatch))
{
    setListenBacklogSize(ListenBacklog);
}

void ProxyListener::incomingConnection(qintptr descriptor)
{
    m_dispatch(descriptor);
}
