#include "advisor/CredentialMasker.h"
#include "advisor/QdrantCodeIndex.h"
#include "support/FakeEmbeddingServer.h"
#include "support/FakeQdrantServer.h"
#include "support/LoopbackPort.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using std::chrono::milliseconds;

namespace
{
const QByteArray ServiceSource = "def create_user(name):\n    return db.insert(name)\n\n\n"
                                 "def read_user(user_id):\n    return db.get(user_id)\n";
const QByteArray BillingSource = "def charge(amount):\n    return gateway.charge(amount)\n";
} // namespace

// QdrantCodeIndex against a fake Qdrant and a fake embeddings API on 127.0.0.1: the collection made
// once, incremental updates, retrieval, and the messages of what can go wrong.
class TestQdrantCodeIndex : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void createsTheCollectionThenReusesIt();
    void reindexEmbedsOnlyTheChangedChunks();
    void removesTheChunksOfDeletedFiles();
    void findsCreateUserInTheDemoTarget();
    void neverEmbedsSecrets();
    void saysToChooseAnotherCollectionOnADimensionMismatch();
    void saysWhenQdrantIsDown();
    void saysWhenTheEmbeddingKeyIsBadWithoutTheKey();
    void sendsTheQdrantKeyAndSaysWhenItIsRefused();
    void cancelEndsAnUpdateWaitingOnTheNetwork();
    void sendsNothingOnceCancelled();
    void embedsNothingForAServerThatIsNotQdrant();
    void foldersSharingACollectionKeepEachOthersPoints();

private:
    QdrantCodeIndex::Settings settings() const;
    void write(const QString& name, const QByteArray& contents) const;
    const FakeQdrantServer::Collection& collection() const;

    std::unique_ptr<FakeEmbeddingServer> m_embeddings;
    std::unique_ptr<FakeQdrantServer> m_qdrant;
    std::unique_ptr<QTemporaryDir> m_folder;
};

void TestQdrantCodeIndex::init()
{
    m_embeddings = std::make_unique<FakeEmbeddingServer>();
    QVERIFY(m_embeddings->listen());
    m_qdrant = std::make_unique<FakeQdrantServer>();
    QVERIFY(m_qdrant->listen());
    m_folder = std::make_unique<QTemporaryDir>();
    write(QStringLiteral("service.py"), ServiceSource);
    write(QStringLiteral("billing.py"), BillingSource);
}

QdrantCodeIndex::Settings TestQdrantCodeIndex::settings() const
{
    return {.url = m_qdrant->url(),
            .apiKey = {},
            .collection = {},
            .embedding = {.provider = LlmProvider::OpenAi,
                          .baseUrl = m_embeddings->url(),
                          .apiKey = QStringLiteral("sk-embedding-key"),
                          .model = QStringLiteral("text-embedding-3-small"),
                          .connectTimeout = milliseconds(5000),
                          .readTimeout = milliseconds(5000),
                          .maxAttempts = 1,
                          .retryBaseDelay = milliseconds(10)},
            .timeout = milliseconds(5000)};
}

void TestQdrantCodeIndex::write(const QString& name, const QByteArray& contents) const
{
    QFile file(m_folder->filePath(name));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(contents);
}

const FakeQdrantServer::Collection& TestQdrantCodeIndex::collection() const
{
    return *m_qdrant->collections().find(QdrantCodeIndex::defaultCollection(m_folder->path()));
}

