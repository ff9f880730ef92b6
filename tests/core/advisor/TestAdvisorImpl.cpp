#include "advisor/AdvisorImpl.h"
#include "support/FakeEmbeddingServer.h"
#include "support/FakeLlmServer.h"
#include "support/FakeQdrantServer.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using std::chrono::milliseconds;

// AdvisorImpl's worker thread with the Qdrant index, against fakes on 127.0.0.1: what indexing
// reports, one request at a time, and an end while the worker waits in the index's event loop.
class TestAdvisorImpl : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void refusesARequestWhileBusyAndEndsWhileTheIndexWaits();
    void saysWhenTheEmbeddingsAreRetried();

private:
    AdvisorRequest request(const QUrl& embeddingsUrl) const;

    std::unique_ptr<QTemporaryDir> m_folder;
    std::unique_ptr<FakeQdrantServer> m_qdrant;
    std::unique_ptr<FakeLlmServer> m_chat;
};

void TestAdvisorImpl::init()
{
    m_folder = std::make_unique<QTemporaryDir>();
    QFile source(m_folder->filePath(QStringLiteral("service.py")));
    QVERIFY(source.open(QIODevice::WriteOnly));
    source.write("def create_user(name):\n    return db.insert(name)\n");
    source.close();
    m_qdrant = std::make_unique<FakeQdrantServer>();
    QVERIFY(m_qdrant->listen());
    // Answers every step with an error: the chain ends quickly.
    m_chat = std::make_unique<FakeLlmServer>();
    QVERIFY(m_chat->listen());
}

AdvisorRequest TestAdvisorImpl::request(const QUrl& embeddingsUrl) const
{
    AdvisorRequest request;
    request.endpoint = {.provider = LlmProvider::OpenAi,
                        .baseUrl = m_chat->url(),
                        .apiKey = QStringLiteral("sk-chat"),
                        .model = QStringLiteral("gpt-test"),
                        .connectTimeout = milliseconds(5000),
                        .readTimeout = milliseconds(5000),
                        .maxAttempts = 1,
                        .retryBaseDelay = milliseconds(10)};
    request.sourceFolder = m_folder->path();
    QdrantCodeIndex::Settings qdrant;
    qdrant.url = m_qdrant->url();
    qdrant.embedding = request.endpoint;
    qdrant.embedding.baseUrl = embeddingsUrl;
    qdrant.embedding.model = QStringLiteral("text-embedding-3-small");
    qdrant.timeout = milliseconds(5000);
    request.qdrant = qdrant;
    return request;
}

void TestAdvisorImpl::refusesARequestWhileBusyAndEndsWhileTheIndexWaits()
{
    FakeLlmServer silentEmbeddings;
    QVERIFY(silentEmbeddings.listen());
    FakeLlmServer::Response silent;
    silent.silent = true;
    silentEmbeddings.enqueue(silent);
    {
        AdvisorImpl advisor;
        QSignalSpy finished(&advisor, &Advisor::finished);
        advisor.start(request(silentEmbeddings.url()));
        // The worker now waits in the index's local event loop for the embeddings.
        QTRY_COMPARE_WITH_TIMEOUT(silentEmbeddings.requests().size(), 1, 10000);
        advisor.start(request(silentEmbeddings.url()));
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.size(), 1);
        QVERIFY2(finished.first().at(1).toString().contains(QLatin1String("still at work")),
                 qPrintable(finished.first().at(1).toString()));
        // The first request goes on untouched: nothing more was sent.
        QCOMPARE(silentEmbeddings.requests().size(), 1);
    }
    // The advisor ended with its worker in that loop: stopped, and deleted once its thread ended.
    QCOMPARE(silentEmbeddings.requests().size(), 1);
}

void TestAdvisorImpl::saysWhenTheEmbeddingsAreRetried()
{
    FakeEmbeddingServer embeddings;
    QVERIFY(embeddings.listen());
    embeddings.rateLimitNext(1);
    AdvisorRequest rateLimited = request(embeddings.url());
    rateLimited.qdrant->embedding.maxAttempts = 2;
    AdvisorImpl advisor;
    QSignalSpy progress(&advisor, &Advisor::progress);
    QSignalSpy finished(&advisor, &Advisor::finished);
    advisor.start(rateLimited);
    QVERIFY(finished.wait(30000));
    QStringList messages;
    for (const QList<QVariant>& message : std::as_const(progress)) {
        messages << message.first().toString();
    }
    QVERIFY2(messages.join(u'\n').contains(QLatin1String("Embedding: retrying in 1 s (")),
             qPrintable(messages.join(u'\n')));
    QVERIFY2(messages.join(u'\n').contains(QLatin1String("1 embedded")), qPrintable(messages.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestAdvisorImpl)
#include "TestAdvisorImpl.moc"
