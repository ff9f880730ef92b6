#include "LlmClientSpy.h"
#include "advisor/GeminiClient.h"
#include "support/FakeLlmServer.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTest>

using std::chrono::milliseconds;

// Gemini's streamGenerateContent (alt=sse, CRLF framing) against a fake server on 127.0.0.1.
class TestGeminiClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void sendsTheRequestGeminiExpects();
    void takesBaseUrlsWithOrWithoutVersion_data();
    void takesBaseUrlsWithOrWithoutVersion();
    void streamsTextInPiecesWithUsage();
    void readsAStreamSplitAtEveryByte();
    void readsLfFramingToo();
    void waitsThroughASlowAnswer();
    void reportsATruncatedStream();
    void reportsInvalidJson();
    void reportsAnErrorMidStream();
    void reportsABadKeyGivenAs400();
    void reportsAnUnknownModel();
    void reportsAContextTooLong();
    void reportsASafetyStop();
    void reportsABlockedPrompt();
    void reportsTheOutputTokenLimit();
    void retriesARateLimitAfterItsRetryAfter();
    void retriesAfterTheRetryInfoDelay();
    void doesNotRetryADailyQuota();
    void cancelsMidStream();
    void reportsAClosedPortAsNetwork();
    void reportsSilenceAsTimeout();
    void neverShowsTheKey();

private:
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

// "Hello, world", the last record with two parts, the finish reason and usage; no end marker.
QList<QByteArray> answerEvents(const QByteArray& lineEnd = "\r\n")
{
    return FakeLlmServer::dataEvents(
        {record(text("Hello")), record(text(", ")), record(text("wor") + "," + text("ld"), "STOP", FinalUsage)},
        lineEnd);
}

QByteArray errorBody(int code, const QByteArray& status, const QByteArray& message, const QByteArray& details = "[]")
{
    return R"({"error":{"code":)" + QByteArray::number(code) + R"(,"message":")" + message + R"(","status":")" + status
        + R"(","details":)" + details + "}}";
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

void TestGeminiClient::init()
{
    m_server = std::make_unique<FakeLlmServer>();
    QVERIFY(m_server->listen());
    m_endpoint = {.provider = LlmProvider::Gemini,
                  .baseUrl = m_server->url(),
                  .apiKey = QString::fromLatin1(Key),
                  .model = QStringLiteral("gemini-2.5-flash"),
                  .connectTimeout = milliseconds(5000),
                  .readTimeout = milliseconds(5000),
                  .maxAttempts = 3,
                  .retryBaseDelay = milliseconds(10)};
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

void TestGeminiClient::streamsTextInPiecesWithUsage()
{
    m_server->enqueue(FakeLlmServer::stream(answerEvents(), 10));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
    QVERIFY(spy.pieces.size() > 1);
    QCOMPARE(spy.usage.inputTokens, 30);
    // Thinking is billed as output.
    QCOMPARE(spy.usage.outputTokens, 10);
}

void TestGeminiClient::readsAStreamSplitAtEveryByte()
{
    m_server->enqueue(FakeLlmServer::bytewise(joined(answerEvents())));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
}

void TestGeminiClient::readsLfFramingToo()
{
    m_server->enqueue(FakeLlmServer::stream(answerEvents("\n")));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
}

void TestGeminiClient::waitsThroughASlowAnswer()
{
    m_endpoint.readTimeout = milliseconds(300);
    FakeLlmServer::Response response = FakeLlmServer::stream(answerEvents(), 100);
    response.chunks.insert(0, {": warming up\r\n\r\n", 100});
    response.chunks.insert(0, {": warming up\r\n\r\n", 100});
    m_server->enqueue(response);
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
}

void TestGeminiClient::reportsATruncatedStream()
{
    m_server->enqueue(FakeLlmServer::stream(FakeLlmServer::dataEvents({record(text("Hello"))}, "\r\n")));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Truncated);
    QVERIFY2(spy.error.message.contains(QLatin1String("Google Gemini")), qPrintable(spy.error.message));
}

void TestGeminiClient::reportsInvalidJson()
{
    m_server->enqueue(
        FakeLlmServer::stream(FakeLlmServer::dataEvents({record(text("Hi")), "{\"candidates\":["}, "\r\n")));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::BadReply);
}

