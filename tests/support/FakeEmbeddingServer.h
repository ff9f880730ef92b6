#pragma once

#include "support/FakeLlmServer.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

// A stand-in for an embeddings API on 127.0.0.1, over FakeLlmServer's raw HTTP: OpenAI's
// POST /v1/embeddings and Ollama's POST /api/embed. A text's vector marks the words it has (split
// at anything not a letter or digit, lower-cased, with a toy stemmer: `creating`, `create` and
// `creates` are one word), each once, in a dimension its hash picks, so that texts sharing words
// are near by cosine and a word repeated does not outweigh the others. OpenAI's `data` come in
// reverse order, so that a client must match them by index. With a key set, a request without it
// gets OpenAI's 401, the key it sent quoted back.
class FakeEmbeddingServer : public QObject
{
    Q_OBJECT

public:
    explicit FakeEmbeddingServer(QObject* parent = nullptr);

    bool listen();
    QUrl url() const;
    void setDimension(int dimension);
    void setKey(const QString& key);
    // The next count requests get OpenAI's 429 with `Retry-After: 1`.
    void rateLimitNext(int count);
    const QList<FakeLlmServer::Request>& requests() const;
    // The texts embedded, over every request, in the order they came.
    QStringList inputs() const;

    static QList<float> embedding(const QString& text, int dimension);

private:
    FakeLlmServer::Response answer(const FakeLlmServer::Request& request);

    FakeLlmServer m_http;
    int m_dimension = 256;
    QString m_key;
    int m_rateLimited = 0;
};
