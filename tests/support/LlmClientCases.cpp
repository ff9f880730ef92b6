#include "support/LlmClientCases.h"

#include "support/LlmClientSpy.h"
#include "support/LoopbackPort.h"

#include <QTest>

using std::chrono::milliseconds;

namespace
{
enum SharedCase {
    StreamsInPieces,
    SplitAtEveryByte,
    LfAndCrlfAlike,
    SlowAnswer,
    TruncatedStream,
    InvalidJson,
    ErrorMidStream,
    BadKey,
    UnknownModel,
    ContextTooLong,
    OutputTokenLimit,
    RateLimitRetriedAfterRetryAfter,
    ServerErrorsRetried,
    QuotaNotRetried,
    CancelMidStream,
    ClosedPort,
    ConnectTimesOut,
    SilenceTimesOut,
    KeyNeverShown
};

const LlmRequest CaseRequest{.messages = {{QStringLiteral("system"), QStringLiteral("You advise SREs.")},
                                          {QStringLiteral("user"), QStringLiteral("Review this run.")}},
                             .maxOutputTokens = 512};
const QString Answer = QStringLiteral("Hello, world");

// A request under way: the client and what it emits.
struct Exchange
{
    std::unique_ptr<LlmClient> client;
    std::unique_ptr<LlmClientSpy> spy;
};

Exchange started(const LlmClientFamily& family, const LlmEndpoint& endpoint)
{
    Exchange exchange{family.makeClient(endpoint), nullptr};
    exchange.spy = std::make_unique<LlmClientSpy>(exchange.client.get());
    exchange.client->send(CaseRequest);
    return exchange;
}

QByteArray joinedChunks(const QList<QByteArray>& parts)
{
    QByteArray bytes;
    for (const QByteArray& part : parts) {
        bytes += part;
    }
    return bytes;
}

void expectAnswer(const LlmClientFamily& family, const LlmEndpoint& endpoint, FakeLlmServer& server,
                  const FakeLlmServer::Response& response)
{
    server.enqueue(response);
    const Exchange exchange = started(family, endpoint);
    QVERIFY(exchange.spy->waitForEnd());
    QVERIFY2(exchange.spy->succeeded, qPrintable(exchange.spy->error.message));
    QCOMPARE(exchange.spy->finishedText, Answer);
}

// A failure the client reports at once, without a retry; its message names the provider and
// holds the reply's detail and each of alsoInMessage, and none of notInMessage.
void expectFailure(const LlmClientFamily& family, const LlmEndpoint& endpoint, FakeLlmServer& server,
                   const LlmClientFamily::Reply& reply, LlmErrorKind kind, const QStringList& alsoInMessage = {},
                   const QStringList& notInMessage = {})
{
    server.enqueue(reply.response);
    const Exchange exchange = started(family, endpoint);
    QVERIFY(exchange.spy->waitForEnd());
    const LlmError& error = exchange.spy->error;
    QCOMPARE(error.kind, kind);
    for (const QString& text : QStringList{family.providerName, reply.detail} + alsoInMessage) {
        QVERIFY2(error.message.contains(text), qPrintable(error.message + QStringLiteral(" lacks ") + text));
    }
    for (const QString& text : notInMessage) {
        QVERIFY2(!error.message.contains(text), qPrintable(error.message));
    }
    if (kind == LlmErrorKind::MidStream || kind == LlmErrorKind::BadKey) {
        QCOMPARE(error.httpStatus, reply.response.status);
    }
    QCOMPARE(exchange.spy->retries.size(), 0);
    QCOMPARE(server.requests().size(), 1);
}

void streamsInPieces(const LlmClientFamily& family, const LlmEndpoint& endpoint, FakeLlmServer& server)
{
    server.enqueue(family.stream(family.answer, 10));
    const Exchange exchange = started(family, endpoint);
    QVERIFY(exchange.spy->waitForEnd());
    const LlmClientSpy& spy = *exchange.spy;
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, Answer);
    QVERIFY(spy.pieces.size() > 1);
    QCOMPARE(spy.pieces.join(QString()), spy.finishedText);
    QCOMPARE(spy.usage.inputTokens, family.answerUsage.inputTokens);
    QCOMPARE(spy.usage.outputTokens, family.answerUsage.outputTokens);
    QCOMPARE(spy.retries.size(), 0);
}

