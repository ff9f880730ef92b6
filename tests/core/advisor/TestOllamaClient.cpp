#include "advisor/OllamaClient.h"
#include "support/FakeLlmServer.h"
#include "support/LlmClientCases.h"
#include "support/LlmClientSpy.h"

#include <QJsonArray>
#include <QTest>

// Ollama's native /api/chat (NDJSON) against a fake server on 127.0.0.1.
class TestOllamaClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void sendsTheRequestOllamaExpects();
    void sizesTheContextToThePrompt_data();
    void sizesTheContextToThePrompt();
    void refusesAPromptLargerThanAnyContext();
    void takesBaseUrlsOfEveryForm_data();
    void takesBaseUrlsOfEveryForm();
    void readsALastLineWithoutItsLineFeed();
    void sharedCases_data();
    void sharedCases();

private:
    // Ollama's wire format for the cases every client shares (LlmClientCases).
    static LlmClientFamily family();
    std::unique_ptr<OllamaClient> client();

    std::unique_ptr<FakeLlmServer> m_server;
    LlmEndpoint m_endpoint;
    const LlmRequest m_request{.messages = {{QStringLiteral("system"), QStringLiteral("You advise SREs.")},
                                            {QStringLiteral("user"), QStringLiteral("Review this run.")}},
                               .maxOutputTokens = 512};
};

namespace
{
constexpr char ProxyKey[] = "proxy-Secret0123456789abcdef";

QByteArray piece(const QByteArray& content)
{
    return R"({"model":"llama3.1","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":")"
        + content + R"("},"done":false})" + "\n";
}

QByteArray doneLine(const QByteArray& reason = "stop")
{
    return R"({"model":"llama3.1","message":{"role":"assistant","content":""},"done":true,"done_reason":")" + reason
        + R"(","total_duration":5000000,"prompt_eval_count":26,"eval_count":4,"eval_duration":4000000})" + "\n";
}

QList<QByteArray> answerLines()
{
    return {piece("Hello"), piece(", "), piece("world"), doneLine()};
}

FakeLlmServer::Response ndjson(const QList<QByteArray>& lines)
{
    return FakeLlmServer::stream(lines, 0, "application/x-ndjson");
}
} // namespace

LlmClientFamily TestOllamaClient::family()
{
    using Reply = LlmClientFamily::Reply;
    const QByteArray key(ProxyKey);
    return {
        .providerName = QStringLiteral("Ollama"),
        // Ollama itself takes no key; these cases give the one of a proxy in front of it.
        .endpoint
        = LlmClientFamily::endpointFor(LlmProvider::Ollama, QString::fromLatin1(ProxyKey), QStringLiteral("llama3.1")),
        .makeClient = [](const LlmEndpoint& endpoint) { return std::make_unique<OllamaClient>(endpoint); },
        .keyHeader = {"authorization", "Bearer " + key},
        .answer = answerLines(),
        .contentType = "application/x-ndjson",
        .answerUsage = {.inputTokens = 26, .outputTokens = 4},
        .heldBackChunk = 1,
        .truncated = Reply{ndjson({piece("Hello"), piece(", wor")}), {}},
        .invalidJson = Reply{ndjson({piece("Hi"), "{\"message\":{\"content\":\n"}), {}},
        // A line with only an error and no done: waiting for done would wait forever.
        .errorMidStream
        = Reply{ndjson({piece("Hello"), "{\"error\":\"an error was encountered while running the model\"}\n"}),
                QStringLiteral("running the model")},
        .badKey = Reply{FakeLlmServer::error(401, R"({"error":"unauthorized"})"), {}},
        .unknownModel
        = Reply{FakeLlmServer::error(404, R"({"error":"model 'llama9' not found, try pulling it first"})"),
                QStringLiteral("try pulling it")},
        .outputTokenLimit = Reply{ndjson({piece("Long"), doneLine("length")}), {}},
        .rateLimited = Reply{FakeLlmServer::error(429, R"({"error":"too many requests"})", {{"Retry-After", "1"}}), {}},
        .serverErrors = {FakeLlmServer::error(500, R"({"error":"llama runner process has terminated"})")},
        .keyEchoes = {{FakeLlmServer::error(403, R"({"error":"key )" + key + " is not allowed\"}")},
                      {ndjson({piece("Hi"), R"({"error":"proxy dropped )" + key + "\"}\n"})}},
    };
}

