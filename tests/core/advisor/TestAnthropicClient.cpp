#include "LlmClientSpy.h"
#include "advisor/AnthropicClient.h"
#include "support/FakeLlmServer.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTest>

using std::chrono::milliseconds;

// Anthropic's Messages stream against a fake server on 127.0.0.1.
class TestAnthropicClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void sendsTheRequestAnthropicExpects();
    void takesBaseUrlsWithOrWithoutVersion_data();
    void takesBaseUrlsWithOrWithoutVersion();
    void streamsTextInPiecesWithUsage();
    void readsAStreamSplitAtEveryByte();
    void readsCrlfFraming();
    void waitsThroughASlowAnswer();
    void reportsATruncatedStream();
    void reportsInvalidJson();
    void reportsAnErrorMidStream();
    void retriesAnOverloadedStreamBeforeItsText();
    void reportsABadKey();
    void reportsAnUnknownModel();
    void reportsAContextTooLong();
    void reportsARefusal();
    void reportsTheOutputTokenLimit();
    void retriesARateLimitAfterItsRetryAfter();
    void retriesOverloaded();
    void reportsOverloadedOnceTheAttemptsAreSpent();
    void doesNotRetryAnEmptyCreditBalance();
    void doesNotRetryASpendLimit();
    void cancelsMidStream();
    void reportsAClosedPortAsNetwork();
    void reportsSilenceAsTimeout();
    void neverShowsTheKey();

private:
    std::unique_ptr<AnthropicClient> client();

    static constexpr char Key[] = "sk-ant-api03-Secret0123456789abcdef";
    std::unique_ptr<FakeLlmServer> m_server;
    LlmEndpoint m_endpoint;
    const LlmRequest m_request{.messages = {{QStringLiteral("system"), QStringLiteral("You advise SREs.")},
                                            {QStringLiteral("user"), QStringLiteral("Review this run.")}},
                               .maxOutputTokens = 512};
};

namespace
{
QByteArray namedEvent(const QByteArray& name, const QByteArray& data, const QByteArray& lineEnd = "\n")
{
    return "event: " + name + lineEnd + "data: " + data + lineEnd + lineEnd;
}

QByteArray textDelta(const QByteArray& text)
{
    return namedEvent("content_block_delta",
                      R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")" + text
                          + "\"}}");
}

const QByteArray MessageStart
    = namedEvent("message_start",
                 R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant",)"
                 R"("content":[],"model":"claude-sonnet-4-5","stop_reason":null,"usage":{"input_tokens":20,)"
                 R"("cache_read_input_tokens":5,"output_tokens":1}}})");
const QByteArray BlockStart = namedEvent(
    "content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})");
const QByteArray Ping = namedEvent("ping", R"({"type": "ping"})");
const QByteArray BlockStop = namedEvent("content_block_stop", R"({"type":"content_block_stop","index":0})");
const QByteArray MessageStop = namedEvent("message_stop", R"({"type":"message_stop"})");

QByteArray messageDelta(const QByteArray& stopReason, int outputTokens)
{
    return namedEvent("message_delta",
                      R"({"type":"message_delta","delta":{"stop_reason":")" + stopReason
                          + R"(","stop_sequence":null},"usage":{"output_tokens":)" + QByteArray::number(outputTokens)
                          + "}}");
}

QByteArray errorEvent(const QByteArray& type, const QByteArray& message)
{
    return namedEvent("error", R"({"type":"error","error":{"type":")" + type + R"(","message":")" + message + "\"}}");
}

QByteArray errorBody(const QByteArray& type, const QByteArray& message)
{
    return R"({"type":"error","error":{"type":")" + type + R"(","message":")" + message + R"("},"request_id":"req_1"})";
}

// "Hello, world" with pings, a cumulative usage total and message_stop.
QList<QByteArray> answerEvents()
{
    return {MessageStart, BlockStart,         Ping,      textDelta("Hello"),          textDelta(", "),
            Ping,         textDelta("world"), BlockStop, messageDelta("end_turn", 7), MessageStop};
}

