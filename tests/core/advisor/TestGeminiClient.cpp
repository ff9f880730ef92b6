#include "advisor/GeminiClient.h"
#include "support/FakeLlmServer.h"
#include "support/LlmClientCases.h"
#include "support/LlmClientSpy.h"

#include <QJsonArray>
#include <QTest>

// Gemini's streamGenerateContent (alt=sse, CRLF framing) against a fake server on 127.0.0.1.
class TestGeminiClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void sendsTheRequestGeminiExpects();
    void takesBaseUrlsWithOrWithoutVersion_data();
    void takesBaseUrlsWithOrWithoutVersion();
    void reportsASafetyStop();
    void reportsABlockedPrompt();
    void retriesAfterTheRetryInfoDelay();
    void sharedCases_data();
    void sharedCases();

private:
    // Gemini's wire format for the cases every client shares (LlmClientCases).
    static LlmClientFamily family();
    std::unique_ptr<GeminiClient> client();

    static constexpr char Key[] = "AIzaSySecret0123456789abcdefghijklmno";
    std::unique_ptr<FakeLlmServer> m_server;
    LlmEndpoint m_endpoint;
    const LlmRequest m_request{.messages = {{QStringLiteral("system"), QStringLiteral("You advise SREs.")},
                                            {QStringLiteral("user"), QStringLiteral("Review this run.")},
                                            {QStringLiteral("assistant"), QStringLiteral("Which part?")},
                                            {QStringLiteral("user"), QStringLiteral("The latency.")}},
                               .maxOutputTokens = 512};
};

namespace
{
QByteArray record(const QByteArray& parts, const QByteArray& finishReason = {}, const QByteArray& usage = {})
{
    QByteArray json = R"({"candidates":[{"content":{"role":"model","parts":[)" + parts + "]}";
    if (!finishReason.isEmpty()) {
        json += R"(,"finishReason":")" + finishReason + "\"";
    }
    json += R"(,"index":0}])";
    if (!usage.isEmpty()) {
        json += R"(,"usageMetadata":)" + usage;
    }
    return json + R"(,"modelVersion":"gemini-2.5-flash"})";
}

QByteArray text(const QByteArray& value)
{
    return R"({"text":")" + value + "\"}";
}

const QByteArray FinalUsage = R"({"promptTokenCount":30,"candidatesTokenCount":4,"thoughtsTokenCount":6,)"
                              R"("totalTokenCount":40})";

// "Hello, world" framed with CRLF, the last record with two parts, the finish reason and usage; no
// end marker.
QList<QByteArray> answerEvents()
{
    return FakeLlmServer::dataEvents(
        {record(text("Hello")), record(text(", ")), record(text("wor") + "," + text("ld"), "STOP", FinalUsage)},
        "\r\n");
}

QByteArray errorBody(int code, const QByteArray& status, const QByteArray& message, const QByteArray& details = "[]")
{
    return R"({"error":{"code":)" + QByteArray::number(code) + R"(,"message":")" + message + R"(","status":")" + status
        + R"(","details":)" + details + "}}";
}
} // namespace

LlmClientFamily TestGeminiClient::family()
{
    using Reply = LlmClientFamily::Reply;
    const QByteArray key(Key);
    const auto events = [](const QList<QByteArray>& data) {
        return FakeLlmServer::stream(FakeLlmServer::dataEvents(data, "\r\n"));
    };
    const QByteArray keyInvalid = R"([{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID",)"
                                  R"("domain":"googleapis.com"}])";
    return {
        .providerName = QStringLiteral("Google Gemini"),
        .endpoint = LlmClientFamily::endpointFor(LlmProvider::Gemini, QString::fromLatin1(Key),
                                                 QStringLiteral("gemini-2.5-flash")),
        .makeClient = [](const LlmEndpoint& endpoint) { return std::make_unique<GeminiClient>(endpoint); },
        .keyHeader = {"x-goog-api-key", key},
        .answer = answerEvents(),
        // Thinking is billed as output.
        .answerUsage = {.inputTokens = 30, .outputTokens = 10},
        .heldBackChunk = 1,
        .keepAlive = ": warming up\r\n\r\n",
        .truncated = Reply{events({record(text("Hello"))}), {}},
        .invalidJson = Reply{events({record(text("Hi")), "{\"candidates\":["}), {}},
        .errorMidStream
        = Reply{events({record(text("Hello")), errorBody(500, "INTERNAL", "An internal error has occurred.")}),
                QStringLiteral("internal error")},
        // Not a 401: Gemini says 400 and API_KEY_INVALID.
        .badKey = Reply{FakeLlmServer::error(400,
                                             errorBody(400, "INVALID_ARGUMENT",
                                                       "API key not valid. Please pass a valid API key.", keyInvalid)),
                        {}},
        .unknownModel = Reply{FakeLlmServer::error(404,
                                                   errorBody(404, "NOT_FOUND",
                                                             "models/gemini-9 is not found for API version v1beta, "
                                                             "or is not supported for generateContent.")),
                              {}},
        .contextTooLong = Reply{FakeLlmServer::error(400,
                                                     errorBody(400, "INVALID_ARGUMENT",
                                                               "The input token count (1200000) exceeds the maximum "
                                                               "number of tokens allowed (1048576).")),
                                {}},
        .outputTokenLimit = Reply{events({record(text("Long")), record(text("er"), "MAX_TOKENS", FinalUsage)}), {}},
        .rateLimited
        = Reply{FakeLlmServer::error(
                    429, errorBody(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."),
                    {{"retry-after", "1"}}),
                {}},
        .quotaExceeded = Reply{FakeLlmServer::error(
                                   429,
                                   errorBody(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.",
                                             R"([{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[)"
                                             R"({"quotaMetric":"generativelanguage.googleapis.com/)"
                                             R"(generate_content_free_tier_requests",)"
                                             R"("quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}])"),
                                   {{"retry-after", "1"}}),
                               {}},
        .serverErrors = {FakeLlmServer::error(500, errorBody(500, "INTERNAL", "An internal error has occurred."))},
        .keyEchoes
        = {{FakeLlmServer::error(400, errorBody(400, "INVALID_ARGUMENT", "API key not valid: " + key, keyInvalid))},
           {events({record(text("Hi")), errorBody(500, "INTERNAL", "failed for key=" + key)})}},
    };
}