void lfAndCrlfAlike(const LlmClientFamily& family, const LlmEndpoint& endpoint, FakeLlmServer& server)
{
    const QByteArray lf = joinedChunks(family.answer).replace("\r\n", "\n");
    for (const QByteArray& body : {lf, QByteArray(lf).replace("\n", "\r\n")}) {
        expectAnswer(family, endpoint, server, family.stream({body}));
        if (QTest::currentTestFailed()) {
            return;
        }
    }
}

void slowAnswer(const LlmClientFamily& family, LlmEndpoint endpoint, FakeLlmServer& server)
{
    // Each gap is shorter than the read timeout, the whole answer longer.
    endpoint.readTimeout = milliseconds(300);
    FakeLlmServer::Response response = family.stream(family.answer, 120);
    if (!family.keepAlive.isEmpty()) {
        response.chunks.insert(0, 2, FakeLlmServer::Chunk{family.keepAlive, 120});
    }
    expectAnswer(family, endpoint, server, response);
}

void rateLimitRetriedAfterRetryAfter(const LlmClientFamily& family, const LlmEndpoint& endpoint, FakeLlmServer& server)
{
    server.enqueue(family.rateLimited->response);
    server.enqueue(family.stream(family.answer));
    const Exchange exchange = started(family, endpoint);
    QVERIFY(exchange.spy->waitForEnd(8000));
    const LlmClientSpy& spy = *exchange.spy;
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.retries.size(), 1);
    QCOMPARE(spy.retries.at(0).attempt, 2);
    QVERIFY2(spy.retries.at(0).delayMs >= 1000, qPrintable(QString::number(spy.retries.at(0).delayMs)));
    QVERIFY2(spy.retries.at(0).reason.contains(QLatin1String("rate")), qPrintable(spy.retries.at(0).reason));
    QCOMPARE(server.requests().size(), 2);
}

void serverErrorsRetried(const LlmClientFamily& family, const LlmEndpoint& endpoint, FakeLlmServer& server)
{
    for (const FakeLlmServer::Response& response : family.serverErrors) {
        server.enqueue(response);
    }
    server.enqueue(family.stream(family.answer));
    const Exchange exchange = started(family, endpoint);
    QVERIFY(exchange.spy->waitForEnd());
    const LlmClientSpy& spy = *exchange.spy;
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.retries.size(), family.serverErrors.size());
    QCOMPARE(spy.retries.last().attempt, family.serverErrors.size() + 1);
    for (const LlmClientSpy::Retry& retry : spy.retries) {
        QVERIFY2(retry.reason.contains(family.providerName), qPrintable(retry.reason));
    }
}

void cancelMidStream(const LlmClientFamily& family, const LlmEndpoint& endpoint, FakeLlmServer& server)
{
    FakeLlmServer::Response response = family.stream(family.answer);
    response.chunks[family.heldBackChunk].delayMs = 10000;
    server.enqueue(response);
    const Exchange exchange = started(family, endpoint);
    QTRY_COMPARE(exchange.spy->pieces.size(), 1);
    exchange.client->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(exchange.spy->ends, 1, 1000);
    QCOMPARE(exchange.spy->error.kind, LlmErrorKind::Cancelled);
    QCOMPARE(exchange.spy->retries.size(), 0);
}

void closedPortIsNetwork(const LlmClientFamily& family, LlmEndpoint endpoint)
{
    endpoint.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(unusedLoopbackPort()));
    endpoint.maxAttempts = 2;
    const Exchange exchange = started(family, endpoint);
    QVERIFY(exchange.spy->waitForEnd());
    QCOMPARE(exchange.spy->error.kind, LlmErrorKind::Network);
    QCOMPARE(exchange.spy->retries.size(), 1);
    QVERIFY2(exchange.spy->error.message.contains(QStringLiteral("cannot reach ") + family.providerName),
             qPrintable(exchange.spy->error.message));
}