void TestQdrantCodeIndex::createsTheCollectionThenReusesIt()
{
    QString error;
    QdrantCodeIndex::UpdateStatistics statistics;
    {
        QdrantCodeIndex index(settings());
        QVERIFY2(index.update(m_folder->path(), &statistics, &error), qPrintable(error));
        QCOMPARE(index.collection(), QdrantCodeIndex::defaultCollection(m_folder->path()));
    }
    QCOMPARE(statistics.filesSeen, 2);
    QCOMPARE(statistics.filesIndexed, 2);
    QCOMPARE(statistics.chunks, 3);
    QCOMPARE(statistics.chunksEmbedded, 3);
    QCOMPARE(m_qdrant->collections().size(), 1);
    QCOMPARE(collection().size, 256); // the fake embeddings' dimension
    QCOMPARE(collection().distance, QStringLiteral("Cosine"));
    QCOMPARE(collection().points.size(), 3);
    QCOMPARE(m_qdrant->count("GET", "/exists"), 1);
    QCOMPARE(m_qdrant->count("PUT", "/" + QdrantCodeIndex::defaultCollection(m_folder->path()).toUtf8()), 1);
    for (const FakeLlmServer::Request& request : m_qdrant->requests()) {
        if (request.method == "PUT" && request.path.contains("/points")) {
            QVERIFY2(request.path.endsWith("/points?wait=true"), request.path.constData());
        }
    }
    const QString id
        = QdrantCodeIndex::pointId(QdrantCodeIndex::rootOf(m_folder->path()), QStringLiteral("service.py"), 0);
    QVERIFY(collection().points.contains(id));
    const QJsonObject payload = collection().points.value(id).payload;
    QCOMPARE(payload.value(QStringLiteral("path")).toString(), QStringLiteral("service.py"));
    QCOMPARE(payload.value(QStringLiteral("symbol")).toString(), QStringLiteral("create_user"));
    QCOMPARE(payload.value(QStringLiteral("first_line")).toInt(), 1);
    QCOMPARE(payload.value(QStringLiteral("last_line")).toInt(), 2);
    QVERIFY(payload.value(QStringLiteral("text")).toString().startsWith(QLatin1String("def create_user(name):")));
    QCOMPARE(payload.value(QStringLiteral("sha1")).toString().size(), 40);
    QCOMPARE(payload.value(QStringLiteral("root")).toString(), QdrantCodeIndex::rootOf(m_folder->path()));

    // Another instance, as the next run makes: the collection is used as it is.
    QdrantCodeIndex again(settings());
    QVERIFY2(again.update(m_folder->path(), &statistics, &error), qPrintable(error));
    QCOMPARE(statistics.filesUnchanged, 2);
    QCOMPARE(statistics.chunksEmbedded, 0);
    QCOMPARE(m_embeddings->requests().size(), 1);
    QCOMPARE(m_qdrant->count("GET", "/exists"), 2);
    QCOMPARE(m_qdrant->count("PUT", "/points"), 1);
}

void TestQdrantCodeIndex::reindexEmbedsOnlyTheChangedChunks()
{
    QString error;
    QdrantCodeIndex index(settings());
    QVERIFY2(index.update(m_folder->path(), nullptr, &error), qPrintable(error));
    QCOMPARE(m_embeddings->inputs().size(), 3);

    write(QStringLiteral("service.py"), QByteArray(ServiceSource).replace("db.get(user_id)", "cache.get(user_id)"));
    QdrantCodeIndex::UpdateStatistics statistics;
    QVERIFY2(index.update(m_folder->path(), &statistics, &error), qPrintable(error));
    QCOMPARE(statistics.filesIndexed, 1);
    QCOMPARE(statistics.filesUnchanged, 1);
    QCOMPARE(statistics.chunksEmbedded, 1);
    QCOMPARE(m_embeddings->requests().size(), 2);
    const QStringList inputs = m_embeddings->inputs();
    QCOMPARE(inputs.size(), 4);
    QVERIFY2(inputs.last().contains(QLatin1String("cache.get(user_id)")), qPrintable(inputs.last()));
    QVERIFY(
        collection()
            .points
            .value(QdrantCodeIndex::pointId(QdrantCodeIndex::rootOf(m_folder->path()), QStringLiteral("service.py"), 1))
            .payload.value(QStringLiteral("text"))
            .toString()
            .contains(QLatin1String("cache.get")));
    QCOMPARE(collection().points.size(), 3);
}

