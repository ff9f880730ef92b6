#include "advisor/EmbeddingClient.h"

#include "advisor/OllamaClient.h"
#include "advisor/OpenAiClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace
{
// 64 vectors of 3,072 dimensions (text-embedding-3-large) take about 4 MB of JSON.
constexpr qsizetype MaxEmbeddingReplyBytes = 64 * 1024 * 1024;

// Where the chat client of the endpoint's family posts, which its error messages name.
QUrl chatUrlFor(const LlmEndpoint& endpoint)
{
    return endpoint.provider == LlmProvider::Ollama ? OllamaClient::chatUrl(endpoint.baseUrl)
                                                    : OpenAiClient::completionsUrl(endpoint.baseUrl);
}

std::optional<QList<float>> vectorOf(const QJsonValue& value)
{
    const QJsonArray numbers = value.toArray();
    if (numbers.isEmpty()) {
        return std::nullopt;
    }
    QList<float> vector;
    vector.reserve(numbers.size());
    for (const QJsonValue& number : numbers) {
        if (!number.isDouble()) {
            return std::nullopt;
        }
        vector.append(static_cast<float>(number.toDouble()));
    }
    return vector;
}

// The reply's vectors in the inputs' order, or nullopt with what is wrong in problem.
std::optional<QList<QList<float>>> readVectors(LlmProvider provider, const QJsonObject& reply, qsizetype inputCount,
                                               QString* problem)
{
    QList<QList<float>> vectors(inputCount);
    if (provider == LlmProvider::Ollama) {
        const QJsonArray embeddings = reply.value(QLatin1String("embeddings")).toArray();
        if (embeddings.size() != inputCount) {
            *problem = QStringLiteral("it sent %1 embeddings for %2 inputs").arg(embeddings.size()).arg(inputCount);
            return std::nullopt;
        }
        for (qsizetype index = 0; index < inputCount; ++index) {
            std::optional<QList<float>> vector = vectorOf(embeddings.at(index));
            if (!vector) {
                *problem = QStringLiteral("embedding %1 is not an array of numbers").arg(index);
                return std::nullopt;
            }
            vectors[index] = std::move(*vector);
        }
    } else {
        const QJsonArray data = reply.value(QLatin1String("data")).toArray();
        if (data.size() != inputCount) {
            *problem = QStringLiteral("it sent %1 embeddings for %2 inputs").arg(data.size()).arg(inputCount);
            return std::nullopt;
        }
        QSet<qsizetype> seen;
        for (const QJsonValue& item : data) {
            const QJsonValue index = item.toObject().value(QLatin1String("index"));
            const qsizetype position = index.toInteger(-1);
            if (!index.isDouble() || position < 0 || position >= inputCount || seen.contains(position)) {
                *problem = QStringLiteral("an embedding's index is missing, repeated or out of range");
                return std::nullopt;
            }
            seen.insert(position);
            std::optional<QList<float>> vector = vectorOf(item.toObject().value(QLatin1String("embedding")));
            if (!vector) {
                *problem = QStringLiteral("embedding %1 is not an array of numbers").arg(position);
                return std::nullopt;
            }
            vectors[position] = std::move(*vector);
        }
    }
    for (const QList<float>& vector : std::as_const(vectors)) {
        if (vector.size() != vectors.first().size()) {
            *problem = QStringLiteral("its embeddings differ in dimension");
            return std::nullopt;
        }
    }
    return vectors;
}

// One batch's request through the family's chat client: the texts travel as the request's
// messages, one each; the vectors are written to *vectors before finished().
template<typename ChatClient>
class EmbeddingCall final : public ChatClient
{
public:
    using HttpCall = typename ChatClient::HttpCall;
    using StreamProgress = typename ChatClient::StreamProgress;
    using StreamFailure = typename ChatClient::StreamFailure;

    EmbeddingCall(LlmEndpoint endpoint, QList<QList<float>>* vectors)
        : ChatClient(std::move(endpoint))
        , m_vectors(vectors)
    { }

protected:
    std::optional<LlmError> checkRequest(const LlmRequest&) const override
    {
        return std::nullopt; // batches are bounded by EmbeddingClient, not by a context window
    }

    HttpCall makeCall(const LlmRequest& request) override
    {
        QNetworkRequest networkRequest
            = this->jsonRequest(EmbeddingClient::embeddingsUrl(this->endpoint()), "application/json");
        if (!this->endpoint().apiKey.isEmpty()) {
            networkRequest.setRawHeader("Authorization", "Bearer " + this->endpoint().apiKey.toUtf8());
        }
        QJsonArray inputs;
        for (const LlmMessage& message : request.messages) {
            inputs.append(message.content);
        }
        m_inputCount = inputs.size();
        QJsonObject body{{QStringLiteral("input"), inputs}};
        if (!this->endpoint().model.isEmpty()) {
            body.insert(QStringLiteral("model"), this->endpoint().model);
        }
        return {networkRequest, QJsonDocument(body).toJson(QJsonDocument::Compact)};
    }

    void beginStream() override
    {
        m_body.clear();
    }

    StreamProgress readStream(QByteArrayView bytes) override
    {
        StreamProgress progress;
        if (m_body.size() + bytes.size() > MaxEmbeddingReplyBytes) {
            progress.failure = StreamFailure{
                .kind = LlmErrorKind::BadReply,
                .detail = QStringLiteral("its reply is larger than %1 MB").arg(MaxEmbeddingReplyBytes >> 20)};
            return progress;
        }
        m_body.append(bytes);
        return progress;
    }

    StreamProgress endStream() override
    {
        StreamProgress progress;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(m_body, &parseError);
        if (!document.isObject()) {
            progress.failure = this->notJson(m_body, parseError.errorString());
            return progress;
        }
        QString problem;
        std::optional<QList<QList<float>>> vectors
            = readVectors(this->endpoint().provider, document.object(), m_inputCount, &problem);
        if (!vectors) {
            progress.failure = StreamFailure{.kind = LlmErrorKind::BadReply, .detail = problem};
            return progress;
        }
        *m_vectors = std::move(*vectors);
        progress.ended = true;
        return progress;
    }

    StreamFailure httpFailure(int status, const QByteArray& body) const override
    {
        StreamFailure failure = ChatClient::httpFailure(status, body);
        // The chat client names its own path where nothing answers.
        failure.detail.replace(chatUrlFor(this->endpoint()).toDisplayString(QUrl::RemoveUserInfo),
                               EmbeddingClient::embeddingsUrl(this->endpoint()).toDisplayString(QUrl::RemoveUserInfo));
        return failure;
    }

private:
    QList<QList<float>>* m_vectors;
    qsizetype m_inputCount = 0;
    QByteArray m_body;
};
} // namespace

