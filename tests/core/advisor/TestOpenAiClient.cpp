#include "LlmClientSpy.h"
#include "advisor/OpenAiClient.h"
#include "support/FakeLlmServer.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QTcpServer>
#include <QTest>

using std::chrono::milliseconds;

// OpenAI's chat completions stream, which OpenRouter and the compatible servers speak too,
// against a fake server on 127.0.0.1.
class TestOpenAiClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void sendsTheRequestOpenAiExpects();
    void sendsReasoningModelsTheirParameters();
    void recognisesReasoningModels_data();
    void recognisesReasoningModels();
    void takesBaseUrlsWithOrWithoutVersion_data();
    void takesBaseUrlsWithOrWithoutVersion();
    void streamsTextInPiecesWithUsage();
    void readsAStreamSplitAtEveryByte();
    void readsCrlfFraming();
    void readsOpenRouterWithItsHeadersAndComments();
    void talksToACompatibleServerWithoutKeyOrModel();
    void readsAServerThatDoesNotStream();
    void waitsThroughASlowAnswer();
    void reportsATruncatedStream();
    void reportsInvalidJson();
    void reportsAnErrorMidStream();
    void reportsABadKey();
    void reportsAnUnknownModel();
    void reportsAContextTooLong();
    void reportsAContentFilter();
    void reportsARefusal();
    void reportsTheOutputTokenLimit();
    void retriesARateLimitAfterItsRetryAfter();
    void retriesAServerError();
    void doesNotRetryAnExhaustedQuota();
    void doesNotRetryOpenRoutersOutOfCredits();
    void asksAgainWithoutStreamOptions();
    void cancelsMidStream();
    void reportsAClosedPortAsNetwork();
    void reportsSilenceAsTimeout();
    void neverShowsTheKey();

private:
    std::unique_ptr<OpenAiClient> client();

    static constexpr char Key[] = "sk-test-Secret0123456789abcdef";
    std::unique_ptr<FakeLlmServer> m_server;
    LlmEndpoint m_endpoint;
    const LlmRequest m_request{.messages = {{QStringLiteral("system"), QStringLiteral("You advise SREs.")},
                                            {QStringLiteral("user"), QStringLiteral("Review this run.")}},
                               .maxOutputTokens = 512};
};

namespace
{
QByteArray chunk(const QByteArray& content, const QByteArray& finishReason = "null")
{
    return R"({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":")" + content
        + R"("},"finish_reason":)" + finishReason + "}],\"usage\":null}";
}

const QByteArray UsageChunk = R"({"id":"c1","object":"chat.completion.chunk","choices":[],)"
                              R"("usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}})";
const QByteArray StopChunk = R"({"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})";