void TestQdrantCodeIndex::removesTheChunksOfDeletedFiles()
{
    QString error;
    QdrantCodeIndex index(settings());
    QVERIFY2(index.update(m_folder->path(), nullptr, &error), qPrintable(error));
    QVERIFY(QFile::remove(m_folder->filePath(QStringLiteral("billing.py"))));
    QdrantCodeIndex::UpdateStatistics statistics;
    QVERIFY2(index.update(m_folder->path(), &statistics, &error), qPrintable(error));
    QCOMPARE(statistics.filesRemoved, 1);
    QCOMPARE(statistics.chunks, 2);
    QCOMPARE(statistics.chunksEmbedded, 0);
    QCOMPARE(m_embeddings->requests().size(), 1);
    QCOMPARE(collection().points.size(), 2);
    for (const FakeQdrantServer::Point& point : collection().points) {
        QCOMPARE(point.payload.value(QStringLiteral("path")).toString(), QStringLiteral("service.py"));
    }
}

void TestQdrantCodeIndex::findsCreateUserInTheDemoTarget()
{
    const QString demo = QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo-target");
    QString error;
    QdrantCodeIndex index(settings());
    QVERIFY2(index.update(demo, nullptr, &error), qPrintable(error));
    const QList<CodeChunk> chunks = index.search({QStringLiteral("creating users")}, 3, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(chunks.size(), 3);
    QCOMPARE(chunks.first().path, QStringLiteral("app.py"));
    QCOMPARE(chunks.first().symbol, QStringLiteral("create_user"));
    QVERIFY(chunks.first().text.contains(QLatin1String("async def create_user")));
    // The query went to the embeddings API too, then to the collection's search.
    QCOMPARE(m_embeddings->inputs().last(), QStringLiteral("creating users"));
    QCOMPARE(m_qdrant->count("POST", "/points/search"), 1);
}

void TestQdrantCodeIndex::neverEmbedsSecrets()
{
    write(QStringLiteral(".env"), "DATABASE_PASSWORD=dotenv-secret-value\n");
    write(QStringLiteral("settings.py"), "password = \"quoted-secret-value\"\n\ndef connect():\n    return password\n");
    QString error;
    QdrantCodeIndex index(settings());
    QVERIFY2(index.update(m_folder->path(), nullptr, &error), qPrintable(error));
    const QStringList inputs = m_embeddings->inputs();
    QVERIFY(inputs.join(u'\n').contains(CredentialMasker::Mask));
    for (const QByteArray& secret : {QByteArray("dotenv-secret-value"), QByteArray("quoted-secret-value")}) {
        for (const FakeLlmServer::Request& request : m_embeddings->requests()) {
            QVERIFY(!request.body.contains(secret));
        }
        for (const FakeLlmServer::Request& request : m_qdrant->requests()) {
            QVERIFY(!request.body.contains(secret));
        }
    }
}

void TestQdrantCodeIndex::saysToChooseAnotherCollectionOnADimensionMismatch()
{
    const QString name = QdrantCodeIndex::defaultCollection(m_folder->path());
    m_qdrant->createCollection(name, 8);
    QString error;
    QdrantCodeIndex index(settings());
    QVERIFY(!index.update(m_folder->path(), nullptr, &error));
    QVERIFY2(error.contains(QStringLiteral("the Qdrant collection '%1' holds vectors of another dimension").arg(name)),
             qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("choose another collection")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("expected dim: 8, got 256")), qPrintable(error));
}

