#include "advisor/EmbeddingClient.h"
#include "support/FakeEmbeddingServer.h"
#include "support/FakeLlmServer.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using std::chrono::milliseconds;

// EmbeddingClient against fake servers on 127.0.0.1: OpenAI's and Ollama's shapes, batches,
// results matched by index, and errors that say what went wrong without the key.
class TestEmbeddingClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void batchesOpenAiInputsAndMatchesResultsByIndex();
    void speaksOllamasApiEmbed();
    void takesTheChatClientsBaseUrls_data();
    void takesTheChatClientsBaseUrls();
    void reportsABadKeyWithoutTheKey();
    void reportsAnUnknownModel_data();
    void reportsAnUnknownModel();
    void reportsInvalidJson();
    void reportsTooFewEmbeddings();
    void reportsAnHttpError();
    void saysWhenItRetries();
    void cancels();

private:
    struct Outcome
    {
        bool ended = false;
        QList<QList<float>> vectors;
        std::optional<LlmError> error;
    };

    static Outcome embed(EmbeddingClient& client, const QStringList& texts);
    // The texts embedded against a server that answers with these responses, in turn.
    Outcome embedAgainst(const QList<FakeLlmServer::Response>& responses, const QStringList& texts,
                         int* requestCount = nullptr);

    static constexpr char Key[] = "sk-embed-Secret0123456789abcdef";
    LlmEndpoint m_endpoint;
};

void TestEmbeddingClient::init()
{
    m_endpoint = {.provider = LlmProvider::OpenAi,
                  .baseUrl = {},
                  .apiKey = QString::fromLatin1(Key),
                  .model = QStringLiteral("text-embedding-3-small"),
                  .connectTimeout = milliseconds(5000),
                  .readTimeout = milliseconds(5000),
                  .maxAttempts = 1,
                  .retryBaseDelay = milliseconds(10)};
}

