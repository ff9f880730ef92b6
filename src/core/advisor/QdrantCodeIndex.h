#pragma once

#include "advisor/CodeRetriever.h"
#include "advisor/LlmClient.h"

#include <chrono>
#include <memory>
#include <optional>

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QUrl>

class EmbeddingClient;
class QEventLoop;
class QNetworkAccessManager;

// The code index for large codebases: the same chunks as CodeIndex (SourceScanner's files,
// SourceFileReader's chunks, credentials masked before anything leaves the machine), embedded by
// EmbeddingClient and kept in a Qdrant collection over its REST API, searched by the cosine
// similarity of a step's terms. The collection is made when absent, with the dimension of the
// first embeddings; nothing is embedded before the server is known to be a Qdrant. A point's id
// is a UUIDv5 of `root/path#chunk`, and its payload holds the folder's root (rootOf()), the chunk
// (path, lines, symbol, language, text) and the SHA-1 of what was embedded (the model's name
// included), so that update() embeds only the chunks that changed, and removes the points of
// chunks and files that are gone. Every read, search and removal is of the folder's root only, so
// folders can share a collection; points without that root and SHA-1 are left alone.
//
// Threads: update() and search() wait on the network in a local event loop of the calling thread,
// each request bounded by Settings::timeout (embeddings by the endpoint's own timeouts and
// attempts); the advisor calls them on its worker thread, never the GUI's. cancel(), from a
// handler run in that loop, makes them return at once, and every later call too, before it sends
// anything.
class QdrantCodeIndex final
    : public QObject
    , public CodeRetriever
{
    Q_OBJECT

public:
    struct Settings
    {
        QUrl url = defaultUrl();
        QString apiKey; // sent in the api-key header; empty for none
        QString collection; // empty: defaultCollection() of the folder update() is given
        LlmEndpoint embedding; // the provider, model and key the code and the queries are embedded with
        std::chrono::milliseconds timeout{60000}; // a request to Qdrant, from its start to its end
    };

    static constexpr int ScrollPagePoints = 256;
    static constexpr int DeleteBatchPoints = 256;
    static constexpr int MaxPoints = 2'000'000; // read from a collection: bounds the scroll
    static constexpr int MaxResults = 100;

    static QUrl defaultUrl(); // http://localhost:6333
    // `aftershock-<folder name>-<8 hex digits of the SHA-1 of its absolute path>`, in the
    // characters Qdrant takes.
    static QString defaultCollection(const QString& sourceDir);
    // The folder's mark on its points: the SHA-1, in hex, of its canonical absolute path.
    static QString rootOf(const QString& sourceDir);
    // The stable id of a file's chunk: a UUIDv5 of `root/path#number`.
    static QString pointId(const QString& root, const QString& path, int chunkNumber);

    explicit QdrantCodeIndex(Settings settings);
    ~QdrantCodeIndex() override;

    // The collection update() and search() use.
    QString collection() const
    {
        return m_collection;
    }

    bool update(const QString& sourceDir, UpdateStatistics* statistics, QString* error) override;
    QList<CodeChunk> search(const QStringList& terms, int limit, QString* error) override;
    void cancel() override;

signals:
    // The embeddings' request failed and goes again after delayMs (the endpoint's retries).
    void embeddingRetrying(int attempt, qint64 delayMs, const QString& reason);

private:
    struct StoredPoint
    {
        QByteArray sha1;
        QString path;
    };

    struct Reply
    {
        int status = 0;
        QByteArray body;
    };

    struct Answer
    {
        int status = 0;
        QJsonValue result;
        QString error; // Qdrant's own words, or why there is no answer; empty for a 2xx
        bool inQdrantEnvelope = false; // an error in Qdrant's {"status": {"error": …}}
    };

    // One request, waited for: any HTTP answer, or nullopt with the message in error (down, timed
    // out, cancelled).
    std::optional<Reply> send(const QByteArray& verb, const QString& path, const QJsonObject& body, QString* error);
    // One request to Qdrant, waited for. nullopt, with the message in error, when it got no
    // readable answer (down, timed out, cancelled, not Qdrant's envelope).
    std::optional<Answer> call(const QByteArray& verb, const QString& path, const QJsonObject& body, QString* error);
    // Whether the server says it is a Qdrant (GET /: its title and version); false with why.
    bool isQdrant(const QString& askedPath, const Answer& asked, QString* error);
    std::optional<bool> collectionExists(QString* error);
    QJsonObject rootFilter() const;
    std::optional<QHash<QString, StoredPoint>> storedPoints(QString* error);
    bool createCollection(qsizetype dimension, QString* error);
    bool upsert(const QJsonArray& points, QString* error);
    bool remove(const QStringList& ids, QString* error);
    std::optional<QList<QList<float>>> embed(const QStringList& texts, QString* error);
    // What an answer that is not 2xx means, for a person.
    QString failure(const QByteArray& verb, const QString& path, const Answer& answer) const;
    QString serverName() const;
    void runLoop(QEventLoop& loop);

    Settings m_settings;
    QString m_collection;
    QString m_root; // rootOf() the folder update() was given
    std::optional<bool> m_exists; // known once update() or search() asked
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<EmbeddingClient> m_embeddings;
    QEventLoop* m_loop = nullptr; // the one waiting, for cancel()
    bool m_cancelled = false;
};
