#include "advisor/QdrantCodeIndex.h"

#include "advisor/EmbeddingClient.h"
#include "advisor/HttpText.h"
#include "advisor/SourceFileReader.h"
#include "advisor/SourceScanner.h"

#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTimer>
#include <QUuid>

namespace
{
// Aftershock's namespace for the points' UUIDv5s: the same chunk has the same id everywhere.
const QUuid PointNamespace(QStringLiteral("{6f0c3a52-8d3e-4b7e-9a4f-2d41c7e0b9a1}"));
// Scroll pages with only the SHA-1s and paths are small; search results hold up to 100 chunks.
constexpr qint64 MaxQdrantReplyBytes = 64 * 1024 * 1024;
constexpr int CollectionNameCharacters = 40;

// A chunk as it goes to Qdrant.
struct PreparedChunk
{
    QString id;
    CodeChunk chunk;
    QString embeddedText;
    QByteArray sha1;
};

const QString StoppedByTheUser = QStringLiteral("stopped by the user");

// The path and symbol lead the text, so that a file's or a function's name is part of its meaning.
QString embeddedTextOf(const CodeChunk& chunk)
{
    return QStringLiteral("%1 %2\n%3").arg(chunk.path, chunk.symbol, chunk.text);
}

QJsonObject payloadOf(const PreparedChunk& prepared, const QString& root)
{
    const CodeChunk& chunk = prepared.chunk;
    return {{QStringLiteral("root"), root},
            {QStringLiteral("path"), chunk.path},
            {QStringLiteral("first_line"), chunk.firstLine},
            {QStringLiteral("last_line"), chunk.lastLine},
            {QStringLiteral("symbol"), chunk.symbol},
            {QStringLiteral("language"), chunk.language},
            {QStringLiteral("text"), chunk.text},
            {QStringLiteral("sha1"), QString::fromLatin1(prepared.sha1)}};
}

QJsonArray jsonVector(const QList<float>& vector)
{
    QJsonArray numbers;
    for (const float number : vector) {
        numbers.append(double(number));
    }
    return numbers;
}

QString pointIdOf(const QJsonValue& id)
{
    return id.isString() ? id.toString() : QString::number(id.toInteger());
}
} // namespace

QUrl QdrantCodeIndex::defaultUrl()
{
    return QUrl(QStringLiteral("http://localhost:6333"));
}

QString QdrantCodeIndex::defaultCollection(const QString& sourceDir)
{
    const QString path = QDir(sourceDir).absolutePath();
    QString name;
    for (const QChar character : QFileInfo(path).fileName().toLower()) {
        if (name.size() >= CollectionNameCharacters) {
            break;
        }
        const bool kept = (character >= u'a' && character <= u'z') || (character >= u'0' && character <= u'9')
            || character == u'_' || character == u'-';
        name += kept ? character : u'-';
    }
    const QByteArray hash = QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1).toHex().left(8);
    return QStringLiteral("aftershock-%1-%2")
        .arg(name.isEmpty() ? QStringLiteral("root") : name, QString::fromLatin1(hash));
}

QString QdrantCodeIndex::rootOf(const QString& sourceDir)
{
    const QString canonical = QFileInfo(sourceDir).canonicalFilePath();
    const QString path = canonical.isEmpty() ? QDir(sourceDir).absolutePath() : canonical;
    return QString::fromLatin1(QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1).toHex());
}

QString QdrantCodeIndex::pointId(const QString& root, const QString& path, int chunkNumber)
{
    return QUuid::createUuidV5(PointNamespace, QStringLiteral("%1/%2#%3").arg(root, path).arg(chunkNumber))
        .toString(QUuid::WithoutBraces);
}

QdrantCodeIndex::QdrantCodeIndex(Settings settings)
    : m_settings(std::move(settings))
    , m_collection(m_settings.collection)
{ }

QdrantCodeIndex::~QdrantCodeIndex() = default;