// A whole answer, "Hello, world", in three pieces with usage and [DONE].
QList<QByteArray> answerEvents(const QByteArray& lineEnd = "\n")
{
    return FakeLlmServer::dataEvents({R"({"id":"c1","choices":[{"index":0,"delta":{"role":"assistant"}}]})",
                                      chunk("Hello"), chunk(", "), chunk("world"), StopChunk, UsageChunk, "[DONE]"},
                                     lineEnd);
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

void TestOpenAiClient::init()
{
    m_server = std::make_unique<FakeLlmServer>();
    QVERIFY(m_server->listen());
    m_endpoint = {.provider = LlmProvider::OpenAi,
                  .baseUrl = m_server->url(),
                  .apiKey = QString::fromLatin1(Key),
                  .model = QStringLiteral("gpt-4.1-mini"),
                  .connectTimeout = milliseconds(5000),
                  .readTimeout = milliseconds(5000),
                  .maxAttempts = 3,
                  .retryBaseDelay = milliseconds(10)};
}

std::unique_ptr<OpenAiClient> TestOpenAiClient::client()
{
    return std::make_unique<OpenAiClient>(m_endpoint);
}

void TestOpenAiClient::sendsTheRequestOpenAiExpects()
{
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(m_server->requests().size(), 1);
    const FakeLlmServer::Request& request = m_server->requests().at(0);
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/v1/chat/completions"));
    QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer ") + Key);
    QCOMPARE(request.headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(request.headers.value("accept"), QByteArray("text/event-stream"));
    const QJsonObject body = request.json();
    QCOMPARE(body.value("model").toString(), QStringLiteral("gpt-4.1-mini"));
    QCOMPARE(body.value("stream").toBool(), true);
    QCOMPARE(body.value("stream_options").toObject().value("include_usage").toBool(), true);
    QCOMPARE(body.value("max_tokens").toInt(), 512);
    QVERIFY(body.contains("temperature"));
    QVERIFY(!body.contains("max_completion_tokens"));
    const QJsonArray messages = body.value("messages").toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject().value("role").toString(), QStringLiteral("system"));
    QCOMPARE(messages.at(1).toObject().value("content").toString(), QStringLiteral("Review this run."));
}

void TestOpenAiClient::sendsReasoningModelsTheirParameters()
{
    m_endpoint.model = QStringLiteral("o4-mini");
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    const QJsonObject body = m_server->requests().at(0).json();
    QCOMPARE(body.value("max_completion_tokens").toInt(), 512);
    QVERIFY(!body.contains("max_tokens"));
    QVERIFY(!body.contains("temperature"));
}

void TestOpenAiClient::recognisesReasoningModels_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("reasoning");
    QTest::newRow("o1") << QStringLiteral("o1") << true;
    QTest::newRow("o3-mini") << QStringLiteral("o3-mini") << true;
    QTest::newRow("o4-mini") << QStringLiteral("o4-mini") << true;
    QTest::newRow("gpt-5") << QStringLiteral("gpt-5-mini") << true;
    QTest::newRow("OpenRouter's") << QStringLiteral("openai/o3") << true;
    QTest::newRow("gpt-4.1") << QStringLiteral("gpt-4.1-mini") << false;
    QTest::newRow("gpt-4o") << QStringLiteral("gpt-4o") << false;
    QTest::newRow("llama") << QStringLiteral("meta-llama/llama-3.1-70b") << false;
}

void TestOpenAiClient::recognisesReasoningModels()
{
    QFETCH(QString, model);
    QFETCH(bool, reasoning);
    QCOMPARE(OpenAiClient::isReasoningModel(model), reasoning);
}

void TestOpenAiClient::takesBaseUrlsWithOrWithoutVersion_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("url");
    QTest::newRow("server root") << "http://localhost:8000"
                                 << "http://localhost:8000/v1/chat/completions";
    QTest::newRow("root with slash") << "http://localhost:8000/"
                                     << "http://localhost:8000/v1/chat/completions";
    QTest::newRow("with /v1") << "http://localhost:1234/v1"
                              << "http://localhost:1234/v1/chat/completions";
    QTest::newRow("with /v1/") << "http://localhost:1234/v1/"
                               << "http://localhost:1234/v1/chat/completions";
    QTest::newRow("OpenRouter") << "https://openrouter.ai/api/v1"
                                << "https://openrouter.ai/api/v1/chat/completions";
    QTest::newRow("Gemini's compatible API")
        << "https://generativelanguage.googleapis.com/v1beta/openai/"
        << "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions";
}

void TestOpenAiClient::takesBaseUrlsWithOrWithoutVersion()
{
    QFETCH(QString, base);
    QFETCH(QString, url);
    QCOMPARE(OpenAiClient::completionsUrl(QUrl(base)).toString(), url);
}

void TestOpenAiClient::streamsTextInPiecesWithUsage()
{
    m_server->enqueue(FakeLlmServer::stream(answerEvents(), 20));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
    QVERIFY(spy.pieces.size() > 1);
    QCOMPARE(spy.pieces.join(QString()), spy.finishedText);
    QCOMPARE(spy.usage.inputTokens, 12);
    QCOMPARE(spy.usage.outputTokens, 5);
    QCOMPARE(spy.retries.size(), 0);
}

void TestOpenAiClient::readsAStreamSplitAtEveryByte()
{
    m_server->enqueue(FakeLlmServer::bytewise(joined(answerEvents("\r\n"))));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
    QCOMPARE(spy.usage.outputTokens, 5);
}

void TestOpenAiClient::readsCrlfFraming()
{
    m_server->enqueue(FakeLlmServer::stream(answerEvents("\r\n")));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
}