QByteArray joined(const QList<QByteArray>& parts)
{
    QByteArray bytes;
    for (const QByteArray& part : parts) {
        bytes += part;
    }
    return bytes;
}

quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort();
}
} // namespace

void TestAnthropicClient::init()
{
    m_server = std::make_unique<FakeLlmServer>();
    QVERIFY(m_server->listen());
    m_endpoint = {.provider = LlmProvider::Anthropic,
                  .baseUrl = m_server->url(),
                  .apiKey = QString::fromLatin1(Key),
                  .model = QStringLiteral("claude-sonnet-4-5"),
                  .connectTimeout = milliseconds(5000),
                  .readTimeout = milliseconds(5000),
                  .maxAttempts = 3,
                  .retryBaseDelay = milliseconds(10)};
}

std::unique_ptr<AnthropicClient> TestAnthropicClient::client()
{
    return std::make_unique<AnthropicClient>(m_endpoint);
}

void TestAnthropicClient::sendsTheRequestAnthropicExpects()
{
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    const FakeLlmServer::Request& request = m_server->requests().at(0);
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/v1/messages"));
    QCOMPARE(request.headers.value("x-api-key"), QByteArray(Key));
    QCOMPARE(request.headers.value("anthropic-version"), QByteArray("2023-06-01"));
    QVERIFY(!request.headers.contains("authorization"));
    const QJsonObject body = request.json();
    QCOMPARE(body.value("model").toString(), QStringLiteral("claude-sonnet-4-5"));
    QCOMPARE(body.value("max_tokens").toInt(), 512);
    QCOMPARE(body.value("stream").toBool(), true);
    // The system prompt is a field of its own; the messages hold no system role.
    QCOMPARE(body.value("system").toString(), QStringLiteral("You advise SREs."));
    const QJsonArray messages = body.value("messages").toArray();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.at(0).toObject().value("role").toString(), QStringLiteral("user"));
    QCOMPARE(messages.at(0).toObject().value("content").toString(), QStringLiteral("Review this run."));
}

void TestAnthropicClient::takesBaseUrlsWithOrWithoutVersion_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("url");
    QTest::newRow("server root") << "https://api.anthropic.com"
                                 << "https://api.anthropic.com/v1/messages";
    QTest::newRow("with /v1") << "https://api.anthropic.com/v1"
                              << "https://api.anthropic.com/v1/messages";
    QTest::newRow("a proxy's path") << "http://localhost:4000/anthropic/"
                                    << "http://localhost:4000/anthropic/v1/messages";
}

void TestAnthropicClient::takesBaseUrlsWithOrWithoutVersion()
{
    QFETCH(QString, base);
    QFETCH(QString, url);
    QCOMPARE(AnthropicClient::messagesUrl(QUrl(base)).toString(), url);
}

void TestAnthropicClient::streamsTextInPiecesWithUsage()
{
    m_server->enqueue(FakeLlmServer::stream(answerEvents(), 10));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
    QVERIFY(spy.pieces.size() > 1);
    // Cached input counts as input; message_delta's output count is the total.
    QCOMPARE(spy.usage.inputTokens, 25);
    QCOMPARE(spy.usage.outputTokens, 7);
}

void TestAnthropicClient::readsAStreamSplitAtEveryByte()
{
    m_server->enqueue(FakeLlmServer::bytewise(joined(answerEvents())));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
}

void TestAnthropicClient::readsCrlfFraming()
{
    QByteArray body = joined(answerEvents());
    body.replace("\n", "\r\n");
    m_server->enqueue(FakeLlmServer::stream({body}));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
}

void TestAnthropicClient::waitsThroughASlowAnswer()
{
    m_endpoint.readTimeout = milliseconds(300);
    m_server->enqueue(FakeLlmServer::stream(answerEvents(), 60));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
}

