#pragma once

#include "support/FakeLlmServer.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QUrl>

// A stand-in for a Qdrant server on 127.0.0.1, over FakeLlmServer's raw HTTP, that keeps its
// collections and points in memory and answers the REST subset QdrantCodeIndex uses, in Qdrant's
// envelope ({"result": …, "status": "ok", "time": …}) and with its error shapes
// ({"status": {"error": …}, "time": …}: 404 for a missing collection, 409 for one made twice,
// 400 "Wrong input" for a vector of another dimension or an id that is not a UUID):
// GET /collections/{c}/exists, PUT /collections/{c}, PUT /collections/{c}/points?wait=true,
// POST /collections/{c}/points/scroll, /points/delete and /points/search (real cosine similarity,
// best first), scroll and search with the `must` filters of a payload field's value. With an API key set, a request
// without it in the api-key header gets a 401.
class FakeQdrantServer : public QObject
{
    Q_OBJECT

public:
    struct Point
    {
        QList<float> vector;
        QJsonObject payload;
    };

    struct Collection
    {
        int size = 0;
        QString distance;
        QMap<QString, Point> points; // by id
    };

    explicit FakeQdrantServer(QObject* parent = nullptr);

    bool listen();
    QUrl url() const;
    void setApiKey(const QString& key);
    void createCollection(const QString& name, int size);
    const QMap<QString, Collection>& collections() const
    {
        return m_collections;
    }
    const QList<FakeLlmServer::Request>& requests() const;
    // The requests whose method and path (without the query) are these.
    int count(const QByteArray& method, const QByteArray& pathEnd) const;

private:
    FakeLlmServer::Response answer(const FakeLlmServer::Request& request);
    FakeLlmServer::Response upsert(Collection& collection, const QJsonObject& body);
    FakeLlmServer::Response scroll(const Collection& collection, const QJsonObject& body) const;
    FakeLlmServer::Response search(const Collection& collection, const QJsonObject& body) const;

    FakeLlmServer m_http;
    QString m_apiKey;
    QMap<QString, Collection> m_collections;
    int m_operation = 0;
};