void TestGeminiClient::init()
{
    m_server = std::make_unique<FakeLlmServer>();
    QVERIFY(m_server->listen());
    m_endpoint = family().endpoint;
    m_endpoint.baseUrl = m_server->url();
}

std::unique_ptr<GeminiClient> TestGeminiClient::client()
{
    return std::make_unique<GeminiClient>(m_endpoint);
}

void TestGeminiClient::sendsTheRequestGeminiExpects()
{
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    const FakeLlmServer::Request& request = m_server->requests().at(0);
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"));
    // The key travels in a header; URLs get logged.
    QCOMPARE(request.headers.value("x-goog-api-key"), QByteArray(Key));
    QVERIFY(!request.path.contains("key="));
    const QJsonObject body = request.json();
    QCOMPARE(
        body.value("systemInstruction").toObject().value("parts").toArray().at(0).toObject().value("text").toString(),
        QStringLiteral("You advise SREs."));
    const QJsonArray contents = body.value("contents").toArray();
    QCOMPARE(contents.size(), 3);
    QCOMPARE(contents.at(0).toObject().value("role").toString(), QStringLiteral("user"));
    QCOMPARE(contents.at(1).toObject().value("role").toString(), QStringLiteral("model"));
    QCOMPARE(contents.at(2).toObject().value("parts").toArray().at(0).toObject().value("text").toString(),
             QStringLiteral("The latency."));
    QCOMPARE(body.value("generationConfig").toObject().value("maxOutputTokens").toInt(), 512);
}

void TestGeminiClient::takesBaseUrlsWithOrWithoutVersion_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("url");
    QTest::newRow("server root") << "https://generativelanguage.googleapis.com"
                                 << "gemini-2.5-flash"
                                 << "https://generativelanguage.googleapis.com/v1beta/models/"
                                    "gemini-2.5-flash:streamGenerateContent?alt=sse";
    QTest::newRow("with /v1beta/") << "https://generativelanguage.googleapis.com/v1beta/"
                                   << "models/gemini-2.5-pro"
                                   << "https://generativelanguage.googleapis.com/v1beta/models/"
                                      "gemini-2.5-pro:streamGenerateContent?alt=sse";
    QTest::newRow("with /v1") << "https://generativelanguage.googleapis.com/v1"
                              << "gemini-2.5-flash"
                              << "https://generativelanguage.googleapis.com/v1/models/"
                                 "gemini-2.5-flash:streamGenerateContent?alt=sse";
}

void TestGeminiClient::takesBaseUrlsWithOrWithoutVersion()
{
    QFETCH(QString, base);
    QFETCH(QString, model);
    QFETCH(QString, url);
    QCOMPARE(GeminiClient::streamUrl(QUrl(base), model).toString(), url);
}

void TestGeminiClient::reportsASafetyStop()
{
    m_server->enqueue(
        FakeLlmServer::stream(FakeLlmServer::dataEvents({record(text("Well")), record(text(""), "SAFETY")}, "\r\n")));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Refused);
    QVERIFY2(spy.error.message.contains(QLatin1String("SAFETY")), qPrintable(spy.error.message));
}

void TestGeminiClient::reportsABlockedPrompt()
{
    m_server->enqueue(FakeLlmServer::stream(FakeLlmServer::dataEvents(
        {R"({"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":9}})"},
        "\r\n")));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Refused);
    QVERIFY2(spy.error.message.contains(QLatin1String("PROHIBITED_CONTENT")), qPrintable(spy.error.message));
}

void TestGeminiClient::retriesAfterTheRetryInfoDelay()
{
    m_server->enqueue(FakeLlmServer::error(
        429,
        errorBody(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.",
                  R"([{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"0.2s"}])")));
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.retries.size(), 1);
    QVERIFY2(spy.retries.at(0).delayMs >= 200, qPrintable(QString::number(spy.retries.at(0).delayMs)));
}

void TestGeminiClient::sharedCases_data()
{
    LlmClientCases::addRows(family());
}

void TestGeminiClient::sharedCases()
{
    LlmClientCases::run(family());
}

QTEST_GUILESS_MAIN(TestGeminiClient)
#include "TestGeminiClient.moc"
