#include "ProxyTestSupport.h"

#include <sys/resource.h>
#include <sys/socket.h>

#include <QTcpSocket>
#include <QTest>

namespace ProxyTestSupport
{
ProxyConfig config(const QList<Fault>& faults)
{
    ProxyConfig config;
    config.listenPort = 0;
    config.upstreams = {QStringLiteral("*")};
    config.faults = faults;
    return config;
}

QByteArray get(quint16 upstreamPort, const QByteArray& path, const QByteArray& extraHeaders)
{
    return "GET http://127.0.0.1:" + QByteArray::number(upstreamPort) + path
        + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(upstreamPort) + "\r\n" + extraHeaders + "\r\n";
}

Fault makeFault(FaultParameters parameters, FaultSide side, FaultDirection direction)
{
    Fault fault;
    fault.parameters = std::move(parameters);
    fault.side = side;
    fault.direction = direction;
    return fault;
}

void resetConnection(QTcpSocket* socket)
{
    const linger immediately{1, 0};
    ::setsockopt(static_cast<int>(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &immediately, sizeof immediately);
    socket->abort();
}

bool raiseOpenFileLimit(int descriptors)
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return false;
    }
    const auto wanted = static_cast<rlim_t>(descriptors);
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = std::min(limit.rlim_max, wanted);
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
            return false;
        }
    }
    return limit.rlim_cur >= wanted;
}

EventCollector::EventCollector(ProxyEngine& engine)
{
    connect(&engine, &ProxyEngine::eventsReady, this, [this](const QList<ProxyEvent>& batch) {
        events += batch;
        ++batches;
    });
}

bool EventCollector::waitFor(qsizetype count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return events.size() >= count; }, timeoutMs);
}
} // namespace ProxyTestSupport
