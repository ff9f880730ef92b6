#include "proxy/HttpProxySession.h"

#include "proxy/ChunkReader.h"
#include "proxy/EventBatcher.h"
#include "proxy/FaultSettings.h"
#include "proxy/MonotonicClock.h"
#include "proxy/ShapedPipe.h"
#include "proxy/TunnelRelay.h"
#include "proxy/UpstreamLink.h"
#include "proxy/WorkerContext.h"

#include <QTcpSocket>

namespace
{
constexpr char CallIdHeader[] = "x-aftershock-call-id";
constexpr char LastChunk[] = "0\r\n\r\n";
constexpr char TunnelEstablished[] = "HTTP/1.1 200 Connection Established\r\n\r\n";
// The most of a request kept for sending it again on a fresh link; a larger one is not retried.
constexpr qint64 MaxReplayBytes = 64 * 1024;

QByteArray chunkFrame(const char* data, qsizetype size)
{
    QByteArray frame = QByteArray::number(size, 16);
    frame.reserve(frame.size() + size + 4);
    frame += "\r\n";
    frame.append(data, size);
    frame += "\r\n";
    return frame;
}

// The end of a chunked body, with its trailer fields.
QByteArray lastChunk(const QList<QPair<QByteArray, QByteArray>>& trailers)
{
    if (trailers.isEmpty()) {
        return QByteArray::fromRawData(LastChunk, sizeof LastChunk - 1);
    }
    QByteArray last = "0\r\n";
    for (const auto& [name, value] : trailers) {
        last += name + ": " + value + "\r\n";
    }
    return last + "\r\n";
}

bool responseHasBody(int statusCode, bool answersHead)
{
    return !answersHead && statusCode >= 200 && statusCode != 204 && statusCode != 304;
}

// RFC 9110 §9.2.2: sending one of these twice does what sending it once does.
bool isIdempotent(const QByteArray& method)
{
    for (const char* idempotent : {"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"}) {
        if (method == idempotent) {
            return true;
        }
    }
    return false;
}

// Drops the chunked coding from Transfer-Encoding, and the header when nothing else is left.
void removeChunkedCoding(HttpMessageHead& head)
{
    QByteArrayList codings;
    for (const QByteArray& coding : head.header("Transfer-Encoding").split(',')) {
        if (coding.trimmed().compare("chunked", Qt::CaseInsensitive) != 0) {
            codings.append(coding.trimmed());
        }
    }
    if (codings.isEmpty()) {
        head.removeHeader("Transfer-Encoding");
    } else {
        head.setHeader("Transfer-Encoding", codings.join(", "));
    }
}
} // namespace

HttpProxySession::HttpProxySession(QTcpSocket* client, WorkerContext& context,
                                   std::optional<UpstreamTarget> fixedTarget, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_client(client)
    , m_fixedTarget(std::move(fixedTarget))
    , m_responsePipe(new ShapedPipe(client, this))
    , m_plan(context.faults)
    , m_connectionId(context.nextConnectionId.fetch_add(1) + 1)
    , m_random(context.random, context.config.randomSeed)
{
    m_context.openConnections.fetch_add(1);
    client->setParent(this);
    listenTo(m_requestParser, &HttpProxySession::onRequestHead, &HttpProxySession::onRequestBody,
             &HttpProxySession::onRequestComplete);
    m_headerTimer.setSingleShot(true);
    connect(&m_headerTimer, &QTimer::timeout, this, &HttpProxySession::onHeaderTimeout);
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpProxySession::onIdleTimeout);
    connect(client, &QTcpSocket::readyRead, this, &HttpProxySession::readClient);
    connect(client, &QTcpSocket::disconnected, this, &HttpProxySession::onClientGone);
    connect(client, &QTcpSocket::errorOccurred, this, [this] {
        if (m_client->state() == QAbstractSocket::UnconnectedState) {
            onClientGone();
        }
    });
    connect(m_responsePipe, &ShapedPipe::released, this, [this](qint64 bytes) {
        if (m_event && m_bytesToClient == 0) {
            m_event->firstByteNs = MonotonicClock::nowNs();
        }
        m_bytesToClient += bytes;
    });
    connect(m_responsePipe, &ShapedPipe::relieved, this, [this] {
        if (m_link) {
            m_link->readMore();
        }
    });
    // A new connection must send its first request head within the header timeout (slowloris);
    // a kept-alive one gets the idle timeout for its next request, and the header timeout again
    // from that request's first byte.
    m_headerTimer.start(m_context.config.headerTimeoutMs);
}

