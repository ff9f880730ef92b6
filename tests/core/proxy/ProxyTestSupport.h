#pragma once

#include "proxy/ProxyEngineImpl.h"

#include <QByteArray>
#include <QList>
#include <QObject>

class QTcpSocket;

// Helpers the proxy engine's tests share: a started engine, requests and fault values.
namespace ProxyTestSupport
{
// Binds a free port; faults apply to every upstream.
ProxyConfig config(const QList<Fault>& faults = {});

QByteArray get(quint16 upstreamPort, const QByteArray& path, const QByteArray& extraHeaders = {});

Fault makeFault(FaultParameters parameters, FaultSide side = FaultSide::Server,
                FaultDirection direction = FaultDirection::Ingress);

// Closes with a reset, as a kernel does when a server closes with bytes it never read.
void resetConnection(QTcpSocket* socket);

// Raises this process's soft limit on open files to at least descriptors, within the hard
// limit; false when the hard limit is lower.
bool raiseOpenFileLimit(int descriptors);

// Collects every event the engine delivers, on the calling thread.
class EventCollector : public QObject
{
public:
    explicit EventCollector(ProxyEngine& engine);

    QList<ProxyEvent> events;
    int batches = 0;
    // Waits, bounded, until at least count events arrived.
    bool waitFor(qsizetype count, int timeoutMs = 5000);
};
} // namespace ProxyTestSupport
