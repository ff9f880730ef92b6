#include "advisor/AnthropicClient.h"
#include "support/FakeLlmServer.h"
#include "support/LlmClientCases.h"
#include "support/LlmClientSpy.h"

#include <QJsonArray>
#include <QTest>

// Anthropic's Messages stream against a fake server on 127.0.0.1.
class TestAnthropicClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void sendsTheRequestAnthropicExpects();
    void takesBaseUrlsWithOrWithoutVersion_data();
    void takesBaseUrlsWithOrWithoutVersion();
    void retriesAnOverloadedStreamBeforeItsText();
    void reportsARefusal();
    void retriesOverloaded();
    void reportsOverloadedOnceTheAttemptsAreSpent();
    void doesNotRetryAnEmptyCreditBalance();
    void sharedCases_data();
    void sharedCases();

private:
    // Anthropic's wire format for the cases every client shares (LlmClientCases).
    static LlmClientFamily family();
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
} // namespace

LlmClientFamily TestAnthropicClient::family()
{
    using Reply = LlmClientFamily::Reply;
    const QByteArray key(Key);
    return {
        .providerName = QStringLiteral("Anthropic"),
        .endpoint = LlmClientFamily::endpointFor(LlmProvider::Anthropic, QString::fromLatin1(Key),
                                                 QStringLiteral("claude-sonnet-4-5")),
        .makeClient = [](const LlmEndpoint& endpoint) { return std::make_unique<AnthropicClient>(endpoint); },
        .keyHeader = {"x-api-key", key},
        .answer = answerEvents(),
        // Cached input counts as input; message_delta's output count is the total.
        .answerUsage = {.inputTokens = 25, .outputTokens = 7},
        .heldBackChunk = 4,
        .truncated = Reply{FakeLlmServer::stream({MessageStart, BlockStart, textDelta("Hello"), BlockStop}),
                           QStringLiteral("message_stop")},
        .invalidJson
        = Reply{FakeLlmServer::stream({MessageStart, namedEvent("content_block_delta", R"({"type":"content_)")}), {}},
        .errorMidStream = Reply{FakeLlmServer::stream({MessageStart, BlockStart, textDelta("Hello"),
                                                       errorEvent("overloaded_error", "Overloaded")}),
                                {}},
        .badKey = Reply{FakeLlmServer::error(401, errorBody("authentication_error", "invalid x-api-key")), {}},
        .unknownModel = Reply{FakeLlmServer::error(404, errorBody("not_found_error", "model: claude-9")), {}},
        .contextTooLong
        = Reply{FakeLlmServer::error(
                    400, errorBody("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum")),
                QStringLiteral("200000")},
        .outputTokenLimit = Reply{FakeLlmServer::stream({MessageStart, BlockStart, textDelta("Long"), BlockStop,
                                                         messageDelta("max_tokens", 512), MessageStop}),
                                  {}},
        .rateLimited
        = Reply{FakeLlmServer::error(
                    429,
                    errorBody("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
                    {{"retry-after", "1"}}),
                {}},
        .quotaExceeded
        = Reply{FakeLlmServer::error(
                    429,
                    R"({"type":"error","error":{"type":"rate_limit_error","message":"You have reached your limit",)"
                    R"("details":{"error_code":"enforced_spend_limit_reached"}}})",
                    {{"retry-after", "1"}}),
                {}},
        .serverErrors = {FakeLlmServer::error(500, errorBody("api_error", "Internal server error"))},
        .keyEchoes
        = {{FakeLlmServer::error(401, errorBody("authentication_error", "invalid x-api-key " + key))},
           {FakeLlmServer::error(529, errorBody("overloaded_error", "Overloaded " + key)),
            FakeLlmServer::stream(answerEvents())},
           {FakeLlmServer::stream({MessageStart, textDelta("Hi"), errorEvent("api_error", "failed for " + key)})}},
    };
}

void TestAnthropicClient::init()
{
    m_server = std::make_unique<FakeLlmServer>();
    QVERIFY(m_server->listen());
    m_endpoint = family().endpoint;
    m_endpoint.baseUrl = m_server->url();
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

void TestAnthropicClient::sharedCases_data()
{
    LlmClientCases::addRows(family());
}

void TestAnthropicClient::sharedCases()
{
    LlmClientCases::run(family());
}

QTEST_GUILESS_MAIN(TestAnthropicClient)
#include "TestAnthropicClient.moc"