HttpProxySession::~HttpProxySession()
{
    if (m_event) {
        m_event->error = QStringLiteral("the proxy stopped");
        publishEvent();
    }
    m_context.openConnections.fetch_sub(1);
}

void HttpProxySession::readClient()
{
    while (!m_closing && !m_requestParser.isPaused()) {
        if (m_inbox.isEmpty()) {
            if (m_link && m_event && !m_link->requestPipe().acceptsMore()) {
                return; // resumed by the request pipe's relieved()
            }
            m_inbox = ChunkReader::next(*m_client);
            if (m_inbox.isEmpty()) {
                return;
            }
        }
        const qsizetype consumed = m_requestParser.feed(m_inbox.constData(), m_inbox.size());
        m_bytesFromClient += consumed;
        m_inbox.remove(0, consumed);
        flushPipes();
        if (!m_event) {
            m_idleSinceNs = MonotonicClock::nowNs(); // a partial head, or the discarded rest of a body
        }
        // A request head must be complete within the header timeout of its first byte; most
        // arrive whole in one read and never need the timer.
        if (!m_event && !m_closing && m_requestParser.isInHead() && !m_headerTimer.isActive()) {
            m_headerTimer.start(m_context.config.headerTimeoutMs);
        }
        if (m_requestParser.error() != HttpMessageParser::Error::None) {
            const bool tooLarge = m_requestParser.error() == HttpMessageParser::Error::HeadTooLarge;
            answerAndClose(tooLarge ? 431 : 400, m_requestParser.errorText());
            return;
        }
        if (m_tunnelTarget) {
            beginTunnel();
            return;
        }
    }
}

void HttpProxySession::onRequestHead(const HttpMessageHead& head)
{
    m_headerTimer.stop();
    ProxyEvent event;
    event.connectionId = m_connectionId;
    event.clientPort = m_client->peerPort();
    event.callId = QString::fromUtf8(head.header(CallIdHeader));
    event.method = QString::fromLatin1(head.method);
    event.url = QString::fromUtf8(head.target);
    event.startNs = MonotonicClock::nowNs();
    m_event = event;
    reseedRandom();
    m_injectedError.reset();
    m_responseBegun = false;
    m_responseComplete = false;
    m_requestChunked = head.chunked;
    m_headRequest = head.method == "HEAD";
    m_requestComplete = false;
    m_clientHttp10 = head.versionMajor < 1 || (head.versionMajor == 1 && head.versionMinor == 0);
    m_keepAlive = head.keepAlive;
    m_upstreamKeepAlive = true;
    m_replayable = false;
    m_replay.clear();
    m_replayBytes = 0;
    m_bytesToClient = 0;

    if (head.method == "CONNECT") {
        const auto target = UpstreamTarget::fromAuthority(head.target);
        if (m_fixedTarget || !target) {
            answerAndClose(400,
                           m_fixedTarget ? QStringLiteral("CONNECT goes to the forward proxy, not a mapping")
                                         : QStringLiteral("CONNECT needs host:port, not '%1'").arg(m_event->url));
            return;
        }
        m_event->kind = ProxyEvent::Kind::Tunnel;
        m_event->url = target->authority();
        m_event->upstream = target->authority();
        m_tunnelTarget = target; // taken over once the parser has returned
        return;
    }
    QByteArray originForm;
    std::optional<UpstreamTarget> target = UpstreamTarget::fromAbsoluteUrl(head.target, &originForm);
    if (m_fixedTarget) {
        if (!target && head.target.startsWith('/')) {
            originForm = head.target;
        }
        target = m_fixedTarget;
        m_event->url = QStringLiteral("http://") + target->authority() + QString::fromUtf8(originForm);
    }
    if (!target || originForm.isEmpty()) {
        answerAndClose(400,
                       QStringLiteral("the proxy needs an absolute http:// URL (or CONNECT for https), not '%1'")
                           .arg(m_event->url));
        return;
    }
    m_event->upstream = target->authority();
    forwardRequest(head, *target, originForm);
}