void connectTimesOut(const LlmClientFamily& family, LlmEndpoint endpoint)
{
    const UnreachableLoopbackPort unreachable;
    QVERIFY(unreachable.port() != 0);
    endpoint.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(unreachable.port()));
    endpoint.connectTimeout = milliseconds(300);
    endpoint.readTimeout = milliseconds(60000); // so that only the connect timeout can end it
    endpoint.maxAttempts = 1;
    const Exchange exchange = started(family, endpoint);
    QVERIFY(exchange.spy->waitForEnd());
    QCOMPARE(exchange.spy->error.kind, LlmErrorKind::Timeout);
    QVERIFY2(exchange.spy->error.message.contains(QStringLiteral("was not reachable within 0.3 s")),
             qPrintable(exchange.spy->error.message));
}

void silenceTimesOut(const LlmClientFamily& family, LlmEndpoint endpoint, FakeLlmServer& server)
{
    endpoint.readTimeout = milliseconds(300);
    endpoint.maxAttempts = 2;
    FakeLlmServer::Response silent;
    silent.silent = true;
    server.enqueue(silent);
    server.enqueue(silent);
    const Exchange exchange = started(family, endpoint);
    QVERIFY(exchange.spy->waitForEnd());
    QCOMPARE(exchange.spy->error.kind, LlmErrorKind::Timeout);
    QVERIFY2(exchange.spy->error.message.contains(QLatin1String("0.3 s")), qPrintable(exchange.spy->error.message));
    // Nothing had streamed, so the silence was worth one more try.
    QCOMPARE(exchange.spy->retries.size(), 1);
}

QStringList capturedMessages;

void captureMessage(QtMsgType, const QMessageLogContext&, const QString& message)
{
    capturedMessages << message;
}

void keyNeverShown(const LlmClientFamily& family, const LlmEndpoint& endpoint, FakeLlmServer& server)
{
    qsizetype responses = 0;
    for (const QList<FakeLlmServer::Response>& round : family.keyEchoes) {
        for (const FakeLlmServer::Response& response : round) {
            server.enqueue(response);
            ++responses;
        }
    }
    capturedMessages.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
    QStringList seen;
    bool everyRoundEnded = true;
    const std::unique_ptr<LlmClient> client = family.makeClient(endpoint);
    for (qsizetype round = 0; round < family.keyEchoes.size(); ++round) {
        LlmClientSpy spy(client.get());
        client->send(CaseRequest);
        everyRoundEnded = spy.waitForEnd() && everyRoundEnded;
        seen << spy.error.message;
        for (const LlmClientSpy::Retry& retry : std::as_const(spy.retries)) {
            seen << retry.reason;
        }
    }
    qInstallMessageHandler(previous);
    QVERIFY(everyRoundEnded);
    QCOMPARE(server.requests().size(), responses);
    seen << capturedMessages;
    for (const QString& text : std::as_const(seen)) {
        QVERIFY2(!text.contains(endpoint.apiKey), qPrintable(text));
    }
    for (const FakeLlmServer::Request& request : server.requests()) {
        QVERIFY(!request.path.contains(endpoint.apiKey.toUtf8()));
    }
}
} // namespace

FakeLlmServer::Response LlmClientFamily::stream(const QList<QByteArray>& chunks, int delayMs) const
{
    return FakeLlmServer::stream(chunks, delayMs, contentType);
}

LlmEndpoint LlmClientFamily::endpointFor(LlmProvider provider, const QString& apiKey, const QString& model)
{
    return {.provider = provider,
            .baseUrl = {},
            .apiKey = apiKey,
            .model = model,
            .connectTimeout = milliseconds(5000),
            .readTimeout = milliseconds(5000),
            .maxAttempts = 3,
            .retryBaseDelay = milliseconds(10)};
}

