#include "advisor/OpenAiClient.h"
#include "support/FakeLlmServer.h"
#include "support/LlmClientCases.h"
#include "support/LlmClientSpy.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QTest>

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
    void readsOpenRouterWithItsHeadersAndComments();
    void talksToACompatibleServerWithoutKeyOrModel();
    void readsAServerThatDoesNotStream();
    void reportsAContentFilter();
    void reportsARefusal();
    void doesNotRetryOpenRoutersOutOfCredits();
    void asksAgainWithoutStreamOptions();
    void sharedCases_data();
    void sharedCases();

private:
    // OpenAI's wire format for the cases every client shares (LlmClientCases).
    static LlmClientFamily family();
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
QList<QByteArray> answerEvents()
{
    return FakeLlmServer::dataEvents({R"({"id":"c1","choices":[{"index":0,"delta":{"role":"assistant"}}]})",
                                      chunk("Hello"), chunk(", "), chunk("world"), StopChunk, UsageChunk, "[DONE]"});
}
} // namespace

LlmClientFamily TestOpenAiClient::family()
{
    using Reply = LlmClientFamily::Reply;
    const auto events = [](const QList<QByteArray>& data) {
        return FakeLlmServer::stream(FakeLlmServer::dataEvents(data));
    };
    const QByteArray echoed = QByteArray(R"({"error":{"message":"bad key )") + Key + R"(","code":"invalid_api_key"}})";
    return {
        .providerName = QStringLiteral("OpenAI"),
        .endpoint
        = LlmClientFamily::endpointFor(LlmProvider::OpenAi, QString::fromLatin1(Key), QStringLiteral("gpt-4.1-mini")),
        .makeClient = [](const LlmEndpoint& endpoint) { return std::make_unique<OpenAiClient>(endpoint); },
        .keyHeader = {"authorization", QByteArray("Bearer ") + Key},
        .answer = answerEvents(),
        .answerUsage = {.inputTokens = 12, .outputTokens = 5},
        .heldBackChunk = 2,
        .truncated = Reply{events({chunk("Hello"), chunk(", wor")}), {}},
        .invalidJson = Reply{events({chunk("Hi"), R"({"choices":[{"delta":)"}), QStringLiteral("not valid JSON")},
        .errorMidStream
        = Reply{events({chunk("Hello"),
                        R"({"error":{"message":"The server had an error while processing your request.",)"
                        R"("type":"server_error","param":null,"code":null}})"}),
                QStringLiteral("The server had an error")},
        .badKey = Reply{FakeLlmServer::error(
                            401,
                            R"({"error":{"message":"Incorrect API key provided: sk-test-****cdef. You can find your )"
                            R"(API key at https://platform.openai.com/account/api-keys.",)"
                            R"("type":"invalid_request_error","param":null,"code":"invalid_api_key"}})"),
                        {}},
        .unknownModel
        = Reply{FakeLlmServer::error(404,
                                     R"({"error":{"message":"The model `gpt-9` does not exist or you do not have )"
                                     R"(access to it.","type":"invalid_request_error","param":null,)"
                                     R"("code":"model_not_found"}})"),
                {}},
        .contextTooLong
        = Reply{FakeLlmServer::error(400,
                                     R"({"error":{"message":"This model's maximum context length is 128000 tokens. )"
                                     R"(However, your messages resulted in 130000 tokens.",)"
                                     R"("type":"invalid_request_error","param":"messages",)"
                                     R"("code":"context_length_exceeded"}})"),
                QStringLiteral("128000")},
        .outputTokenLimit = Reply{events({chunk("Long"), chunk("", "\"length\"")}), {}},
        .rateLimited = Reply{FakeLlmServer::error(
                                 429,
                                 R"({"error":{"message":"Rate limit reached for requests. Please try again in 1s.",)"
                                 R"("type":"requests","code":"rate_limit_exceeded"}})",
                                 {{"retry-after", "1"}}),
                             {}},
        .quotaExceeded = Reply{FakeLlmServer::error(
                                   429,
                                   R"({"error":{"message":"You exceeded your current quota, please check your plan )"
                                   R"(and billing details.","type":"insufficient_quota","code":"insufficient_quota"}})",
                                   {{"retry-after", "1"}}),
                               {}},
        .serverErrors = {FakeLlmServer::error(500, R"({"error":{"message":"internal","type":"server_error"}})"),
                         FakeLlmServer::error(503, R"({"error":{"message":"busy","type":"server_error"}})")},
        // A server that quotes the key back whole, in every way it can.
        .keyEchoes
        = {{FakeLlmServer::error(401, echoed)},
           {FakeLlmServer::error(
                500, QByteArray(R"({"error":{"message":"upstream saw )") + Key + R"(","type":"server_error"}})"),
            FakeLlmServer::stream(answerEvents())},
           {events({chunk("Hi"), echoed})},
           {events({chunk(Key), "{not json " + QByteArray(Key)})}},
    };
}

void TestOpenAiClient::init()
{
    m_server = std::make_unique<FakeLlmServer>();
    QVERIFY(m_server->listen());
    m_endpoint = family().endpoint;
    m_endpoint.baseUrl = m_server->url();
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

void TestOpenAiClient::sharedCases_data()
{
    LlmClientCases::addRows(family());
}

void TestOpenAiClient::sharedCases()
{
    LlmClientCases::run(family());
}

QTEST_GUILESS_MAIN(TestOpenAiClient)
#include "TestOpenAiClient.moc"