void TestOpenAiClient::readsOpenRouterWithItsHeadersAndComments()
{
    m_endpoint.provider = LlmProvider::OpenRouter;
    m_endpoint.baseUrl = QUrl(m_server->url().toString() + QStringLiteral("/api/v1"));
    m_endpoint.model = QStringLiteral("openai/gpt-4.1-mini");
    QCoreApplication::setOrganizationDomain(QStringLiteral("aftershock.example"));
    QList<QByteArray> events = answerEvents();
    events.insert(0, ": OPENROUTER PROCESSING\n\n");
    events.insert(3, ": OPENROUTER PROCESSING\n\n");
    m_server->enqueue(FakeLlmServer::stream(events, 5));
    const auto openRouter = client();
    LlmClientSpy spy(openRouter.get());
    openRouter->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCoreApplication::setOrganizationDomain(QString());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
    const FakeLlmServer::Request& request = m_server->requests().at(0);
    QCOMPARE(request.path, QByteArray("/api/v1/chat/completions"));
    QCOMPARE(request.headers.value("x-title"), QByteArray("Aftershock"));
    QCOMPARE(request.headers.value("http-referer"), QByteArray("https://aftershock.example"));
    QCOMPARE(request.json().value("model").toString(), QStringLiteral("openai/gpt-4.1-mini"));
}

void TestOpenAiClient::talksToACompatibleServerWithoutKeyOrModel()
{
    m_endpoint.provider = LlmProvider::OpenAiCompatible;
    m_endpoint.apiKey.clear();
    m_endpoint.model.clear();
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto compatible = client();
    LlmClientSpy spy(compatible.get());
    compatible->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    const FakeLlmServer::Request& request = m_server->requests().at(0);
    QVERIFY(!request.headers.contains("authorization"));
    QVERIFY(!request.json().contains("model"));
}

void TestOpenAiClient::readsAServerThatDoesNotStream()
{
    m_server->enqueue(FakeLlmServer::stream(
        {R"({"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Whole."},)",
         R"("finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}})"},
        0, "application/json"));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Whole."));
    QCOMPARE(spy.usage.inputTokens, 3);
}

void TestOpenAiClient::waitsThroughASlowAnswer()
{
    // Each gap is shorter than the read timeout, the whole answer longer.
    m_endpoint.readTimeout = milliseconds(300);
    m_server->enqueue(FakeLlmServer::stream(answerEvents(), 80));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
}

void TestOpenAiClient::reportsATruncatedStream()
{
    m_server->enqueue(FakeLlmServer::stream(FakeLlmServer::dataEvents({chunk("Hello"), chunk(", wor")})));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Truncated);
    QVERIFY2(spy.error.message.contains(QLatin1String("OpenAI")), qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestOpenAiClient::reportsInvalidJson()
{
    m_server->enqueue(FakeLlmServer::stream(FakeLlmServer::dataEvents({chunk("Hi"), R"({"choices":[{"delta":)"})));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::BadReply);
    QVERIFY2(spy.error.message.contains(QLatin1String("not valid JSON")), qPrintable(spy.error.message));
}

void TestOpenAiClient::reportsAnErrorMidStream()
{
    m_server->enqueue(FakeLlmServer::stream(
        FakeLlmServer::dataEvents({chunk("Hello"),
                                   R"({"error":{"message":"The server had an error while processing your request.",)"
                                   R"("type":"server_error","param":null,"code":null}})"})));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::MidStream);
    QCOMPARE(spy.error.httpStatus, 200);
    QVERIFY2(spy.error.message.contains(QLatin1String("The server had an error")), qPrintable(spy.error.message));
    // Part of the answer had come: a retry would repeat it.
    QCOMPARE(m_server->requests().size(), 1);
}