void TestQdrantCodeIndex::saysWhenQdrantIsDown()
{
    const quint16 port = unusedLoopbackPort();
    QVERIFY(port != 0);
    QdrantCodeIndex::Settings down = settings();
    down.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    QString error;
    QdrantCodeIndex index(down);
    QVERIFY(!index.update(m_folder->path(), nullptr, &error));
    QVERIFY2(error.contains(QStringLiteral("cannot reach Qdrant at http://127.0.0.1:%1").arg(port)), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("is it running?")), qPrintable(error));
    // Nothing was embedded for a collection that could not be reached.
    QVERIFY(m_embeddings->requests().isEmpty());
}

void TestQdrantCodeIndex::saysWhenTheEmbeddingKeyIsBadWithoutTheKey()
{
    m_embeddings->setKey(QStringLiteral("sk-the-right-key"));
    QdrantCodeIndex::Settings wrongKey = settings();
    wrongKey.embedding.apiKey = QStringLiteral("sk-wrong-key-0123456789");
    QString error;
    QdrantCodeIndex index(wrongKey);
    QVERIFY(!index.update(m_folder->path(), nullptr, &error));
    QVERIFY2(error.contains(QLatin1String("embedding the code: OpenAI did not accept the API key (HTTP 401)")),
             qPrintable(error));
    QVERIFY2(!error.contains(wrongKey.embedding.apiKey), qPrintable(error));
    QVERIFY(m_qdrant->collections().isEmpty());
}

void TestQdrantCodeIndex::sendsTheQdrantKeyAndSaysWhenItIsRefused()
{
    m_qdrant->setApiKey(QStringLiteral("qdrant-key-right"));
    QdrantCodeIndex::Settings keyed = settings();
    keyed.apiKey = QStringLiteral("qdrant-key-right");
    QString error;
    {
        QdrantCodeIndex index(keyed);
        QVERIFY2(index.update(m_folder->path(), nullptr, &error), qPrintable(error));
        QCOMPARE(index.search({QStringLiteral("charge amount")}, 1, &error).first().symbol, QStringLiteral("charge"));
    }
    for (const FakeLlmServer::Request& request : m_qdrant->requests()) {
        QCOMPARE(request.headers.value("api-key"), QByteArray("qdrant-key-right"));
    }
    keyed.apiKey = QStringLiteral("qdrant-key-wrong-42");
    QdrantCodeIndex refused(keyed);
    QVERIFY(!refused.update(m_folder->path(), nullptr, &error));
    QVERIFY2(error.contains(QStringLiteral("Qdrant at %1 did not accept the API key (HTTP 401)")
                                .arg(m_qdrant->url().toDisplayString())),
             qPrintable(error));
    QVERIFY2(!error.contains(keyed.apiKey), qPrintable(error));
}

void TestQdrantCodeIndex::cancelEndsAnUpdateWaitingOnTheNetwork()
{
    FakeLlmServer silentEmbeddings;
    QVERIFY(silentEmbeddings.listen());
    FakeLlmServer::Response silent;
    silent.silent = true;
    silentEmbeddings.enqueue(silent);
    QdrantCodeIndex::Settings waiting = settings();
    waiting.embedding.baseUrl = silentEmbeddings.url();
    QdrantCodeIndex index(waiting);
    // Cancelled from the loop update() waits in, once the embeddings' request has arrived, as the
    // advisor's worker does when the user stops it.
    QTimer watch;
    connect(&watch, &QTimer::timeout, this, [&] {
        if (!silentEmbeddings.requests().isEmpty()) {
            watch.stop();
            index.cancel();
        }
    });
    watch.start(10);
    QString error;
    QVERIFY(!index.update(m_folder->path(), nullptr, &error));
    QCOMPARE(error, QStringLiteral("stopped by the user"));
    QCOMPARE(silentEmbeddings.requests().size(), 1);
}