void LlmClientCases::addRows(const LlmClientFamily& family)
{
    QTest::addColumn<int>("sharedCase");
    const QList<std::pair<const char*, SharedCase>> always{
        {"streams text in pieces with usage", StreamsInPieces},
        {"reads a stream split at every byte", SplitAtEveryByte},
        {"reads LF and CRLF framing alike", LfAndCrlfAlike},
        {"waits through a slow answer", SlowAnswer},
        {"cancels mid-stream", CancelMidStream},
        {"reports a closed port as network", ClosedPort},
        {"times out connecting to a host that never answers", ConnectTimesOut},
        {"reports silence as timeout", SilenceTimesOut},
    };
    const QList<std::tuple<const char*, SharedCase, bool>> given{
        {"reports a truncated stream", TruncatedStream, family.truncated.has_value()},
        {"reports invalid JSON", InvalidJson, family.invalidJson.has_value()},
        {"reports an error mid-stream", ErrorMidStream, family.errorMidStream.has_value()},
        {"reports a bad key", BadKey, family.badKey.has_value()},
        {"reports an unknown model", UnknownModel, family.unknownModel.has_value()},
        {"reports a context too long", ContextTooLong, family.contextTooLong.has_value()},
        {"reports the output token limit", OutputTokenLimit, family.outputTokenLimit.has_value()},
        {"retries a rate limit after its Retry-After", RateLimitRetriedAfterRetryAfter, family.rateLimited.has_value()},
        {"retries server errors", ServerErrorsRetried, !family.serverErrors.isEmpty()},
        {"does not retry an exhausted quota", QuotaNotRetried, family.quotaExceeded.has_value()},
        {"never shows the key", KeyNeverShown, !family.keyEchoes.isEmpty()},
    };
    for (const auto& [name, sharedCase] : always) {
        QTest::newRow(name) << int(sharedCase);
    }
    for (const auto& [name, sharedCase, present] : given) {
        if (present) {
            QTest::newRow(name) << int(sharedCase);
        }
    }
}

void LlmClientCases::run(const LlmClientFamily& family)
{
    QFETCH(int, sharedCase);
    FakeLlmServer server;
    QVERIFY(server.listen());
    LlmEndpoint endpoint = family.endpoint;
    endpoint.baseUrl = server.url();
    switch (SharedCase(sharedCase)) {
    case StreamsInPieces:
        return streamsInPieces(family, endpoint, server);
    case SplitAtEveryByte:
        return expectAnswer(family, endpoint, server,
                            FakeLlmServer::bytewise(joinedChunks(family.answer), family.contentType));
    case LfAndCrlfAlike:
        return lfAndCrlfAlike(family, endpoint, server);
    case SlowAnswer:
        return slowAnswer(family, endpoint, server);
    case TruncatedStream:
        return expectFailure(family, endpoint, server, *family.truncated, LlmErrorKind::Truncated);
    case InvalidJson:
        return expectFailure(family, endpoint, server, *family.invalidJson, LlmErrorKind::BadReply);
    case ErrorMidStream:
        // Part of the answer had come: a retry would repeat it.
        return expectFailure(family, endpoint, server, *family.errorMidStream, LlmErrorKind::MidStream);
    case BadKey:
        // Some providers quote the refused key, masked but for its end: nothing of theirs is said.
        expectFailure(family, endpoint, server, *family.badKey, LlmErrorKind::BadKey,
                      {QStringLiteral("did not accept the API key")}, {endpoint.apiKey.right(4)});
        if (!QTest::currentTestFailed()) {
            QCOMPARE(server.requests().at(0).headers.value(family.keyHeader.first), family.keyHeader.second);
        }
        return;
    case UnknownModel:
        return expectFailure(family, endpoint, server, *family.unknownModel, LlmErrorKind::UnknownModel,
                             {endpoint.model});
    case ContextTooLong:
        return expectFailure(family, endpoint, server, *family.contextTooLong, LlmErrorKind::ContextTooLong);
    case OutputTokenLimit:
        return expectFailure(family, endpoint, server, *family.outputTokenLimit, LlmErrorKind::Truncated,
                             {QString::number(CaseRequest.maxOutputTokens)});
    case RateLimitRetriedAfterRetryAfter:
        return rateLimitRetriedAfterRetryAfter(family, endpoint, server);
    case ServerErrorsRetried:
        return serverErrorsRetried(family, endpoint, server);
    case QuotaNotRetried:
        return expectFailure(family, endpoint, server, *family.quotaExceeded, LlmErrorKind::QuotaExceeded);
    case CancelMidStream:
        return cancelMidStream(family, endpoint, server);
    case ClosedPort:
        return closedPortIsNetwork(family, endpoint);
    case ConnectTimesOut:
        return connectTimesOut(family, endpoint);
    case SilenceTimesOut:
        return silenceTimesOut(family, endpoint, server);
    case KeyNeverShown:
        return keyNeverShown(family, endpoint, server);
    }
}