void TestAnthropicClient::reportsATruncatedStream()
{
    m_server->enqueue(FakeLlmServer::stream({MessageStart, BlockStart, textDelta("Hello"), BlockStop}));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Truncated);
    QVERIFY2(spy.error.message.contains(QLatin1String("message_stop")), qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestAnthropicClient::reportsInvalidJson()
{
    m_server->enqueue(FakeLlmServer::stream({MessageStart, namedEvent("content_block_delta", R"({"type":"content_)")}));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::BadReply);
}

void TestAnthropicClient::reportsAnErrorMidStream()
{
    m_server->enqueue(FakeLlmServer::stream(
        {MessageStart, BlockStart, textDelta("Hello"), errorEvent("overloaded_error", "Overloaded")}));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::MidStream);
    QCOMPARE(spy.error.httpStatus, 200);
    QVERIFY2(spy.error.message.contains(QLatin1String("Anthropic")), qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestAnthropicClient::retriesAnOverloadedStreamBeforeItsText()
{
    // No text had come: nothing would be repeated, and overload passes.
    m_server->enqueue(FakeLlmServer::stream({MessageStart, errorEvent("overloaded_error", "Overloaded")}));
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.retries.size(), 1);
    QVERIFY2(spy.retries.at(0).reason.contains(QLatin1String("overloaded")), qPrintable(spy.retries.at(0).reason));
}

void TestAnthropicClient::reportsABadKey()
{
    m_server->enqueue(FakeLlmServer::error(401, errorBody("authentication_error", "invalid x-api-key")));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::BadKey);
    QCOMPARE(spy.error.httpStatus, 401);
    QVERIFY2(spy.error.message.contains(QLatin1String("Anthropic did not accept the API key")),
             qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestAnthropicClient::reportsAnUnknownModel()
{
    m_server->enqueue(FakeLlmServer::error(404, errorBody("not_found_error", "model: claude-9")));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::UnknownModel);
    QVERIFY2(spy.error.message.contains(QLatin1String("claude-sonnet-4-5")), qPrintable(spy.error.message));
}

void TestAnthropicClient::reportsAContextTooLong()
{
    m_server->enqueue(FakeLlmServer::error(
        400, errorBody("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum")));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::ContextTooLong);
    QVERIFY2(spy.error.message.contains(QLatin1String("200000")), qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestAnthropicClient::reportsARefusal()
{
    m_server->enqueue(FakeLlmServer::stream(
        {MessageStart, BlockStart, textDelta("I"), BlockStop, messageDelta("refusal", 2), MessageStop}));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Refused);
}

void TestAnthropicClient::reportsTheOutputTokenLimit()
{
    m_server->enqueue(FakeLlmServer::stream(
        {MessageStart, BlockStart, textDelta("Long"), BlockStop, messageDelta("max_tokens", 512), MessageStop}));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Truncated);
    QVERIFY2(spy.error.message.contains(QLatin1String("512")), qPrintable(spy.error.message));
}

void TestAnthropicClient::retriesARateLimitAfterItsRetryAfter()
{
    m_server->enqueue(FakeLlmServer::error(429,
                                           errorBody("rate_limit_error",
                                                     "Number of request tokens has exceeded "
                                                     "your per-minute rate limit"),
                                           {{"retry-after", "1"}}));
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd(8000));
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.retries.size(), 1);
    QVERIFY2(spy.retries.at(0).delayMs >= 1000, qPrintable(QString::number(spy.retries.at(0).delayMs)));
}

void TestAnthropicClient::retriesOverloaded()
{
    m_server->enqueue(FakeLlmServer::error(529, errorBody("overloaded_error", "Overloaded")));
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.retries.size(), 1);
    QCOMPARE(spy.retries.at(0).attempt, 2);
    QVERIFY2(spy.retries.at(0).reason.contains(QLatin1String("Anthropic is overloaded (HTTP 529)")),
             qPrintable(spy.retries.at(0).reason));
}