void HttpProxySession::forwardRequest(HttpMessageHead head, const UpstreamTarget& target, const QByteArray& originForm)
{
    const bool newLink = !m_link || !m_link->isUsable() || m_link->target() != target;
    UpstreamLink* link = linkTo(target);
    configurePaths(target, newLink);
    if (m_plan.plan().appliesTo(target)) {
        m_injectedError = m_plan.plan().drawHttpError(m_event->startNs, m_random.engine());
    }
    link->beginExchange();
    if (m_headRequest) {
        link->responseParser().expectNoBody();
    }
    m_replayable = link->hasServed() && isIdempotent(head.method);
    head.target = originForm;
    head.removeHeader(CallIdHeader);
    head.removeHopByHopHeaders(); // Proxy-Authorization among them
    // RFC 9112 §3.2.2: the absolute URL names the host, whatever Host the client wrote.
    head.setHeader("Host", link->hostHeader());
    sendUpstream(head.serializeRequest(), true);
}

void HttpProxySession::onRequestBody(const char* data, qsizetype size)
{
    if (m_link && !m_closing) {
        sendUpstream(m_requestChunked ? chunkFrame(data, size) : QByteArray(data, size), false);
    }
}

void HttpProxySession::onRequestComplete()
{
    m_requestComplete = true;
    if (m_closing || m_tunnelTarget) {
        return;
    }
    if (!m_event) {
        // The rest of a body whose early answer has gone out, discarded: the next request may begin.
        m_requestParser.resume();
        return;
    }
    if (!m_link) {
        return; // answered early; finishExchange lets the next request begin
    }
    if (m_requestChunked) {
        sendUpstream(lastChunk(m_requestParser.trailers()), false);
    }
    awaitResponseOnceSent();
}

void HttpProxySession::sendUpstream(const QByteArray& bytes, bool startsMessage)
{
    if (m_replayable) {
        m_replayBytes += bytes.size();
        if (m_replayBytes <= MaxReplayBytes) {
            m_replay.append(bytes); // shared, not copied
        } else {
            m_replayable = false;
            m_replay.clear();
        }
    }
    m_link->requestPipe().push(bytes, startsMessage);
}

void HttpProxySession::awaitResponseOnceSent()
{
    const QPointer<UpstreamLink> link = m_link;
    link->requestPipe().pushMarker([this, link] {
        // A black-holed request gets no 504 either: the client meets its own timeout.
        if (link && !link->requestPipe().hasSwallowed()) {
            link->awaitResponse(m_context.config.responseTimeoutMs);
        }
    });
}

bool HttpProxySession::retryOnFreshLink()
{
    if (!m_replayable || !m_link || !m_link->hasServed()) {
        return false;
    }
    m_replayable = false;
    const UpstreamTarget target = m_link->target();
    dropLink();
    UpstreamLink* link = linkTo(target);
    configurePaths(target, true);
    link->beginExchange();
    if (m_headRequest) {
        link->responseParser().expectNoBody();
    }
    for (qsizetype index = 0; index < m_replay.size(); ++index) {
        link->requestPipe().push(m_replay.at(index), index == 0);
    }
    m_replay.clear();
    if (m_requestComplete) {
        awaitResponseOnceSent();
    }
    return true;
}