void TestOpenAiClient::reportsABadKey()
{
    m_server->enqueue(FakeLlmServer::error(
        401,
        R"({"error":{"message":"Incorrect API key provided: sk-test-****cdef. You can find your API key at )"
        R"(https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,)"
        R"("code":"invalid_api_key"}})"));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::BadKey);
    QCOMPARE(spy.error.httpStatus, 401);
    QVERIFY2(spy.error.message.contains(QLatin1String("OpenAI did not accept the API key")),
             qPrintable(spy.error.message));
    QVERIFY2(!spy.error.message.contains(QLatin1String("cdef")), qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestOpenAiClient::reportsAnUnknownModel()
{
    m_server->enqueue(FakeLlmServer::error(
        404,
        R"({"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.",)"
        R"("type":"invalid_request_error","param":null,"code":"model_not_found"}})"));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::UnknownModel);
    QVERIFY2(spy.error.message.contains(QLatin1String("gpt-4.1-mini")), qPrintable(spy.error.message));
}

void TestOpenAiClient::reportsAContextTooLong()
{
    m_server->enqueue(FakeLlmServer::error(
        400,
        R"({"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages )"
        R"(resulted in 130000 tokens.","type":"invalid_request_error","param":"messages",)"
        R"("code":"context_length_exceeded"}})"));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::ContextTooLong);
    QVERIFY2(spy.error.message.contains(QLatin1String("128000")), qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestOpenAiClient::reportsAContentFilter()
{
    m_server->enqueue(
        FakeLlmServer::stream(FakeLlmServer::dataEvents({chunk("Sure"), chunk("", "\"content_filter\"")})));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Refused);
    QVERIFY2(spy.error.message.contains(QLatin1String("refused")), qPrintable(spy.error.message));
}

void TestOpenAiClient::reportsARefusal()
{
    m_server->enqueue(FakeLlmServer::stream(FakeLlmServer::dataEvents(
        {R"({"choices":[{"index":0,"delta":{"refusal":"I can't help"},"finish_reason":null}]})",
         R"({"choices":[{"index":0,"delta":{"refusal":" with that."},"finish_reason":null}]})", StopChunk, "[DONE]"})));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Refused);
    QVERIFY2(spy.error.message.contains(QLatin1String("I can't help with that.")), qPrintable(spy.error.message));
}

void TestOpenAiClient::reportsTheOutputTokenLimit()
{
    m_server->enqueue(FakeLlmServer::stream(FakeLlmServer::dataEvents({chunk("Long"), chunk("", "\"length\"")})));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Truncated);
    QVERIFY2(spy.error.message.contains(QLatin1String("512")), qPrintable(spy.error.message));
}

void TestOpenAiClient::retriesARateLimitAfterItsRetryAfter()
{
    m_server->enqueue(
        FakeLlmServer::error(429,
                             R"({"error":{"message":"Rate limit reached for requests. Please try again in 1s.",)"
                             R"("type":"requests","code":"rate_limit_exceeded"}})",
                             {{"retry-after", "1"}}));
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd(8000));
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.retries.size(), 1);
    QCOMPARE(spy.retries.at(0).attempt, 2);
    QVERIFY2(spy.retries.at(0).delayMs >= 1000, qPrintable(QString::number(spy.retries.at(0).delayMs)));
    QVERIFY2(spy.retries.at(0).reason.contains(QLatin1String("rate")), qPrintable(spy.retries.at(0).reason));
    QCOMPARE(m_server->requests().size(), 2);
}

void TestOpenAiClient::retriesAServerError()
{
    m_server->enqueue(FakeLlmServer::error(500, R"({"error":{"message":"internal","type":"server_error"}})"));
    m_server->enqueue(FakeLlmServer::error(503, R"({"error":{"message":"busy","type":"server_error"}})"));
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.retries.size(), 2);
    QCOMPARE(spy.retries.at(1).attempt, 3);
}