TestEmbeddingClient::Outcome TestEmbeddingClient::embed(EmbeddingClient& client, const QStringList& texts)
{
    QSignalSpy finished(&client, &EmbeddingClient::finished);
    QSignalSpy failed(&client, &EmbeddingClient::failed);
    // Either signal ends the wait, which is bounded.
    QEventLoop loop;
    QObject::connect(&client, &EmbeddingClient::finished, &loop, &QEventLoop::quit);
    QObject::connect(&client, &EmbeddingClient::failed, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    client.embed(texts);
    loop.exec();
    Outcome outcome;
    outcome.ended = finished.size() + failed.size() == 1;
    if (!finished.isEmpty()) {
        outcome.vectors = finished.first().first().value<QList<QList<float>>>();
    }
    if (!failed.isEmpty()) {
        outcome.error = failed.first().first().value<LlmError>();
    }
    return outcome;
}

TestEmbeddingClient::Outcome TestEmbeddingClient::embedAgainst(const QList<FakeLlmServer::Response>& responses,
                                                               const QStringList& texts, int* requestCount)
{
    FakeLlmServer server;
    if (!server.listen()) {
        return {};
    }
    for (const FakeLlmServer::Response& response : responses) {
        server.enqueue(response);
    }
    m_endpoint.baseUrl = server.url();
    EmbeddingClient client(m_endpoint);
    Outcome outcome = embed(client, texts);
    if (requestCount) {
        *requestCount = int(server.requests().size());
    }
    return outcome;
}

void TestEmbeddingClient::batchesOpenAiInputsAndMatchesResultsByIndex()
{
    FakeEmbeddingServer server;
    QVERIFY(server.listen());
    server.setKey(QString::fromLatin1(Key));
    m_endpoint.baseUrl = server.url();
    QStringList texts;
    for (int index = 0; index < EmbeddingClient::MaxBatchInputs + 6; ++index) {
        texts << QStringLiteral("def handler_%1(): return word%1").arg(index);
    }
    EmbeddingClient client(m_endpoint);
    const Outcome outcome = embed(client, texts);
    QVERIFY(outcome.ended);
    QVERIFY2(!outcome.error, qPrintable(outcome.error ? outcome.error->message : QString()));
    // Two requests, 64 and 6 inputs; the fake answers each in reverse order.
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(server.requests().at(0).json().value(QStringLiteral("input")).toArray().size(),
             EmbeddingClient::MaxBatchInputs);
    QCOMPARE(server.requests().at(1).json().value(QStringLiteral("input")).toArray().size(), 6);
    for (const FakeLlmServer::Request& request : server.requests()) {
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/v1/embeddings"));
        QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer ") + Key);
        QCOMPARE(request.json().value(QStringLiteral("model")).toString(), QStringLiteral("text-embedding-3-small"));
    }
    QCOMPARE(outcome.vectors.size(), texts.size());
    for (qsizetype index = 0; index < texts.size(); ++index) {
        QCOMPARE(outcome.vectors.at(index), FakeEmbeddingServer::embedding(texts.at(index), 256));
    }
}

void TestEmbeddingClient::speaksOllamasApiEmbed()
{
    FakeEmbeddingServer server;
    QVERIFY(server.listen());
    server.setDimension(32);
    m_endpoint = {.provider = LlmProvider::Ollama,
                  .baseUrl = server.url(),
                  .apiKey = {},
                  .model = QStringLiteral("nomic-embed-text")};
    EmbeddingClient client(m_endpoint);
    const Outcome outcome = embed(client, {QStringLiteral("create a user"), QStringLiteral("read a user")});
    QVERIFY(outcome.ended && !outcome.error);
    QCOMPARE(server.requests().size(), 1);
    QCOMPARE(server.requests().first().path, QByteArray("/api/embed"));
    QVERIFY(!server.requests().first().headers.contains("authorization"));
    QCOMPARE(server.requests().first().json().value(QStringLiteral("model")).toString(),
             QStringLiteral("nomic-embed-text"));
    QCOMPARE(outcome.vectors.size(), 2);
    QCOMPARE(outcome.vectors.at(1), FakeEmbeddingServer::embedding(QStringLiteral("read a user"), 32));
}

void TestEmbeddingClient::takesTheChatClientsBaseUrls_data()
{
    QTest::addColumn<LlmProvider>("provider");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("expected");
    QTest::newRow("OpenAI's API root") << LlmProvider::OpenAi << "https://api.openai.com/v1"
                                       << "https://api.openai.com/v1/embeddings";
    QTest::newRow("a compatible server's root") << LlmProvider::OpenAiCompatible << "http://localhost:8000"
                                                << "http://localhost:8000/v1/embeddings";
    QTest::newRow("Ollama's OpenAI root") << LlmProvider::OpenAiCompatible << "http://localhost:11434/v1/"
                                          << "http://localhost:11434/v1/embeddings";
    QTest::newRow("Ollama's root") << LlmProvider::Ollama << "http://localhost:11434"
                                   << "http://localhost:11434/api/embed";
    QTest::newRow("Ollama with /api") << LlmProvider::Ollama << "http://localhost:11434/api"
                                      << "http://localhost:11434/api/embed";
}

void TestEmbeddingClient::takesTheChatClientsBaseUrls()
{
    QFETCH(LlmProvider, provider);
    QFETCH(QString, baseUrl);
    QFETCH(QString, expected);
    QCOMPARE(EmbeddingClient::embeddingsUrl({.provider = provider, .baseUrl = QUrl(baseUrl)}).toString(), expected);
}

void TestEmbeddingClient::reportsABadKeyWithoutTheKey()
{
    FakeEmbeddingServer server;
    QVERIFY(server.listen());
    server.setKey(QStringLiteral("sk-the-right-one"));
    m_endpoint.baseUrl = server.url();
    EmbeddingClient client(m_endpoint);
    const Outcome outcome = embed(client, {QStringLiteral("text")});
    QVERIFY(outcome.ended && outcome.error);
    QCOMPARE(outcome.error->kind, LlmErrorKind::BadKey);
    QVERIFY2(outcome.error->message.contains(QLatin1String("OpenAI did not accept the API key (HTTP 401)")),
             qPrintable(outcome.error->message));
    QVERIFY2(!outcome.error->message.contains(QLatin1String(Key)), qPrintable(outcome.error->message));
}

void TestEmbeddingClient::reportsAnUnknownModel_data()
{
    QTest::addColumn<LlmProvider>("provider");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("OpenAI") << LlmProvider::OpenAi
                            << QByteArray(R"({"error":{"message":"The model `text-embedding-9` does not exist",)"
                                          R"("type":"invalid_request_error","code":"model_not_found"}})");
    QTest::newRow("Ollama") << LlmProvider::Ollama
                            << QByteArray(R"({"error":"model \"text-embedding-9\" not found, try pulling it first"})");
}

