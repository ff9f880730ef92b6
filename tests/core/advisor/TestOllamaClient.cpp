#include "LlmClientSpy.h"
#include "advisor/OllamaClient.h"
#include "support/FakeLlmServer.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTest>

using std::chrono::milliseconds;

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
    void streamsTextInPiecesWithUsage();
    void readsAStreamSplitAtEveryByte();
    void readsCrlfLineEnds();
    void readsALastLineWithoutItsLineFeed();
    void waitsThroughASlowAnswer();
    void reportsATruncatedStream();
    void reportsInvalidJson();
    void reportsAnErrorMidStream();
    void reportsABadKeyFromAProxy();
    void reportsAnUnknownModel();
    void reportsTheOutputTokenLimit();
    void retriesARateLimitAfterItsRetryAfter();
    void cancelsMidStream();
    void reportsAClosedPortAsNetwork();
    void reportsSilenceAsTimeout();
    void neverShowsTheKey();

private:
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

QByteArray joined(const QList<QByteArray>& parts)
{
    QByteArray bytes;
    for (const QByteArray& part : parts) {
        bytes += part;
    }
    return bytes;
}

FakeLlmServer::Response ndjson(const QList<QByteArray>& lines, int delayMs = 0)
{
    return FakeLlmServer::stream(lines, delayMs, "application/x-ndjson");
}

quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort();
}
} // namespace

void TestOllamaClient::init()
{
    m_server = std::make_unique<FakeLlmServer>();
    QVERIFY(m_server->listen());
    m_endpoint = {.provider = LlmProvider::Ollama,
                  .baseUrl = m_server->url(),
                  .apiKey = {},
                  .model = QStringLiteral("llama3.1"),
                  .connectTimeout = milliseconds(5000),
                  .readTimeout = milliseconds(5000),
                  .maxAttempts = 3,
                  .retryBaseDelay = milliseconds(10)};
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

void TestOllamaClient::streamsTextInPiecesWithUsage()
{
    m_server->enqueue(ndjson(answerLines(), 10));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
    QVERIFY(spy.pieces.size() > 1);
    QCOMPARE(spy.usage.inputTokens, 26);
    QCOMPARE(spy.usage.outputTokens, 4);
}

void TestOllamaClient::readsAStreamSplitAtEveryByte()
{
    m_server->enqueue(FakeLlmServer::bytewise(joined(answerLines()), "application/x-ndjson"));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
}

void TestOllamaClient::readsCrlfLineEnds()
{
    QByteArray body = joined(answerLines());
    body.replace("\n", "\r\n");
    m_server->enqueue(ndjson({body}));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("Hello, world"));
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

void TestOllamaClient::waitsThroughASlowAnswer()
{
    m_endpoint.readTimeout = milliseconds(300);
    m_server->enqueue(ndjson({piece("a"), piece("b"), piece("c"), piece("d"), piece("e"), doneLine()}, 100));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.finishedText, QStringLiteral("abcde"));
}

void TestOllamaClient::reportsATruncatedStream()
{
    m_server->enqueue(ndjson({piece("Hello"), piece(", wor")}));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Truncated);
    QVERIFY2(spy.error.message.contains(QLatin1String("Ollama")), qPrintable(spy.error.message));
}

void TestOllamaClient::reportsInvalidJson()
{
    m_server->enqueue(ndjson({piece("Hi"), "{\"message\":{\"content\":\n"}));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::BadReply);
}

void TestOllamaClient::reportsAnErrorMidStream()
{
    // A line with only an error and no done: waiting for done would wait forever.
    m_server->enqueue(ndjson({piece("Hello"), "{\"error\":\"an error was encountered while running the model\"}\n"}));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::MidStream);
    QCOMPARE(spy.error.httpStatus, 200);
    QVERIFY2(spy.error.message.contains(QLatin1String("running the model")), qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestOllamaClient::reportsABadKeyFromAProxy()
{
    m_endpoint.apiKey = QString::fromLatin1(ProxyKey);
    m_server->enqueue(FakeLlmServer::error(401, R"({"error":"unauthorized"})"));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::BadKey);
    QCOMPARE(m_server->requests().at(0).headers.value("authorization"), QByteArray("Bearer ") + ProxyKey);
}