void TestGeminiClient::reportsAnErrorMidStream()
{
    m_server->enqueue(FakeLlmServer::stream(FakeLlmServer::dataEvents(
        {record(text("Hello")), errorBody(500, "INTERNAL", "An internal error has occurred.")}, "\r\n")));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::MidStream);
    QCOMPARE(spy.error.httpStatus, 200);
    QVERIFY2(spy.error.message.contains(QLatin1String("internal error")), qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestGeminiClient::reportsABadKeyGivenAs400()
{
    m_server->enqueue(FakeLlmServer::error(
        400,
        errorBody(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                  R"([{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID",)"
                  R"("domain":"googleapis.com"}])")));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::BadKey);
    QCOMPARE(spy.error.httpStatus, 400);
    QVERIFY2(spy.error.message.contains(QLatin1String("Google Gemini did not accept the API key")),
             qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestGeminiClient::reportsAnUnknownModel()
{
    m_server->enqueue(FakeLlmServer::error(
        404,
        errorBody(404, "NOT_FOUND",
                  "models/gemini-9 is not found for API version v1beta, or is not supported for generateContent.")));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::UnknownModel);
}

void TestGeminiClient::reportsAContextTooLong()
{
    m_server->enqueue(FakeLlmServer::error(
        400,
        errorBody(400, "INVALID_ARGUMENT",
                  "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).")));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::ContextTooLong);
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

void TestGeminiClient::reportsTheOutputTokenLimit()
{
    m_server->enqueue(FakeLlmServer::stream(
        FakeLlmServer::dataEvents({record(text("Long")), record(text("er"), "MAX_TOKENS", FinalUsage)}, "\r\n")));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Truncated);
}

void TestGeminiClient::retriesARateLimitAfterItsRetryAfter()
{
    m_server->enqueue(FakeLlmServer::error(
        429, errorBody(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."),
        {{"retry-after", "1"}}));
    m_server->enqueue(FakeLlmServer::stream(answerEvents()));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd(8000));
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.retries.size(), 1);
    QVERIFY2(spy.retries.at(0).delayMs >= 1000, qPrintable(QString::number(spy.retries.at(0).delayMs)));
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

void TestGeminiClient::doesNotRetryADailyQuota()
{
    m_server->enqueue(FakeLlmServer::error(
        429,
        errorBody(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.",
                  R"([{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[)"
                  R"({"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests",)"
                  R"("quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}])"),
        {{"retry-after", "1"}}));
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::QuotaExceeded);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestGeminiClient::cancelsMidStream()
{
    FakeLlmServer::Response response = FakeLlmServer::stream(answerEvents());
    response.chunks[1].delayMs = 10000;
    m_server->enqueue(response);
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QTRY_COMPARE(spy.pieces.size(), 1);
    gemini->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(spy.ends, 1, 1000);
    QCOMPARE(spy.error.kind, LlmErrorKind::Cancelled);
}

void TestGeminiClient::reportsAClosedPortAsNetwork()
{
    m_endpoint.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
    m_endpoint.maxAttempts = 1;
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Network);
    QVERIFY2(spy.error.message.contains(QLatin1String("Google Gemini")), qPrintable(spy.error.message));
}

void TestGeminiClient::reportsSilenceAsTimeout()
{
    m_endpoint.readTimeout = milliseconds(300);
    m_endpoint.maxAttempts = 2;
    FakeLlmServer::Response silent;
    silent.silent = true;
    m_server->enqueue(silent);
    m_server->enqueue(silent);
    const auto gemini = client();
    LlmClientSpy spy(gemini.get());
    gemini->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Timeout);
    // Nothing had streamed, so the silence was worth one more try.
    QCOMPARE(spy.retries.size(), 1);
}

namespace
{
QStringList capturedMessages;

void captureMessage(QtMsgType, const QMessageLogContext&, const QString& message)
{
    capturedMessages << message;
}
} // namespace

void TestGeminiClient::neverShowsTheKey()
{
    m_server->enqueue(FakeLlmServer::error(
        400,
        errorBody(400, "INVALID_ARGUMENT", "API key not valid: " + QByteArray(Key),
                  R"([{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}])")));
    m_server->enqueue(FakeLlmServer::stream(FakeLlmServer::dataEvents(
        {record(text("Hi")), errorBody(500, "INTERNAL", "failed for key=" + QByteArray(Key))}, "\r\n")));
    capturedMessages.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
    QStringList seen;
    const auto gemini = client();
    for (int round = 0; round < 2; ++round) {
        LlmClientSpy spy(gemini.get());
        gemini->send(m_request);
        QVERIFY(spy.waitForEnd());
        seen << spy.error.message;
    }
    qInstallMessageHandler(previous);
    seen << capturedMessages;
    for (const QString& message : std::as_const(seen)) {
        QVERIFY2(!message.contains(QLatin1String(Key)), qPrintable(message));
    }
    for (const FakeLlmServer::Request& request : m_server->requests()) {
        QVERIFY(!request.path.contains(Key));
    }
}

QTEST_GUILESS_MAIN(TestGeminiClient)
#include "TestGeminiClient.moc"