void TestOllamaClient::init()
{
    m_server = std::make_unique<FakeLlmServer>();
    QVERIFY(m_server->listen());
    m_endpoint = family().endpoint;
    m_endpoint.baseUrl = m_server->url();
    m_endpoint.apiKey.clear();
}

std::unique_ptr<OllamaClient> TestOllamaClient::client()
{
    return std::make_unique<OllamaClient>(m_endpoint);
}

void TestOllamaClient::sendsTheRequestOllamaExpects()
{
    m_server->enqueue(ndjson(answerLines()));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    const FakeLlmServer::Request& request = m_server->requests().at(0);
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/api/chat"));
    QVERIFY(!request.headers.contains("authorization"));
    const QJsonObject body = request.json();
    QCOMPARE(body.value("model").toString(), QStringLiteral("llama3.1"));
    QCOMPARE(body.value("stream").toBool(), true);
    const QJsonObject options = body.value("options").toObject();
    QCOMPARE(options.value("num_ctx").toInt(), 4096);
    QCOMPARE(options.value("num_predict").toInt(), 512);
    const QJsonArray messages = body.value("messages").toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject().value("role").toString(), QStringLiteral("system"));
}

void TestOllamaClient::sizesTheContextToThePrompt_data()
{
    QTest::addColumn<int>("characters");
    QTest::addColumn<int>("maxOutputTokens");
    QTest::addColumn<int>("contextSize");
    QTest::newRow("small") << 300 << 512 << 4096;
    QTest::newRow("exactly 4096") << 3 * 3584 << 512 << 4096;
    QTest::newRow("one over") << 3 * 3584 + 1 << 512 << 8192;
    QTest::newRow("large") << 30000 << 4096 << 16384;
    QTest::newRow("largest") << 3 * 120000 << 4096 << 131072;
}

void TestOllamaClient::sizesTheContextToThePrompt()
{
    QFETCH(int, characters);
    QFETCH(int, maxOutputTokens);
    QFETCH(int, contextSize);
    const LlmRequest request{.messages = {{QStringLiteral("user"), QString(characters, QLatin1Char('x'))}},
                             .maxOutputTokens = maxOutputTokens};
    QCOMPARE(OllamaClient::contextSize(request), contextSize);
}

void TestOllamaClient::refusesAPromptLargerThanAnyContext()
{
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    // Ollama would cut it without a word.
    ollama->send({.messages = {{QStringLiteral("user"), QString(3 * 131072, QLatin1Char('x'))}}});
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::ContextTooLong);
    QVERIFY2(spy.error.message.contains(QLatin1String("Ollama")), qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 0);
}

void TestOllamaClient::takesBaseUrlsOfEveryForm_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("url");
    QTest::newRow("server root") << "http://localhost:11434"
                                 << "http://localhost:11434/api/chat";
    QTest::newRow("with /api") << "http://localhost:11434/api/"
                               << "http://localhost:11434/api/chat";
    QTest::newRow("with /v1") << "http://localhost:11434/v1"
                              << "http://localhost:11434/api/chat";
}

void TestOllamaClient::takesBaseUrlsOfEveryForm()
{
    QFETCH(QString, base);
    QFETCH(QString, url);
    QCOMPARE(OllamaClient::chatUrl(QUrl(base)).toString(), url);
}

void TestOllamaClient::readsALastLineWithoutItsLineFeed()
{
    m_server->enqueue(ndjson({piece("Hello"), doneLine().trimmed()}));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello"));
}

void TestOllamaClient::sharedCases_data()
{
    LlmClientCases::addRows(family());
}

void TestOllamaClient::sharedCases()
{
    LlmClientCases::run(family());
}

QTEST_GUILESS_MAIN(TestOllamaClient)
#include "TestOllamaClient.moc"