void HttpProxySession::onResponseHead(const HttpMessageHead& head)
{
    if (!m_event) {
        return;
    }
    m_responseBegun = true;
    if (m_replayable) {
        m_replayable = false; // the upstream has the request: it is never sent again
        m_replay.clear();
    }
    HttpMessageHead out = head;
    out.removeHopByHopHeaders();
    if (head.statusCode < 200) {
        // RFC 9110 §15.2: an HTTP/1.0 client does not know interim responses.
        if (!m_clientHttp10) {
            m_responsePipe->push(out.serializeResponse(), false);
        }
        return;
    }
    m_event->status = head.statusCode;
    m_upstreamKeepAlive = head.keepAlive;
    const bool hasBody = responseHasBody(head.statusCode, m_headRequest);
    // A HEAD, 204 or 304 response says chunked without a body to frame.
    m_responseChunked = head.chunked && hasBody;
    if (m_injectedError) {
        out.statusCode = m_injectedError->statusCode;
        out.reason.clear();
        m_event->status = out.statusCode;
        if (m_injectedError->body) {
            m_responseChunked = false;
            out.removeHeader("Transfer-Encoding");
            out.setHeader("Content-Length", QByteArray::number(m_injectedError->body->size()));
        }
    }
    const bool bodyToEnd = hasBody && !head.chunked && !head.contentLength;
    if (bodyToEnd && !(m_injectedError && m_injectedError->body)) {
        m_keepAlive = false; // only the close tells the client where the body ends
    }
    if (m_clientHttp10 && head.chunked && !(m_injectedError && m_injectedError->body)) {
        // HTTP/1.0 knows no chunked framing: the body goes as it is, and the close ends it.
        removeChunkedCoding(out);
        m_keepAlive = m_keepAlive && !m_responseChunked;
        m_responseChunked = false;
    }
    if (!m_keepAlive) {
        out.setHeader("Connection", "close");
    } else if (m_clientHttp10) {
        out.setHeader("Connection", "keep-alive"); // HTTP/1.0 closes unless told otherwise
    }
    m_responsePipe->push(out.serializeResponse(), true);
}

void HttpProxySession::onResponseBody(const char* data, qsizetype size)
{
    if (m_event && !(m_injectedError && m_injectedError->body)) {
        m_responsePipe->push(m_responseChunked ? chunkFrame(data, size) : QByteArray(data, size), false);
    }
}

void HttpProxySession::onResponseComplete()
{
    if (!m_event || !m_link) {
        return;
    }
    if (m_event->status == 0) {
        m_link->responseParser().resume(); // an interim response: the final one follows
        return;
    }
    if (m_injectedError && m_injectedError->body && responseHasBody(m_event->status, m_headRequest)) {
        m_responsePipe->push(*m_injectedError->body, false);
    }
    if (m_responseChunked) {
        m_responsePipe->push(lastChunk(m_link->responseParser().trailers()), false);
    }
    // The link carries the next request only when the upstream keeps it open and all of this
    // request has left: after an early answer (401, 413, 417) the rest of the body is discarded,
    // never sent where the upstream would read it as the next request.
    const bool reusable = m_upstreamKeepAlive && m_requestComplete && !m_link->requestPipe().holdsBytes();
    m_link->endExchange();
    if (!reusable) {
        dropLink();
        m_responsePipe->flush(); // the link no longer flushes after its read
    }
    m_responseComplete = true;
    m_responsePipe->pushMarker([this] { finishExchange(); });
}

void HttpProxySession::onUpstreamFailed(int statusCode, const QString& reason)
{
    if (!m_event) {
        return;
    }
    if (m_responseBegun) {
        onUpstreamBroken(reason);
        return;
    }
    if (m_link && m_link->requestPipe().hasSwallowed()) {
        // Black-holed on its way: no 502 either, the client meets its own timeout.
        m_event->error = reason;
        dropLink();
        return;
    }
    if (retryOnFreshLink()) {
        return;
    }
    answerAndClose(statusCode, reason);
    m_event->upstreamFailure = m_link ? m_link->failure() : ProxyEvent::UpstreamFailure::Other;
}

void HttpProxySession::onUpstreamBroken(const QString& reason)
{
    if (!m_event) {
        return;
    }
    // The upstream's first bytes were no response head (garbage, or a head cut short): nothing
    // has reached the client, which still gets its 502 rather than a bare close.
    if (!m_responseBegun) {
        answerAndClose(502, reason);
        m_event->upstreamFailure = m_link ? m_link->failure() : ProxyEvent::UpstreamFailure::Other;
        return;
    }
    m_event->error = reason;
    m_event->upstreamFailure = m_link ? m_link->failure() : ProxyEvent::UpstreamFailure::Other;
    m_keepAlive = false;
    m_closing = true;
    m_responsePipe->pushMarker([this] { finishExchange(); });
}

