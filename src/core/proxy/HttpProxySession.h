#pragma once

#include "proxy/ConnectionRandom.h"
#include "proxy/FaultPlan.h"
#include "proxy/HttpMessageParser.h"
#include "proxy/PlanTracker.h"
#include "proxy/ProxyEngine.h"
#include "proxy/UpstreamTarget.h"

#include <optional>

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;
class ShapedPipe;
class UpstreamLink;
struct WorkerContext;

// One client connection that speaks HTTP/1.1 to the proxy: as a forward proxy (absolute-form
// requests, CONNECT handed to a TunnelRelay) or, with a fixed target, as a reverse proxy. It
// handles one exchange at a time: pipelined requests wait in the socket until the previous
// response has gone out. Each exchange becomes a ProxyEvent.
class HttpProxySession : public QObject
{
    Q_OBJECT

public:
    HttpProxySession(QTcpSocket* client, WorkerContext& context, std::optional<UpstreamTarget> fixedTarget,
                     QObject* parent);
    ~HttpProxySession() override;

private:
    void readClient();
    void onRequestHead(const HttpMessageHead& head);
    void onRequestBody(const char* data, qsizetype size);
    void onRequestComplete();
    void onResponseHead(const HttpMessageHead& head);
    void onResponseBody(const char* data, qsizetype size);
    void onResponseComplete();
    void onUpstreamFailed(int statusCode, const QString& reason);
    void onUpstreamBroken(const QString& reason);
    void onHeaderTimeout();
    void onClientGone();

    void forwardRequest(HttpMessageHead head, const UpstreamTarget& target, const QByteArray& originForm);
    void beginTunnel();
    UpstreamLink* linkTo(const UpstreamTarget& target);
    // Sends what parser reads to three of this session's handlers.
    void listenTo(HttpMessageParser& parser, void (HttpProxySession::*onHead)(const HttpMessageHead&),
                  void (HttpProxySession::*onBody)(const char*, qsizetype), void (HttpProxySession::*onComplete)());
    void configurePaths(const UpstreamTarget& target, bool newLink);
    // The proxy's own answer (400, 431, 502, ...); the connection closes after it.
    void answerAndClose(int statusCode, const QString& reason, const QByteArray& body = {});
    void finishExchange();
    // Completes the event (faults applied, bytes, end) and hands it to the batcher.
    void publishEvent();
    void closeClient();
    // Sends what one parsed chunk wrote, in as few system calls as it takes.
    void flushPipes();
    // Seeded: the draws of the request whose event has begun start over from its identity.
    void reseedRandom();

    WorkerContext& m_context;
    QTcpSocket* m_client;
    std::optional<UpstreamTarget> m_fixedTarget;
    HttpMessageParser m_requestParser{HttpMessageParser::Kind::Request};
    QByteArray m_inbox;
    QTimer m_headerTimer;
    ShapedPipe* m_responsePipe;
    QPointer<UpstreamLink> m_link;
    PlanTracker m_plan;
    std::optional<UpstreamTarget> m_pathsTarget;
    quint64 m_connectionId;
    ConnectionRandom m_random; // every draw of this session goes through it

    // The exchange in flight.
    std::optional<ProxyEvent> m_event;
    std::optional<InjectedHttpError> m_injectedError;
    std::optional<UpstreamTarget> m_tunnelTarget;
    bool m_requestChunked = false;
    bool m_responseChunked = false;
    bool m_responseBegun = false;
    bool m_responseComplete = false; // every byte of it handed to the response pipe
    bool m_headRequest = false;
    bool m_keepAlive = true;
    qint64 m_bytesFromClient = 0;
    qint64 m_bytesToClient = 0;

    // The connection.
    bool m_closing = false;
    bool m_ended = false;
};