bool EmbeddingClient::supports(LlmProvider provider)
{
    return provider == LlmProvider::OpenAi || provider == LlmProvider::OpenAiCompatible
        || provider == LlmProvider::Ollama;
}

QString EmbeddingClient::defaultModel(LlmProvider provider)
{
    switch (provider) {
    case LlmProvider::OpenAi:
        return QStringLiteral("text-embedding-3-small");
    case LlmProvider::Ollama:
        return QStringLiteral("nomic-embed-text");
    case LlmProvider::Anthropic:
    case LlmProvider::Gemini:
    case LlmProvider::OpenRouter:
    case LlmProvider::OpenAiCompatible:
        break;
    }
    return {};
}

QUrl EmbeddingClient::embeddingsUrl(const LlmEndpoint& endpoint)
{
    // The chat clients' URL conventions, the chat's part of the path swapped: /api/chat becomes
    // /api/embed, /v1/chat/completions /v1/embeddings.
    const bool ollama = endpoint.provider == LlmProvider::Ollama;
    QUrl url = chatUrlFor(endpoint);
    QString path = url.path();
    path.chop(QLatin1String(ollama ? "chat" : "chat/completions").size());
    url.setPath(path + QLatin1String(ollama ? "embed" : "embeddings"));
    return url;
}

EmbeddingClient::EmbeddingClient(LlmEndpoint endpoint, QObject* parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
{
    if (m_endpoint.provider == LlmProvider::Ollama) {
        m_call = std::make_unique<EmbeddingCall<OllamaClient>>(m_endpoint, &m_batchVectors);
    } else {
        m_call = std::make_unique<EmbeddingCall<OpenAiClient>>(m_endpoint, &m_batchVectors);
    }
    connect(m_call.get(), &LlmClient::finished, this, &EmbeddingClient::batchArrived);
    connect(m_call.get(), &LlmClient::retrying, this, &EmbeddingClient::retrying);
    connect(m_call.get(), &LlmClient::failed, this, [this](const LlmError& error) {
        m_texts.clear();
        m_vectors.clear();
        emit failed(error);
    });
}

EmbeddingClient::~EmbeddingClient() = default;

void EmbeddingClient::embed(const QStringList& texts)
{
    m_texts = texts;
    m_vectors.clear();
    m_batchStart = 0;
    if (texts.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this] { emit finished({}); }, Qt::QueuedConnection);
        return;
    }
    sendBatch();
}

void EmbeddingClient::cancel()
{
    m_call->cancel();
}

void EmbeddingClient::sendBatch()
{
    LlmRequest request;
    qsizetype characters = 0;
    m_batchSize = 0;
    while (m_batchStart + m_batchSize < m_texts.size() && m_batchSize < MaxBatchInputs) {
        const QString& text = m_texts.at(m_batchStart + m_batchSize);
        if (m_batchSize > 0 && characters + text.size() > MaxBatchCharacters) {
            break;
        }
        characters += text.size();
        request.messages.append({QStringLiteral("user"), text});
        ++m_batchSize;
    }
    m_call->send(request);
}

void EmbeddingClient::batchArrived()
{
    if (!m_vectors.isEmpty() && m_batchVectors.first().size() != m_vectors.first().size()) {
        m_texts.clear();
        m_vectors.clear();
        emit failed({.kind = LlmErrorKind::BadReply,
                     .message = QStringLiteral("the embeddings from %1 changed dimension between two requests")
                                    .arg(LlmProviders::displayName(m_endpoint.provider)),
                     .httpStatus = 0});
        return;
    }
    m_vectors.append(std::exchange(m_batchVectors, {}));
    m_batchStart += m_batchSize;
    if (m_batchStart < m_texts.size()) {
        sendBatch();
        return;
    }
    m_texts.clear();
    emit finished(std::exchange(m_vectors, {}));
}