void TestQdrantCodeIndex::sendsNothingOnceCancelled()
{
    QString error;
    QdrantCodeIndex indexed(settings());
    QVERIFY2(indexed.update(m_folder->path(), nullptr, &error), qPrintable(error));
    const qsizetype embeddingRequests = m_embeddings->requests().size();
    const qsizetype qdrantRequests = m_qdrant->requests().size();
    // Stop pressed between two calls: neither the next search nor the next update sends anything.
    indexed.cancel();
    QVERIFY(indexed.search({QStringLiteral("charge amount")}, 3, &error).isEmpty());
    QCOMPARE(error, QStringLiteral("stopped by the user"));
    error.clear();
    write(QStringLiteral("billing.py"), QByteArray(BillingSource).replace("amount", "total"));
    QVERIFY(!indexed.update(m_folder->path(), nullptr, &error));
    QCOMPARE(error, QStringLiteral("stopped by the user"));
    QCOMPARE(m_embeddings->requests().size(), embeddingRequests);
    QCOMPARE(m_qdrant->requests().size(), qdrantRequests);
}

void TestQdrantCodeIndex::embedsNothingForAServerThatIsNotQdrant()
{
    // Any web server: a 404 page for every path.
    FakeLlmServer web;
    QVERIFY(web.listen());
    web.setResponder([](const FakeLlmServer::Request&) {
        return FakeLlmServer::whole(404, "<html><body><h1>Not Found</h1></body></html>", "text/html");
    });
    QdrantCodeIndex::Settings wrongUrl = settings();
    wrongUrl.url = web.url();
    QString error;
    QdrantCodeIndex index(wrongUrl);
    QVERIFY(!index.update(m_folder->path(), nullptr, &error));
    QVERIFY2(error.contains(QStringLiteral("%1 is not a Qdrant server").arg(web.url().toDisplayString())),
             qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("Not Found")), qPrintable(error));
    QVERIFY(m_embeddings->requests().isEmpty());
    for (const FakeLlmServer::Request& request : web.requests()) {
        QCOMPARE(request.method, QByteArray("GET"));
    }
}

void TestQdrantCodeIndex::foldersSharingACollectionKeepEachOthersPoints()
{
    // The same file in another folder: the same relative path and chunks.
    QTemporaryDir other;
    QFile service(other.filePath(QStringLiteral("service.py")));
    QVERIFY(service.open(QIODevice::WriteOnly));
    service.write(ServiceSource);
    service.close();
    QdrantCodeIndex::Settings shared = settings();
    shared.collection = QStringLiteral("shared-code");
    QString error;
    QdrantCodeIndex first(shared);
    QdrantCodeIndex second(shared);
    QVERIFY2(first.update(m_folder->path(), nullptr, &error), qPrintable(error));
    QVERIFY2(second.update(other.path(), nullptr, &error), qPrintable(error));
    // Each update sees only its folder's points: neither removes the other's.
    QdrantCodeIndex::UpdateStatistics statistics;
    QVERIFY2(first.update(m_folder->path(), &statistics, &error), qPrintable(error));
    QCOMPARE(statistics.filesRemoved, 0);
    QCOMPARE(statistics.chunksEmbedded, 0);
    QVERIFY2(second.update(other.path(), &statistics, &error), qPrintable(error));
    QCOMPARE(statistics.filesRemoved, 0);
    QCOMPARE(statistics.chunksEmbedded, 0);
    const FakeQdrantServer::Collection& collection = *m_qdrant->collections().find(shared.collection);
    QCOMPARE(collection.points.size(), 5);
    QCOMPARE(m_qdrant->count("POST", "/points/delete"), 0);
    // And each search finds only its folder's code.
    const QList<CodeChunk> found = second.search({QStringLiteral("charge amount")}, 5, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(found.size(), 2);
    for (const CodeChunk& chunk : found) {
        QCOMPARE(chunk.path, QStringLiteral("service.py"));
    }
    QCOMPARE(first.search({QStringLiteral("charge amount")}, 1, &error).first().path, QStringLiteral("billing.py"));
}

QTEST_GUILESS_MAIN(TestQdrantCodeIndex)
#include "TestQdrantCodeIndex.moc"