void HttpProxySession::onHeaderTimeout()
{
    if (m_event || m_closing) {
        return;
    }
    if (m_requestParser.isInHead()) {
        answerAndClose(
            408,
            QStringLiteral("the request head was not complete within %1 ms").arg(m_context.config.headerTimeoutMs));
    } else {
        closeClient();
    }
}

void HttpProxySession::onIdleTimeout()
{
    // Busy, ending, or reading a head (the header timeout's case): the next exchange's end sets
    // the timer again.
    if (m_event || m_closing || m_requestParser.isInHead()) {
        return;
    }
    const qint64 idleMs = (MonotonicClock::nowNs() - m_idleSinceNs) / 1'000'000;
    if (idleMs < m_context.config.idleTimeoutMs) {
        m_idleTimer.start(int(m_context.config.idleTimeoutMs - idleMs));
        return;
    }
    closeClient();
}

void HttpProxySession::onClientGone()
{
    if (m_ended) {
        return;
    }
    m_ended = true;
    m_closing = true;
    m_headerTimer.stop();
    if (m_event) {
        // A client may close as soon as it has the whole response, before the end-of-exchange
        // marker has run: that exchange went through.
        const bool delivered = m_responseComplete && !m_responsePipe->holdsBytes();
        if (m_event->error.isEmpty() && !delivered) {
            m_event->error = QStringLiteral("the client closed the connection");
        }
        publishEvent();
    }
    if (m_link) {
        m_link->retire();
    }
    deleteLater();
}

void HttpProxySession::beginTunnel()
{
    const UpstreamTarget target = *m_tunnelTarget;
    m_plan.refresh();
    if (m_plan.plan().appliesTo(target)) {
        m_injectedError = m_plan.plan().drawHttpError(m_event->startNs, m_random.engine());
        if (m_injectedError) {
            m_tunnelTarget.reset();
            answerAndClose(m_injectedError->statusCode, QStringLiteral("injected HTTP error"),
                           m_injectedError->body.value_or(reasonPhrase(m_injectedError->statusCode)));
            return;
        }
    }
    ProxyEvent event = std::move(*m_event);
    event.bytesFromClient = m_bytesFromClient;
    m_event.reset();
    m_ended = true;
    m_closing = true;
    m_headerTimer.stop();
    m_client->disconnect();
    new TunnelRelay(m_client, m_context, target, std::move(event), std::exchange(m_inbox, {}), TunnelEstablished,
                    parent());
    deleteLater();
}

UpstreamLink* HttpProxySession::linkTo(const UpstreamTarget& target)
{
    if (m_link && m_link->isUsable() && m_link->target() == target) {
        return m_link;
    }
    if (m_link) {
        dropLink();
    }
    m_link = new UpstreamLink(target, m_context.config.connectTimeoutMs, m_context.config.stalledBodyTimeoutMs, this);
    listenTo(m_link->responseParser(), &HttpProxySession::onResponseHead, &HttpProxySession::onResponseBody,
             &HttpProxySession::onResponseComplete);
    m_link->setReadGate([this] { return m_responsePipe->acceptsMore(); });
    m_link->setAfterRead([this] { m_responsePipe->flush(); });
    connect(m_link, &UpstreamLink::failed, this, &HttpProxySession::onUpstreamFailed);
    connect(m_link, &UpstreamLink::broken, this, &HttpProxySession::onUpstreamBroken);
    connect(&m_link->requestPipe(), &ShapedPipe::relieved, this, &HttpProxySession::readClient);
    // Packet loss that gives up on the way to the upstream resets the client's connection too.
    connect(&m_link->requestPipe(), &ShapedPipe::connectionReset, m_responsePipe, &ShapedPipe::resetConnection);
    return m_link;
}

void HttpProxySession::dropLink()
{
    if (m_event) {
        m_event->applied += m_link->requestPipe().path().takeApplied();
    }
    m_link->disconnect(this);
    m_link->retire();
    m_link = nullptr;
}

