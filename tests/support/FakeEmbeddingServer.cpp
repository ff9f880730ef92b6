#include "support/FakeEmbeddingServer.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace
{
QString stemmed(QString word)
{
    for (const QLatin1String suffix : {QLatin1String("ing"), QLatin1String("s"), QLatin1String("e")}) {
        if (word.size() > suffix.size() + 2 && word.endsWith(suffix)) {
            word.chop(suffix.size());
        }
    }
    return word;
}

FakeLlmServer::Response embeddingAnswer(int status, const QJsonObject& body)
{
    return FakeLlmServer::whole(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}
} // namespace

FakeEmbeddingServer::FakeEmbeddingServer(QObject* parent)
    : QObject(parent)
{
    m_http.setResponder([this](const FakeLlmServer::Request& request) { return answer(request); });
}

bool FakeEmbeddingServer::listen()
{
    return m_http.listen();
}

QUrl FakeEmbeddingServer::url() const
{
    return m_http.url();
}

void FakeEmbeddingServer::setDimension(int dimension)
{
    m_dimension = dimension;
}

void FakeEmbeddingServer::setKey(const QString& key)
{
    m_key = key;
}

const QList<FakeLlmServer::Request>& FakeEmbeddingServer::requests() const
{
    return m_http.requests();
}

QStringList FakeEmbeddingServer::inputs() const
{
    QStringList texts;
    for (const FakeLlmServer::Request& request : m_http.requests()) {
        for (const QJsonValue& input : request.json().value(QStringLiteral("input")).toArray()) {
            texts.append(input.toString());
        }
    }
    return texts;
}

QList<float> FakeEmbeddingServer::embedding(const QString& text, int dimension)
{
    QList<float> vector(dimension, 0.0f);
    QString word;
    const auto count = [&vector, &word, dimension] {
        if (!word.isEmpty()) {
            vector[int(qHash(stemmed(word), 0) % uint(dimension))] = 1.0f;
            word.clear();
        }
    };
    for (const QChar character : text) {
        if (character.isLetterOrNumber()) {
            word += character.toLower();
        } else {
            count();
        }
    }
    count();
    // No text is the zero vector, which has no cosine.
    vector[0] += 0.01f;
    return vector;
}

void FakeEmbeddingServer::rateLimitNext(int count)
{
    m_rateLimited = count;
}

FakeLlmServer::Response FakeEmbeddingServer::answer(const FakeLlmServer::Request& request)
{
    if (m_rateLimited > 0) {
        --m_rateLimited;
        return FakeLlmServer::error(
            429,
            R"({"error":{"message":"Rate limit reached for text-embedding-3-small","type":"requests","code":"rate_limit_exceeded"}})",
            {{"Retry-After", "1"}});
    }
    const bool ollama = request.path == "/api/embed";
    if (!ollama && request.path != "/v1/embeddings") {
        return embeddingAnswer(404, {{QStringLiteral("error"), QStringLiteral("404 page not found")}});
    }
    const QByteArray sentKey = request.headers.value("authorization").mid(int(sizeof("Bearer ")) - 1);
    if (!m_key.isEmpty() && sentKey != m_key.toUtf8()) {
        return embeddingAnswer(401,
                               {{QStringLiteral("error"),
                                 QJsonObject{{QStringLiteral("message"),
                                              QStringLiteral("Incorrect API key provided: %1. You can find your API "
                                                             "key at https://platform.openai.com/account/api-keys.")
                                                  .arg(QString::fromUtf8(sentKey))},
                                             {QStringLiteral("type"), QStringLiteral("invalid_request_error")},
                                             {QStringLiteral("code"), QStringLiteral("invalid_api_key")}}}});
    }
    const QJsonValue input = request.json().value(QStringLiteral("input"));
    const QStringList texts = input.isString() ? QStringList{input.toString()} : input.toVariant().toStringList();
    QJsonArray vectors;
    for (const QString& text : texts) {
        QJsonArray numbers;
        for (const float number : embedding(text, m_dimension)) {
            numbers.append(double(number));
        }
        vectors.append(numbers);
    }
    const QString model = request.json().value(QStringLiteral("model")).toString();
    if (ollama) {
        return embeddingAnswer(200, {{QStringLiteral("model"), model}, {QStringLiteral("embeddings"), vectors}});
    }
    QJsonArray data;
    for (qsizetype index = vectors.size() - 1; index >= 0; --index) {
        data.append(QJsonObject{{QStringLiteral("object"), QStringLiteral("embedding")},
                                {QStringLiteral("index"), int(index)},
                                {QStringLiteral("embedding"), vectors.at(index)}});
    }
    return embeddingAnswer(200,
                           {{QStringLiteral("object"), QStringLiteral("list")},
                            {QStringLiteral("data"), data},
                            {QStringLiteral("model"), model},
                            {QStringLiteral("usage"),
                             QJsonObject{{QStringLiteral("prompt_tokens"), 8}, {QStringLiteral("total_tokens"), 8}}}});
}