void TestOpenAiClient::doesNotRetryAnExhaustedQuota()
{
    m_server->enqueue(FakeLlmServer::error(
        429,
        R"({"error":{"message":"You exceeded your current quota, please check your plan and billing details.",)"
        R"("type":"insufficient_quota","code":"insufficient_quota"}})",
        {{"retry-after", "1"}}));
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::QuotaExceeded);
    QCOMPARE(spy.retries.size(), 0);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestOpenAiClient::doesNotRetryOpenRoutersOutOfCredits()
{
    m_endpoint.provider = LlmProvider::OpenRouter;
    m_server->enqueue(FakeLlmServer::error(402, R"({"error":{"code":402,"message":"Insufficient credits"}})"));
    const auto openRouter = client();
    LlmClientSpy spy(openRouter.get());
    openRouter->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::QuotaExceeded);
    QVERIFY2(spy.error.message.contains(QLatin1String("OpenRouter")), qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestOpenAiClient::asksAgainWithoutStreamOptions()
{
    m_endpoint.provider = LlmProvider::OpenAiCompatible;
    m_endpoint.maxAttempts = 1;
    m_server->enqueue(FakeLlmServer::error(
        400,
        R"({"error":{"message":"Unrecognized request argument supplied: stream_options","type":"invalid_request_error"}})"));
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto compatible = client();
    LlmClientSpy spy(compatible.get());
    compatible->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 2);
    QVERIFY(m_server->requests().at(0).json().contains("stream_options"));
    QVERIFY(!m_server->requests().at(1).json().contains("stream_options"));
}

void TestOpenAiClient::cancelsMidStream()
{
    FakeLlmServer::Response response = FakeLlmServer::stream(answerEvents());
    response.chunks[2].delayMs = 10000;
    m_server->enqueue(response);
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QTRY_COMPARE(spy.pieces.size(), 1);
    openAi->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(spy.ends, 1, 1000);
    QCOMPARE(spy.error.kind, LlmErrorKind::Cancelled);
    QCOMPARE(spy.retries.size(), 0);
}

void TestOpenAiClient::reportsAClosedPortAsNetwork()
{
    m_endpoint.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
    m_endpoint.maxAttempts = 2;
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Network);
    QCOMPARE(spy.retries.size(), 1);
    QVERIFY2(spy.error.message.contains(QLatin1String("OpenAI")), qPrintable(spy.error.message));
}

void TestOpenAiClient::reportsSilenceAsTimeout()
{
    m_endpoint.readTimeout = milliseconds(300);
    m_endpoint.maxAttempts = 1;
    FakeLlmServer::Response silent;
    silent.silent = true;
    m_server->enqueue(silent);
    const auto openAi = client();
    LlmClientSpy spy(openAi.get());
    openAi->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Timeout);
    QVERIFY2(spy.error.message.contains(QLatin1String("0.3 s")), qPrintable(spy.error.message));
}

namespace
{
QStringList capturedMessages;

void captureMessage(QtMsgType, const QMessageLogContext&, const QString& message)
{
    capturedMessages << message;
}
} // namespace

void TestOpenAiClient::neverShowsTheKey()
{
    // A server that quotes the key back whole, in every way it can.
    const QByteArray echoed = QByteArray(R"({"error":{"message":"bad key )") + Key + R"(","code":"invalid_api_key"}})";
    m_server->enqueue(FakeLlmServer::error(401, echoed));
    m_server->enqueue(FakeLlmServer::error(
        500, QByteArray(R"({"error":{"message":"upstream saw )") + Key + R"(","type":"server_error"}})"));
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    m_server->enqueue(FakeLlmServer::stream(FakeLlmServer::dataEvents({chunk("Hi"), echoed})));
    m_server->enqueue(FakeLlmServer::stream(FakeLlmServer::dataEvents({chunk(Key), "{not json " + QByteArray(Key)})));
    capturedMessages.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
    QStringList seen;
    const auto openAi = client();
    for (int round = 0; round < 4; ++round) {
        LlmClientSpy spy(openAi.get());
        openAi->send(m_request);
        QVERIFY(spy.waitForEnd());
        seen << spy.error.message;
        for (const LlmClientSpy::Retry& retry : std::as_const(spy.retries)) {
            seen << retry.reason;
        }
    }
    qInstallMessageHandler(previous);
    QCOMPARE(m_server->requests().size(), 5);
    seen << capturedMessages;
    for (const QString& text : std::as_const(seen)) {
        QVERIFY2(!text.contains(QLatin1String(Key)), qPrintable(text));
    }
    for (const FakeLlmServer::Request& request : m_server->requests()) {
        QVERIFY(!request.path.contains(Key));
    }
}

QTEST_GUILESS_MAIN(TestOpenAiClient)
#include "TestOpenAiClient.moc"