void QdrantCodeIndex::cancel()
{
    m_cancelled = true;
    if (m_loop) {
        m_loop->quit();
    }
    if (m_embeddings) {
        m_embeddings->cancel();
    }
}

QString QdrantCodeIndex::serverName() const
{
    return QStringLiteral("Qdrant at %1").arg(m_settings.url.toDisplayString(QUrl::RemoveUserInfo));
}

void QdrantCodeIndex::runLoop(QEventLoop& loop)
{
    m_loop = &loop;
    loop.exec();
    m_loop = nullptr;
}

std::optional<QdrantCodeIndex::Reply> QdrantCodeIndex::send(const QByteArray& verb, const QString& path,
                                                            const QJsonObject& body, QString* error)
{
    // Nothing leaves after Stop, not even the request that was next.
    if (m_cancelled) {
        *error = StoppedByTheUser;
        return std::nullopt;
    }
    if (!m_network) {
        m_network = std::make_unique<QNetworkAccessManager>();
    }
    const qsizetype query = path.indexOf(u'?');
    QUrl url = HttpText::withPath(m_settings.url, path.left(query));
    if (query >= 0) {
        url.setQuery(path.mid(query + 1));
    }
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("aftershock"));
    // Not followed: a redirect would carry the key and the code elsewhere.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!m_settings.apiKey.isEmpty()) {
        request.setRawHeader("api-key", m_settings.apiKey.toUtf8());
    }
    std::unique_ptr<QNetworkReply, void (*)(QNetworkReply*)> reply(
        body.isEmpty()
            ? m_network->sendCustomRequest(request, verb)
            : m_network->sendCustomRequest(request, verb, QJsonDocument(body).toJson(QJsonDocument::Compact)),
        [](QNetworkReply* finished) { finished->deleteLater(); });
    QEventLoop loop;
    bool tooLarge = false;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(reply.get(), &QNetworkReply::downloadProgress, &loop, [&](qint64 received, qint64) {
        if (received > MaxQdrantReplyBytes) {
            tooLarge = true;
            loop.quit();
        }
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(m_settings.timeout);
    runLoop(loop);
    if (!reply->isFinished()) {
        reply->disconnect(&loop);
        reply->abort();
        if (m_cancelled) {
            *error = StoppedByTheUser;
        } else if (tooLarge) {
            *error = QStringLiteral("%1 sent more than %2 MB for %3 %4")
                         .arg(serverName())
                         .arg(MaxQdrantReplyBytes >> 20)
                         .arg(QString::fromLatin1(verb), path);
        } else {
            *error = QStringLiteral("%1 did not answer %2 %3 within %4 s")
                         .arg(serverName(), QString::fromLatin1(verb), path)
                         .arg(m_settings.timeout.count() / 1000.0);
        }
        return std::nullopt;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        *error = HttpText::redacted(QStringLiteral("cannot reach %1: %2; is it running? (`docker run -p 6333:6333 "
                                                   "qdrant/qdrant` starts one)")
                                        .arg(serverName(), reply->errorString()),
                                    m_settings.apiKey);
        return std::nullopt;
    }
    return Reply{status, reply->readAll()};
}

std::optional<QdrantCodeIndex::Answer> QdrantCodeIndex::call(const QByteArray& verb, const QString& path,
                                                             const QJsonObject& body, QString* error)
{
    const std::optional<Reply> reply = send(verb, path, body, error);
    if (!reply) {
        return std::nullopt;
    }
    const QJsonObject envelope = QJsonDocument::fromJson(reply->body).object();
    Answer answer{.status = reply->status, .result = envelope.value(QLatin1String("result")), .error = {}};
    if (reply->status >= 200 && reply->status <= 299) {
        if (envelope.value(QLatin1String("status")).toString() != QLatin1String("ok")
            || !envelope.contains(QLatin1String("result"))) {
            *error = HttpText::redacted(
                QStringLiteral("%1 sent %2 for %3 %4, which is not Qdrant's answer; check the URL")
                    .arg(serverName(), HttpText::snippet(reply->body), QString::fromLatin1(verb), path),
                m_settings.apiKey);
            return std::nullopt;
        }
        return answer;
    }
    const QJsonValue said = envelope.value(QLatin1String("status")).toObject().value(QLatin1String("error"));
    answer.inQdrantEnvelope = said.isString();
    answer.error
        = HttpText::redacted(said.isString() ? said.toString() : HttpText::snippet(reply->body), m_settings.apiKey);
    return answer;
}

bool QdrantCodeIndex::isQdrant(const QString& askedPath, const Answer& asked, QString* error)
{
    const std::optional<Reply> root = send("GET", QStringLiteral("/"), {}, error);
    if (!root) {
        return false;
    }
    const QJsonObject about = QJsonDocument::fromJson(root->body).object();
    if (root->status == 200 && about.value(QLatin1String("version")).isString()
        && about.value(QLatin1String("title")).toString().contains(QLatin1String("qdrant"), Qt::CaseInsensitive)) {
        return true;
    }
    *error = QStringLiteral("%1 is not a Qdrant server: it answered GET %2 with HTTP %3 (%4) and GET / with HTTP %5 "
                            "(%6); check the URL")
                 // One arg() for all: a reply's text may hold a %N of its own.
                 .arg(m_settings.url.toDisplayString(QUrl::RemoveUserInfo), askedPath, QString::number(asked.status),
                      asked.error, QString::number(root->status),
                      HttpText::redacted(HttpText::snippet(root->body), m_settings.apiKey));
    return false;
}

QJsonObject QdrantCodeIndex::rootFilter() const
{
    const QJsonObject match{{QStringLiteral("key"), QStringLiteral("root")},
                            {QStringLiteral("match"), QJsonObject{{QStringLiteral("value"), m_root}}}};
    return {{QStringLiteral("must"), QJsonArray{match}}};
}

QString QdrantCodeIndex::failure(const QByteArray& verb, const QString& path, const Answer& answer) const
{
    if (answer.status == 401 || answer.status == 403) {
        return m_settings.apiKey.isEmpty()
            ? QStringLiteral("%1 asks for an API key (HTTP %2)").arg(serverName()).arg(answer.status)
            : QStringLiteral("%1 did not accept the API key (HTTP %2)").arg(serverName()).arg(answer.status);
    }
    if (answer.status == 400 && answer.error.contains(QLatin1String("dimension"), Qt::CaseInsensitive)) {
        return QStringLiteral("the Qdrant collection '%1' holds vectors of another dimension than %2's model '%3' "
                              "makes: choose another collection (--qdrant-collection), or delete this one (%4: %5)")
            .arg(m_collection, LlmProviders::displayName(m_settings.embedding.provider), m_settings.embedding.model,
                 serverName(), answer.error);
    }
    return QStringLiteral("%1 answered %2 %3 with HTTP %4: %5")
        .arg(serverName(), QString::fromLatin1(verb), path)
        .arg(answer.status)
        .arg(answer.error);
}

std::optional<bool> QdrantCodeIndex::collectionExists(QString* error)
{
    const QString path = QStringLiteral("/collections/%1/exists").arg(m_collection);
    const std::optional<Answer> answer = call("GET", path, {}, error);
    if (!answer) {
        return std::nullopt;
    }
    if (answer->status == 200) {
        return answer->result.toObject().value(QLatin1String("exists")).toBool();
    }
    if (answer->status != 404) {
        *error = failure("GET", path, *answer);
        return std::nullopt;
    }
    // Any web server says 404; only once it is known to be Qdrant does it mean "no collection",
    // and code may be embedded for it.
    if (!answer->inQdrantEnvelope && !isQdrant(path, *answer, error)) {
        return std::nullopt;
    }
    // Before Qdrant 1.8 there is no /exists: the collection itself answers, or is not found.
    const QString collectionPath = QStringLiteral("/collections/%1").arg(m_collection);
    const std::optional<Answer> collection = call("GET", collectionPath, {}, error);
    if (!collection) {
        return std::nullopt;
    }
    if (collection->status != 200 && collection->status != 404) {
        *error = failure("GET", collectionPath, *collection);
        return std::nullopt;
    }
    return collection->status == 200;
}

std::optional<QHash<QString, QdrantCodeIndex::StoredPoint>> QdrantCodeIndex::storedPoints(QString* error)
{
    const QString path = QStringLiteral("/collections/%1/points/scroll").arg(m_collection);
    QHash<QString, StoredPoint> points;
    QJsonValue offset;
    for (int page = 0; page < MaxPoints / ScrollPagePoints; ++page) {
        QJsonObject body{{QStringLiteral("limit"), ScrollPagePoints},
                         {QStringLiteral("with_payload"),
                          QJsonArray{QStringLiteral("root"), QStringLiteral("sha1"), QStringLiteral("path")}},
                         {QStringLiteral("with_vector"), false},
                         {QStringLiteral("filter"), rootFilter()}};
        if (!offset.isNull() && !offset.isUndefined()) {
            body.insert(QStringLiteral("offset"), offset);
        }
        const std::optional<Answer> answer = call("POST", path, body, error);
        if (!answer) {
            return std::nullopt;
        }
        if (answer->status != 200) {
            *error = failure("POST", path, *answer);
            return std::nullopt;
        }
        const QJsonObject result = answer->result.toObject();
        for (const QJsonValue& point : result.value(QLatin1String("points")).toArray()) {
            const QJsonObject payload = point.toObject().value(QLatin1String("payload")).toObject();
            const QString sha1 = payload.value(QLatin1String("sha1")).toString();
            // What is stored here may be removed: only ever our own folder's points.
            if (!sha1.isEmpty() && payload.value(QLatin1String("root")).toString() == m_root) {
                points.insert(pointIdOf(point.toObject().value(QLatin1String("id"))),
                              StoredPoint{sha1.toLatin1(), payload.value(QLatin1String("path")).toString()});
            }
        }
        offset = result.value(QLatin1String("next_page_offset"));
        if (offset.isNull() || offset.isUndefined()) {
            return points;
        }
    }
    *error = QStringLiteral("the Qdrant collection '%1' holds more than %2 points; choose another collection")
                 .arg(m_collection)
                 .arg(MaxPoints);
    return std::nullopt;
}

bool QdrantCodeIndex::createCollection(qsizetype dimension, QString* error)
{
    const QString path = QStringLiteral("/collections/%1").arg(m_collection);
    const QJsonObject body{{QStringLiteral("vectors"),
                            QJsonObject{{QStringLiteral("size"), qint64(dimension)},
                                        {QStringLiteral("distance"), QStringLiteral("Cosine")}}}};
    const std::optional<Answer> answer = call("PUT", path, body, error);
    if (!answer) {
        return false;
    }
    if (answer->status != 200) {
        *error = failure("PUT", path, *answer);
        return false;
    }
    m_exists = true;
    return true;
}

bool QdrantCodeIndex::upsert(const QJsonArray& points, QString* error)
{
    const QString path = QStringLiteral("/collections/%1/points?wait=true").arg(m_collection);
    const std::optional<Answer> answer = call("PUT", path, {{QStringLiteral("points"), points}}, error);
    if (!answer) {
        return false;
    }
    if (answer->status != 200) {
        *error = failure("PUT", path, *answer);
        return false;
    }
    return true;
}

bool QdrantCodeIndex::remove(const QStringList& ids, QString* error)
{
    const QString path = QStringLiteral("/collections/%1/points/delete?wait=true").arg(m_collection);
    const std::optional<Answer> answer
        = call("POST", path, {{QStringLiteral("points"), QJsonArray::fromStringList(ids)}}, error);
    if (!answer) {
        return false;
    }
    if (answer->status != 200) {
        *error = failure("POST", path, *answer);
        return false;
    }
    return true;
}

std::optional<QList<QList<float>>> QdrantCodeIndex::embed(const QStringList& texts, QString* error)
{
    if (m_cancelled) {
        *error = StoppedByTheUser;
        return std::nullopt;
    }
    if (!m_embeddings) {
        m_embeddings = std::make_unique<EmbeddingClient>(m_settings.embedding);
        connect(m_embeddings.get(), &EmbeddingClient::retrying, this, &QdrantCodeIndex::embeddingRetrying);
    }
    QEventLoop loop;
    std::optional<QList<QList<float>>> vectors;
    std::optional<LlmError> failed;
    QObject::connect(m_embeddings.get(), &EmbeddingClient::finished, &loop, [&](const QList<QList<float>>& arrived) {
        vectors = arrived;
        loop.quit();
    });
    QObject::connect(m_embeddings.get(), &EmbeddingClient::failed, &loop, [&](const LlmError& embeddingError) {
        failed = embeddingError;
        loop.quit();
    });
    m_embeddings->embed(texts);
    runLoop(loop);
    if (!vectors && !failed) {
        // Left by cancel(), or by the thread's end.
        m_embeddings->cancel();
        *error = StoppedByTheUser;
        return std::nullopt;
    }
    if (failed) {
        *error = failed->kind == LlmErrorKind::Cancelled
            ? StoppedByTheUser
            : QStringLiteral("embedding the code: %1").arg(failed->message);
        return std::nullopt;
    }
    return vectors;
}

bool QdrantCodeIndex::update(const QString& sourceDir, UpdateStatistics* statistics, QString* error)
{
    if (m_settings.collection.isEmpty()) {
        m_collection = defaultCollection(sourceDir);
    }
    m_root = rootOf(sourceDir);
    const std::optional<SourceScanner::Result> scan = SourceScanner::scan(sourceDir, error);
    if (!scan) {
        return false;
    }
    UpdateStatistics counted;
    counted.problems = scan->problems;
    QList<PreparedChunk> prepared;
    QSet<QString> presentPaths;
    for (const SourceScanner::File& file : scan->files) {
        ++counted.filesSeen;
        const std::optional<SourceFileReader::Content> content = SourceFileReader::read(file, &counted.problems);
        if (!content) {
            continue;
        }
        presentPaths.insert(file.relativePath);
        const QList<CodeChunk> chunks = SourceFileReader::maskedChunks(file.relativePath, content->text);
        for (qsizetype number = 0; number < chunks.size(); ++number) {
            PreparedChunk chunk{pointId(m_root, file.relativePath, int(number)),
                                chunks.at(number),
                                embeddedTextOf(chunks.at(number)),
                                {}};
            // The model is part of what was embedded: another model's vectors are made again.
            chunk.sha1 = QCryptographicHash::hash((m_settings.embedding.model + u'\n' + chunk.embeddedText).toUtf8(),
                                                  QCryptographicHash::Sha1)
                             .toHex();
            prepared.append(std::move(chunk));
        }
    }
    const std::optional<bool> exists = collectionExists(error);
    if (!exists) {
        return false;
    }
    m_exists = *exists;
    QHash<QString, StoredPoint> stored;
    if (*exists) {
        std::optional<QHash<QString, StoredPoint>> points = storedPoints(error);
        if (!points) {
            return false;
        }
        stored = std::move(*points);
    }
    QList<const PreparedChunk*> changed;
    QSet<QString> currentIds;
    QSet<QString> changedPaths;
    for (const PreparedChunk& chunk : std::as_const(prepared)) {
        currentIds.insert(chunk.id);
        const auto previous = stored.constFind(chunk.id);
        if (previous == stored.constEnd() || previous->sha1 != chunk.sha1) {
            changed.append(&chunk);
            changedPaths.insert(chunk.chunk.path);
        }
    }
    QStringList staleIds;
    QSet<QString> removedPaths;
    for (auto point = stored.constBegin(); point != stored.constEnd(); ++point) {
        if (currentIds.contains(point.key())) {
            continue;
        }
        staleIds.append(point.key());
        if (presentPaths.contains(point->path)) {
            changedPaths.insert(point->path);
        } else {
            removedPaths.insert(point->path);
        }
    }
    for (qsizetype start = 0; start < changed.size(); start += EmbeddingClient::MaxBatchInputs) {
        const qsizetype end = std::min<qsizetype>(start + EmbeddingClient::MaxBatchInputs, changed.size());
        QStringList texts;
        for (qsizetype index = start; index < end; ++index) {
            texts.append(changed.at(index)->embeddedText);
        }
        const std::optional<QList<QList<float>>> vectors = embed(texts, error);
        if (!vectors) {
            return false;
        }
        if (!*m_exists && !createCollection(vectors->first().size(), error)) {
            return false;
        }
        QJsonArray points;
        for (qsizetype index = start; index < end; ++index) {
            points.append(QJsonObject{{QStringLiteral("id"), changed.at(index)->id},
                                      {QStringLiteral("vector"), jsonVector(vectors->at(index - start))},
                                      {QStringLiteral("payload"), payloadOf(*changed.at(index), m_root)}});
        }
        if (!upsert(points, error)) {
            return false;
        }
        counted.chunksEmbedded += int(end - start);
    }
    for (qsizetype start = 0; start < staleIds.size(); start += DeleteBatchPoints) {
        if (!remove(staleIds.mid(start, DeleteBatchPoints), error)) {
            return false;
        }
    }
    counted.filesIndexed = int(changedPaths.size());
    counted.filesUnchanged = int(presentPaths.size() - changedPaths.size());
    counted.filesRemoved = int(removedPaths.size());
    counted.chunks = int(prepared.size());
    if (statistics) {
        *statistics = counted;
    }
    return true;
}

QList<CodeChunk> QdrantCodeIndex::search(const QStringList& terms, int limit, QString* error)
{
    const QString query = terms.join(u' ').simplified();
    // The root and whether there is a collection are known once update() ran.
    if (query.isEmpty() || limit <= 0 || m_exists != true) {
        return {};
    }
    const std::optional<QList<QList<float>>> vectors = embed({query}, error);
    if (!vectors) {
        return {};
    }
    const QString path = QStringLiteral("/collections/%1/points/search").arg(m_collection);
    const QJsonObject body{{QStringLiteral("vector"), jsonVector(vectors->first())},
                           {QStringLiteral("limit"), std::min(limit, MaxResults)},
                           {QStringLiteral("with_payload"), true},
                           {QStringLiteral("filter"), rootFilter()}};
    const std::optional<Answer> answer = call("POST", path, body, error);
    if (!answer) {
        return {};
    }
    if (answer->status == 404) {
        return {}; // nothing indexed yet
    }
    if (answer->status != 200) {
        *error = failure("POST", path, *answer);
        return {};
    }
    QList<CodeChunk> chunks;
    for (const QJsonValue& point : answer->result.toArray()) {
        const QJsonObject payload = point.toObject().value(QLatin1String("payload")).toObject();
        if (!payload.value(QLatin1String("sha1")).isString()
            || payload.value(QLatin1String("root")).toString() != m_root) {
            continue; // not a point of this folder's
        }
        chunks.append(CodeChunk{
            payload.value(QLatin1String("path")).toString(), payload.value(QLatin1String("first_line")).toInt(),
            payload.value(QLatin1String("last_line")).toInt(), payload.value(QLatin1String("symbol")).toString(),
            payload.value(QLatin1String("language")).toString(), payload.value(QLatin1String("text")).toString()});
    }
    return chunks;
}