void TestAnthropicClient::reportsOverloadedOnceTheAttemptsAreSpent()
{
    m_endpoint.maxAttempts = 2;
    m_server->enqueue(FakeLlmServer::error(529, errorBody("overloaded_error", "Overloaded")));
    m_server->enqueue(FakeLlmServer::error(529, errorBody("overloaded_error", "Overloaded")));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Overloaded);
    QCOMPARE(spy.error.httpStatus, 529);
    QVERIFY2(spy.error.message.contains(QLatin1String("after 2 attempts")), qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 2);
}

void TestAnthropicClient::doesNotRetryAnEmptyCreditBalance()
{
    m_server->enqueue(FakeLlmServer::error(
        400,
        errorBody("invalid_request_error",
                  "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing.")));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::QuotaExceeded);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestAnthropicClient::doesNotRetryASpendLimit()
{
    m_server->enqueue(FakeLlmServer::error(
        429,
        R"({"type":"error","error":{"type":"rate_limit_error","message":"You have reached your limit",)"
        R"("details":{"error_code":"enforced_spend_limit_reached"}}})",
        {{"retry-after", "1"}}));
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::QuotaExceeded);
    QCOMPARE(spy.retries.size(), 0);
}

void TestAnthropicClient::cancelsMidStream()
{
    FakeLlmServer::Response response = FakeLlmServer::stream(answerEvents());
    response.chunks[4].delayMs = 10000;
    m_server->enqueue(response);
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QTRY_COMPARE(spy.pieces.size(), 1);
    anthropic->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(spy.ends, 1, 1000);
    QCOMPARE(spy.error.kind, LlmErrorKind::Cancelled);
}

void TestAnthropicClient::reportsAClosedPortAsNetwork()
{
    m_endpoint.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
    m_endpoint.maxAttempts = 2;
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Network);
    QCOMPARE(spy.retries.size(), 1);
}

void TestAnthropicClient::reportsSilenceAsTimeout()
{
    m_endpoint.readTimeout = milliseconds(300);
    m_endpoint.maxAttempts = 1;
    FakeLlmServer::Response silent;
    silent.silent = true;
    m_server->enqueue(silent);
    const auto anthropic = client();
    LlmClientSpy spy(anthropic.get());
    anthropic->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Timeout);
}

namespace
{
QStringList capturedMessages;

void captureMessage(QtMsgType, const QMessageLogContext&, const QString& message)
{
    capturedMessages << message;
}
} // namespace

void TestAnthropicClient::neverShowsTheKey()
{
    m_server->enqueue(
        FakeLlmServer::error(401, errorBody("authentication_error", "invalid x-api-key " + QByteArray(Key))));
    m_server->enqueue(FakeLlmServer::error(529, errorBody("overloaded_error", "Overloaded " + QByteArray(Key))));
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    m_server->enqueue(FakeLlmServer::stream(
        {MessageStart, textDelta("Hi"), errorEvent("api_error", "failed for " + QByteArray(Key))}));
    capturedMessages.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
    QStringList seen;
    const auto anthropic = client();
    for (int round = 0; round < 3; ++round) {
        LlmClientSpy spy(anthropic.get());
        anthropic->send(m_request);
        QVERIFY(spy.waitForEnd());
        seen << spy.error.message;
        for (const LlmClientSpy::Retry& retry : std::as_const(spy.retries)) {
            seen << retry.reason;
        }
    }
    qInstallMessageHandler(previous);
    QCOMPARE(m_server->requests().size(), 4);
    seen << capturedMessages;
    for (const QString& text : std::as_const(seen)) {
        QVERIFY2(!text.contains(QLatin1String(Key)), qPrintable(text));
    }
}

QTEST_GUILESS_MAIN(TestAnthropicClient)
#include "TestAnthropicClient.moc"