void HttpProxySession::listenTo(HttpMessageParser& parser, void (HttpProxySession::*onHead)(const HttpMessageHead&),
                                void (HttpProxySession::*onBody)(const char*, qsizetype),
                                void (HttpProxySession::*onComplete)())
{
    parser.onHead = [this, onHead](const HttpMessageHead& head) {
        (this->*onHead)(head);
    };
    parser.onBody = [this, onBody](const char* data, qsizetype size) {
        (this->*onBody)(data, size);
    };
    parser.onMessageComplete = [this, onComplete] {
        (this->*onComplete)();
    };
}

void HttpProxySession::configurePaths(const UpstreamTarget& target, bool newLink)
{
    const bool planChanged = m_plan.refresh();
    // Seeded, every request gets new shapers: their state (a loss chain's, a spare normal draw)
    // would carry one call's draws into the next.
    if (!planChanged && !newLink && m_pathsTarget == target && !m_random.isSeeded()) {
        return;
    }
    const FaultPlan& plan = m_plan.plan();
    const bool faulted = plan.appliesTo(target);
    m_link->requestPipe().setPath(faulted ? plan.buildPath(ProxyFlow::Request, m_random.engine()) : FaultPath());
    m_responsePipe->setPath(faulted ? plan.buildPath(ProxyFlow::Response, m_random.engine()) : FaultPath());
    m_pathsTarget = target;
}

void HttpProxySession::answerAndClose(int statusCode, const QString& reason, const QByteArray& body)
{
    m_closing = true;
    m_keepAlive = false;
    m_headerTimer.stop();
    if (!m_event) {
        m_event = ProxyEvent{};
        m_event->connectionId = m_connectionId;
        m_event->clientPort = m_client->peerPort();
        m_event->startNs = MonotonicClock::nowNs();
    }
    m_event->status = statusCode;
    m_event->error = reason;
    m_responseBegun = true;
    m_responsePipe->push(proxyErrorResponse(statusCode, body.isEmpty() ? "aftershock: " + reason.toUtf8() : body),
                         true);
    m_responseComplete = true;
    m_responsePipe->pushMarker([this] { finishExchange(); });
}

void HttpProxySession::finishExchange()
{
    if (!m_event) {
        return;
    }
    publishEvent();
    if (m_responsePipe->hasSwallowed()) {
        // Black-holed: the connection stays open and silent until the client gives up.
        m_closing = true;
        return;
    }
    if (m_closing || !m_keepAlive) {
        closeClient();
        return;
    }
    m_requestParser.resume();
    if (m_requestComplete && (!m_inbox.isEmpty() || m_client->bytesAvailable() > 0)) {
        m_headerTimer.start(m_context.config.headerTimeoutMs);
    }
    // Set once and moved on lazily (onIdleTimeout), so that a busy connection does not pay for a
    // timer at every request.
    m_idleSinceNs = MonotonicClock::nowNs();
    if (!m_idleTimer.isActive()) {
        m_idleTimer.start(m_context.config.idleTimeoutMs);
    }
    readClient();
}

void HttpProxySession::publishEvent()
{
    if (m_link) {
        m_event->applied += m_link->requestPipe().path().takeApplied();
    }
    m_event->applied += m_responsePipe->path().takeApplied();
    if (m_injectedError) {
        m_event->applied.append({FaultType::HttpError, FaultSide::Server, FaultDirection::Ingress,
                                 static_cast<double>(m_injectedError->statusCode)});
    }
    m_event->endNs = MonotonicClock::nowNs();
    m_event->bytesFromClient = m_bytesFromClient;
    m_event->bytesToClient = m_bytesToClient;
    m_context.events.add(std::move(*m_event));
    m_event.reset();
    m_bytesFromClient = 0;
    m_bytesToClient = 0;
}

void HttpProxySession::flushPipes()
{
    if (m_link) {
        m_link->requestPipe().flush();
    }
    m_responsePipe->flush();
}

void HttpProxySession::reseedRandom()
{
    if (!m_random.isSeeded()) {
        return; // no identity to format on the unseeded path
    }
    if (!m_event->callId.isEmpty()) {
        m_random.reseed(m_event->callId);
        return;
    }
    m_random.reseed(QStringLiteral("connection %1 request %2").arg(m_connectionId).arg(m_random.reseedCount() + 1));
}

void HttpProxySession::closeClient()
{
    m_closing = true;
    m_client->disconnectFromHost();
}
