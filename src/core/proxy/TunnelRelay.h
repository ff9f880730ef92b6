#pragma once

#include "proxy/ConnectionRandom.h"
#include "proxy/PlanTracker.h"
#include "proxy/ProxyEngine.h"
#include "proxy/StreamTurns.h"
#include "proxy/UpstreamTarget.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTimer>

class QTcpSocket;
class ShapedPipe;
struct WorkerContext;

// A byte stream relayed both ways between a client and an upstream, unread, with the faults
// applied to each direction: a CONNECT tunnel (HTTPS passes through encrypted) or a TCP mapping.
// It ends when both ends have closed, as one ProxyEvent. Faults drawn once a message draw once
// an exchange (StreamTurns).
class TunnelRelay : public QObject
{
    Q_OBJECT

public:
    // event: the tunnel's event so far. clientBytes: what the client sent ahead of the tunnel.
    // establishedReply: what the client is told once the upstream accepted (CONNECT's 200).
    TunnelRelay(QTcpSocket* client, WorkerContext& context, const UpstreamTarget& target, ProxyEvent event,
                const QByteArray& clientBytes, const QByteArray& establishedReply, QObject* parent);
    ~TunnelRelay() override;

    // The event a TCP mapping's connection starts with.
    static ProxyEvent tunnelEvent(const QTcpSocket& client, const UpstreamTarget& target, quint64 connectionId);

private:
    void onUpstreamConnected();
    void onUpstreamFailed(int statusCode, const QString& reason);
    void onClientClosed();
    void onUpstreamClosed();
    // Moves what source has into pipe while the pipe takes more.
    void pump(QTcpSocket* source, ShapedPipe* pipe, bool respectBackPressure);
    void refreshPaths();
    void finishWhenBothClosed();
    void publishEvent();

    WorkerContext& m_context;
    ConnectionRandom m_random; // every draw of this tunnel goes through it
    QTcpSocket* m_client;
    QTcpSocket* m_upstream;
    ShapedPipe* m_toUpstream;
    ShapedPipe* m_toClient;
    UpstreamTarget m_target;
    PlanTracker m_plan;
    StreamTurns m_turns;
    ProxyEvent m_event;
    QByteArray m_establishedReply;
    QTimer m_connectTimer;
    QList<ProxyEvent::AppliedFault> m_applied;
    bool m_pathsSet = false;
    bool m_connected = false;
    bool m_clientClosed = false;
    bool m_upstreamClosed = false;
    bool m_published = false;
};
