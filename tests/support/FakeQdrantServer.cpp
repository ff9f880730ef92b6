#include "support/FakeQdrantServer.h"

#include <algorithm>
#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace
{
FakeLlmServer::Response qdrantResult(const QJsonValue& result)
{
    const QJsonObject envelope{{QStringLiteral("result"), result},
                               {QStringLiteral("status"), QStringLiteral("ok")},
                               {QStringLiteral("time"), 0.0002}};
    return FakeLlmServer::whole(200, QJsonDocument(envelope).toJson(QJsonDocument::Compact));
}

FakeLlmServer::Response qdrantError(int status, const QString& message)
{
    const QJsonObject envelope{{QStringLiteral("status"), QJsonObject{{QStringLiteral("error"), message}}},
                               {QStringLiteral("time"), 0.0001}};
    return FakeLlmServer::whole(status, QJsonDocument(envelope).toJson(QJsonDocument::Compact));
}

FakeLlmServer::Response dimensionError(int expected, qsizetype got)
{
    return qdrantError(
        400, QStringLiteral("Wrong input: Vector dimension error: expected dim: %1, got %2").arg(expected).arg(got));
}

QList<float> vectorFrom(const QJsonArray& numbers)
{
    QList<float> vector;
    for (const QJsonValue& number : numbers) {
        vector.append(float(number.toDouble()));
    }
    return vector;
}

double cosine(const QList<float>& left, const QList<float>& right)
{
    double dot = 0;
    double leftNorm = 0;
    double rightNorm = 0;
    for (qsizetype index = 0; index < left.size() && index < right.size(); ++index) {
        dot += double(left.at(index)) * right.at(index);
        leftNorm += double(left.at(index)) * left.at(index);
        rightNorm += double(right.at(index)) * right.at(index);
    }
    return leftNorm > 0 && rightNorm > 0 ? dot / std::sqrt(leftNorm * rightNorm) : 0;
}

// The subset of Qdrant's filters QdrantCodeIndex sends: {must: [{key, match: {value}}]}, every
// condition on a top-level payload field; no filter matches every point.
bool matchesFilter(const QJsonObject& payload, const QJsonValue& filter)
{
    for (const QJsonValue& condition : filter.toObject().value(QStringLiteral("must")).toArray()) {
        const QJsonObject must = condition.toObject();
        const QJsonValue wanted = must.value(QStringLiteral("match")).toObject().value(QStringLiteral("value"));
        if (payload.value(must.value(QStringLiteral("key")).toString()) != wanted) {
            return false;
        }
    }
    return true;
}

// with_payload: true, false, or the fields to include.
QJsonObject selectedPayload(const QJsonObject& payload, const QJsonValue& withPayload)
{
    if (withPayload.isBool()) {
        return withPayload.toBool() ? payload : QJsonObject();
    }
    QJsonObject selected;
    for (const QJsonValue& field : withPayload.toArray()) {
        if (payload.contains(field.toString())) {
            selected.insert(field.toString(), payload.value(field.toString()));
        }
    }
    return selected;
}
} // namespace

FakeQdrantServer::FakeQdrantServer(QObject* parent)
    : QObject(parent)
{
    m_http.setResponder([this](const FakeLlmServer::Request& request) { return answer(request); });
}

bool FakeQdrantServer::listen()
{
    return m_http.listen();
}

QUrl FakeQdrantServer::url() const
{
    return m_http.url();
}

void FakeQdrantServer::setApiKey(const QString& key)
{
    m_apiKey = key;
}

void FakeQdrantServer::createCollection(const QString& name, int size)
{
    m_collections.insert(name, Collection{size, QStringLiteral("Cosine"), {}});
}

const QList<FakeLlmServer::Request>& FakeQdrantServer::requests() const
{
    return m_http.requests();
}

int FakeQdrantServer::count(const QByteArray& method, const QByteArray& pathEnd) const
{
    return int(
        std::count_if(m_http.requests().begin(), m_http.requests().end(), [&](const FakeLlmServer::Request& request) {
            return request.method == method && request.path.split('?').first().endsWith(pathEnd);
        }));
}