void TestEmbeddingClient::reportsAnUnknownModel()
{
    QFETCH(LlmProvider, provider);
    QFETCH(QByteArray, body);
    m_endpoint.provider = provider;
    m_endpoint.model = QStringLiteral("text-embedding-9");
    const Outcome outcome = embedAgainst({FakeLlmServer::error(404, body)}, {QStringLiteral("text")});
    QVERIFY(outcome.ended && outcome.error);
    QCOMPARE(outcome.error->kind, LlmErrorKind::UnknownModel);
    QVERIFY2(outcome.error->message.contains(QLatin1String("has no model 'text-embedding-9'")),
             qPrintable(outcome.error->message));
}

void TestEmbeddingClient::reportsInvalidJson()
{
    const Outcome outcome = embedAgainst({FakeLlmServer::error(200, R"({"data":[{"index":0,"embedding":[0.1,)")},
                                         {QStringLiteral("text")});
    QVERIFY(outcome.ended && outcome.error);
    QCOMPARE(outcome.error->kind, LlmErrorKind::BadReply);
    QVERIFY2(outcome.error->message.contains(QLatin1String("not valid JSON")), qPrintable(outcome.error->message));
}

void TestEmbeddingClient::reportsTooFewEmbeddings()
{
    const Outcome outcome
        = embedAgainst({FakeLlmServer::error(200, R"({"object":"list","data":[{"index":1,"embedding":[0.1,0.2]}]})")},
                       {QStringLiteral("one"), QStringLiteral("two")});
    QVERIFY(outcome.ended && outcome.error);
    QCOMPARE(outcome.error->kind, LlmErrorKind::BadReply);
    QVERIFY2(outcome.error->message.contains(QLatin1String("1 embeddings for 2 inputs")),
             qPrintable(outcome.error->message));
}

void TestEmbeddingClient::reportsAnHttpError()
{
    m_endpoint.maxAttempts = 2;
    const FakeLlmServer::Response failure
        = FakeLlmServer::error(500, R"({"error":{"message":"boom","type":"server_error"}})");
    int requests = 0;
    const Outcome outcome = embedAgainst({failure, failure}, {QStringLiteral("text")}, &requests);
    QVERIFY(outcome.ended && outcome.error);
    QCOMPARE(outcome.error->kind, LlmErrorKind::ServerError);
    QCOMPARE(requests, 2); // retried once, as the chat clients are
    QVERIFY2(outcome.error->message.contains(QLatin1String("HTTP 500")), qPrintable(outcome.error->message));
}

void TestEmbeddingClient::saysWhenItRetries()
{
    FakeEmbeddingServer server;
    QVERIFY(server.listen());
    server.rateLimitNext(1);
    m_endpoint.baseUrl = server.url();
    m_endpoint.maxAttempts = 2;
    EmbeddingClient client(m_endpoint);
    QSignalSpy retrying(&client, &EmbeddingClient::retrying);
    const Outcome outcome = embed(client, {QStringLiteral("text")});
    QVERIFY(outcome.ended);
    QVERIFY2(!outcome.error, qPrintable(outcome.error ? outcome.error->message : QString()));
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(retrying.size(), 1);
    QCOMPARE(retrying.first().at(0).toInt(), 2);
    QVERIFY2(retrying.first().at(1).toLongLong() >= 1000, qPrintable(retrying.first().at(1).toString()));
    QVERIFY2(retrying.first().at(2).toString().contains(QLatin1String("rate"), Qt::CaseInsensitive),
             qPrintable(retrying.first().at(2).toString()));
}

void TestEmbeddingClient::cancels()
{
    FakeLlmServer server;
    QVERIFY(server.listen());
    FakeLlmServer::Response silent;
    silent.silent = true;
    server.enqueue(silent);
    m_endpoint.baseUrl = server.url();
    EmbeddingClient client(m_endpoint);
    QSignalSpy failed(&client, &EmbeddingClient::failed);
    client.embed({QStringLiteral("text")});
    QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, 5000);
    client.cancel();
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().first().value<LlmError>().kind, LlmErrorKind::Cancelled);
}

QTEST_GUILESS_MAIN(TestEmbeddingClient)
#include "TestEmbeddingClient.moc"
