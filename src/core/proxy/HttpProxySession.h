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
// response has gone out. Each exchange becomes a ProxyEvent. A kept-alive client that sends
// nothing for the idle timeout is closed, unless a black-hole holds its connection.
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
    void onIdleTimeout();
    void onClientGone();

    void forwardRequest(HttpMessageHead head, const UpstreamTarget& target, const QByteArray& originForm);
    void beginTunnel();
    UpstreamLink* linkTo(const UpstreamTarget& target);
    void dropLink();
    // Sends request bytes to the link, keeping them while the request may have to be sent again.
    void sendUpstream(const QByteArray& bytes, bool startsMessage);
    // Once the whole request has left, the link waits for the response.
    void awaitResponseOnceSent();
    // A kept-alive link closed under an idempotent request before any response byte (the
    // upstream's idle timeout met the request): sends it once more on a new connection.
    bool retryOnFreshLink();
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
    QTimer m_idleTimer; // set at the end of an exchange, and runs on from the last client byte
    qint64 m_idleSinceNs = 0;
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
    bool m_requestComplete = false; // every byte of the request read from the client
    bool m_clientHttp10 = false; // knows neither chunked bodies nor interim responses
    bool m_keepAlive = true;
    bool m_upstreamKeepAlive = true; // the final response leaves the link open
    // What was sent of an idempotent request on a kept-alive link, until its response begins.
    bool m_replayable = false;
    QList<QByteArray> m_replay;
    qint64 m_replayBytes = 0;
    qint64 m_bytesFromClient = 0;
    qint64 m_bytesToClient = 0;

    // The connection.
    bool m_closing = false;
    bool m_ended = false;
};