void TestOllamaClient::reportsAnUnknownModel()
{
    m_server->enqueue(FakeLlmServer::error(404, R"({"error":"model 'llama9' not found, try pulling it first"})"));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::UnknownModel);
    QVERIFY2(spy.error.message.contains(QLatin1String("try pulling it")), qPrintable(spy.error.message));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestOllamaClient::reportsTheOutputTokenLimit()
{
    m_server->enqueue(ndjson({piece("Long"), doneLine("length")}));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Truncated);
}

void TestOllamaClient::retriesARateLimitAfterItsRetryAfter()
{
    m_server->enqueue(FakeLlmServer::error(429, R"({"error":"too many requests"})", {{"Retry-After", "1"}}));
    m_server->enqueue(FakeLlmServer::error(500, R"({"error":"llama runner process has terminated"})"));
    m_server->enqueue(ndjson(answerLines()));
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd(8000));
    QVERIFY2(spy.succeeded, qPrintable(spy.error.message));
    QCOMPARE(spy.retries.size(), 2);
    QVERIFY2(spy.retries.at(0).delayMs >= 1000, qPrintable(QString::number(spy.retries.at(0).delayMs)));
    QVERIFY2(spy.retries.at(1).reason.contains(QLatin1String("server error")), qPrintable(spy.retries.at(1).reason));
}

void TestOllamaClient::cancelsMidStream()
{
    FakeLlmServer::Response response = ndjson(answerLines());
    response.chunks[1].delayMs = 10000;
    m_server->enqueue(response);
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QTRY_COMPARE(spy.pieces.size(), 1);
    ollama->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(spy.ends, 1, 1000);
    QCOMPARE(spy.error.kind, LlmErrorKind::Cancelled);
}

void TestOllamaClient::reportsAClosedPortAsNetwork()
{
    m_endpoint.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
    m_endpoint.maxAttempts = 2;
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
    QVERIFY(spy.waitForEnd());
    QCOMPARE(spy.error.kind, LlmErrorKind::Network);
    QCOMPARE(spy.retries.size(), 1);
    QVERIFY2(spy.error.message.contains(QLatin1String("cannot reach Ollama")), qPrintable(spy.error.message));
}

void TestOllamaClient::reportsSilenceAsTimeout()
{
    m_endpoint.readTimeout = milliseconds(300);
    m_endpoint.maxAttempts = 1;
    FakeLlmServer::Response silent;
    silent.silent = true;
    m_server->enqueue(silent);
    const auto ollama = client();
    LlmClientSpy spy(ollama.get());
    ollama->send(m_request);
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

void TestOllamaClient::neverShowsTheKey()
{
    m_endpoint.apiKey = QString::fromLatin1(ProxyKey);
    m_server->enqueue(FakeLlmServer::error(403, QByteArray(R"({"error":"key )") + ProxyKey + " is not allowed\"}"));
    m_server->enqueue(ndjson({piece("Hi"), QByteArray(R"({"error":"proxy dropped )") + ProxyKey + "\"}\n"}));
    capturedMessages.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
    QStringList seen;
    const auto ollama = client();
    for (int round = 0; round < 2; ++round) {
        LlmClientSpy spy(ollama.get());
        ollama->send(m_request);
        QVERIFY(spy.waitForEnd());
        seen << spy.error.message;
    }
    qInstallMessageHandler(previous);
    QCOMPARE(m_server->requests().size(), 2);
    seen << capturedMessages;
    for (const QString& message : std::as_const(seen)) {
        QVERIFY2(!message.contains(QLatin1String(ProxyKey)), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestOllamaClient)
#include "TestOllamaClient.moc"