FakeLlmServer::Response FakeQdrantServer::answer(const FakeLlmServer::Request& request)
{
    if (!m_apiKey.isEmpty() && request.headers.value("api-key") != m_apiKey.toUtf8()) {
        return FakeLlmServer::whole(401, "Must provide an API key or an Authorization bearer token", "text/plain");
    }
    const QList<QByteArray> parts = request.path.split('?').first().split('/');
    // "", "collections", name[, rest...]
    if (parts.size() < 3 || parts.at(1) != "collections") {
        return qdrantError(404, QStringLiteral("Not found"));
    }
    const QString name = QString::fromUtf8(parts.at(2));
    const QByteArray rest = parts.mid(3).join('/');
    const auto collection = m_collections.find(name);
    const QString missing = QStringLiteral("Not found: Collection `%1` doesn't exist!").arg(name);
    if (request.method == "GET" && rest == "exists") {
        return qdrantResult(QJsonObject{{QStringLiteral("exists"), collection != m_collections.end()}});
    }
    if (request.method == "PUT" && rest.isEmpty()) {
        if (collection != m_collections.end()) {
            return qdrantError(409, QStringLiteral("Wrong input: Collection `%1` already exists!").arg(name));
        }
        const QJsonObject vectors = request.json().value(QStringLiteral("vectors")).toObject();
        const int size = vectors.value(QStringLiteral("size")).toInt();
        if (size <= 0) {
            return qdrantError(422, QStringLiteral("Json deserialize error: missing field `size`"));
        }
        m_collections.insert(name, Collection{size, vectors.value(QStringLiteral("distance")).toString(), {}});
        return qdrantResult(true);
    }
    if (collection == m_collections.end()) {
        return qdrantError(404, missing);
    }
    if (request.method == "PUT" && rest == "points") {
        return upsert(*collection, request.json());
    }
    if (request.method == "POST" && rest == "points/scroll") {
        return scroll(*collection, request.json());
    }
    if (request.method == "POST" && rest == "points/search") {
        return search(*collection, request.json());
    }
    if (request.method == "POST" && rest == "points/delete") {
        for (const QJsonValue& id : request.json().value(QStringLiteral("points")).toArray()) {
            collection->points.remove(id.toString());
        }
        return qdrantResult(QJsonObject{{QStringLiteral("operation_id"), ++m_operation},
                                        {QStringLiteral("status"), QStringLiteral("completed")}});
    }
    return qdrantError(404, QStringLiteral("Not found"));
}

FakeLlmServer::Response FakeQdrantServer::upsert(Collection& collection, const QJsonObject& body)
{
    QMap<QString, Point> points;
    for (const QJsonValue& value : body.value(QStringLiteral("points")).toArray()) {
        const QJsonObject point = value.toObject();
        const QString id = point.value(QStringLiteral("id")).toString();
        if (QUuid::fromString(id).isNull()) {
            return qdrantError(400, QStringLiteral("Unable to parse UUID: %1").arg(id));
        }
        const QList<float> vector = vectorFrom(point.value(QStringLiteral("vector")).toArray());
        if (vector.size() != collection.size) {
            return dimensionError(collection.size, vector.size());
        }
        points.insert(id, Point{vector, point.value(QStringLiteral("payload")).toObject()});
    }
    collection.points.insert(points);
    return qdrantResult(QJsonObject{{QStringLiteral("operation_id"), ++m_operation},
                                    {QStringLiteral("status"), QStringLiteral("completed")}});
}

FakeLlmServer::Response FakeQdrantServer::scroll(const Collection& collection, const QJsonObject& body) const
{
    const int limit = body.value(QStringLiteral("limit")).toInt(10);
    auto point = body.contains(QStringLiteral("offset"))
        ? collection.points.lowerBound(body.value(QStringLiteral("offset")).toString())
        : collection.points.begin();
    QJsonArray page;
    const QJsonValue filter = body.value(QStringLiteral("filter"));
    for (; point != collection.points.end() && page.size() < limit; ++point) {
        if (!matchesFilter(point->payload, filter)) {
            continue;
        }
        page.append(QJsonObject{
            {QStringLiteral("id"), point.key()},
            {QStringLiteral("payload"), selectedPayload(point->payload, body.value(QStringLiteral("with_payload")))}});
    }
    const QJsonValue next = point == collection.points.end() ? QJsonValue() : QJsonValue(point.key());
    return qdrantResult(QJsonObject{{QStringLiteral("points"), page}, {QStringLiteral("next_page_offset"), next}});
}

FakeLlmServer::Response FakeQdrantServer::search(const Collection& collection, const QJsonObject& body) const
{
    const QList<float> query = vectorFrom(body.value(QStringLiteral("vector")).toArray());
    if (query.size() != collection.size) {
        return dimensionError(collection.size, query.size());
    }
    if (!body.value(QStringLiteral("limit")).isDouble()) {
        return qdrantError(422, QStringLiteral("Json deserialize error: missing field `limit`"));
    }
    QList<std::pair<double, QString>> scored;
    for (auto point = collection.points.begin(); point != collection.points.end(); ++point) {
        if (!matchesFilter(point->payload, body.value(QStringLiteral("filter")))) {
            continue;
        }
        scored.append({cosine(query, point->vector), point.key()});
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& left, const auto& right) { return left.first > right.first; });
    QJsonArray result;
    const qsizetype limit = body.value(QStringLiteral("limit")).toInt();
    for (qsizetype index = 0; index < scored.size() && index < limit; ++index) {
        const Point& point = collection.points.value(scored.at(index).second);
        result.append(QJsonObject{
            {QStringLiteral("id"), scored.at(index).second},
            {QStringLiteral("version"), m_operation},
            {QStringLiteral("score"), scored.at(index).first},
            {QStringLiteral("payload"), selectedPayload(point.payload, body.value(QStringLiteral("with_payload")))}});
    }
    return qdrantResult(result);
}
