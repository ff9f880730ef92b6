#include "settings/ConnectionTester.h"

#include "advisor/AnthropicClient.h"
#include "advisor/GeminiClient.h"
#include "advisor/OllamaClient.h"
#include "advisor/OpenAiClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace
{
constexpr int Unauthorized = 401;
constexpr int Forbidden = 403;
constexpr qsizetype MaximumMessageLength = 300;

QString withoutKey(QString text, const QString& apiKey)
{
    if (!apiKey.isEmpty()) {
        text.replace(apiKey, QStringLiteral("•••"));
    }
    return text;
}

// url with its path's tail replaced, and no query.
QUrl withTail(QUrl url, QLatin1String tail, QLatin1String replacement)
{
    QString path = url.path();
    path.chop(tail.size());
    url.setPath(path + replacement);
    url.setQuery(QString());
    return url;
}

// The list of models beside the endpoint the advisor's client would call, from the same base URL.
QUrl modelListUrl(LlmProvider provider, const QUrl& base)
{
    switch (provider) {
    case LlmProvider::Anthropic:
        return withTail(AnthropicClient::messagesUrl(base), QLatin1String("/messages"), QLatin1String("/models"));
    case LlmProvider::Gemini:
        // A stand-in model's stream, less the model: {base}/v1beta/models.
        return withTail(GeminiClient::streamUrl(base, QStringLiteral("m")), QLatin1String("/m:streamGenerateContent"),
                        QLatin1String());
    case LlmProvider::Ollama:
        return withTail(OllamaClient::chatUrl(base), QLatin1String("/chat"), QLatin1String("/tags"));
    case LlmProvider::OpenAi:
    case LlmProvider::OpenRouter:
    case LlmProvider::OpenAiCompatible:
        break;
    }
    return withTail(OpenAiClient::completionsUrl(base), QLatin1String("/chat/completions"), QLatin1String("/models"));
}

QNetworkRequest modelListRequest(LlmProvider provider, const QUrl& base, const QString& apiKey)
{
    QNetworkRequest request(modelListUrl(provider, base));
    request.setTransferTimeout(ConnectionTester::TimeoutMs);
    request.setRawHeader("Accept", "application/json");
    if (apiKey.isEmpty()) {
        return request;
    }
    switch (provider) {
    case LlmProvider::Anthropic:
        request.setRawHeader("x-api-key", apiKey.toUtf8());
        request.setRawHeader("anthropic-version", AnthropicClient::ApiVersion);
        break;
    case LlmProvider::Gemini:
        request.setRawHeader("x-goog-api-key", apiKey.toUtf8());
        break;
    case LlmProvider::OpenAi:
    case LlmProvider::OpenRouter:
    case LlmProvider::OpenAiCompatible:
    case LlmProvider::Ollama:
        request.setRawHeader("Authorization", "Bearer " + apiKey.toUtf8());
        break;
    }
    return request;
}

// OpenAI, Anthropic and OpenRouter answer {data: [...]}; Gemini and Ollama {models: [...]}.
qsizetype modelCount(const QJsonObject& answer)
{
    if (answer.value(QStringLiteral("data")).isArray()) {
        return answer.value(QStringLiteral("data")).toArray().size();
    }
    return answer.value(QStringLiteral("models")).toArray().size();
}

QString providerMessage(const QByteArray& body)
{
    const QJsonObject answer = QJsonDocument::fromJson(body).object();
    const QJsonValue error = answer.value(QStringLiteral("error"));
    const QString message
        = error.isObject() ? error.toObject().value(QStringLiteral("message")).toString() : error.toString();
    return message.left(MaximumMessageLength);
}
} // namespace

ConnectionTester::ConnectionTester(QObject* parent)
    : QObject(parent)
{ }

ConnectionTester::~ConnectionTester()
{
    if (m_reply) {
        m_reply->abort();
    }
}

void ConnectionTester::test(LlmProvider provider, const QString& baseUrl, const QString& apiKey)
{
    if (m_reply) {
        m_reply->abort();
    }
    const QUrl base(baseUrl.trimmed());
    if (!base.isValid() || base.host().isEmpty()
        || (base.scheme() != QLatin1String("http") && base.scheme() != QLatin1String("https"))) {
        emit finished(
            false,
            tr("Enter the provider's base URL, for example %1").arg(LlmProviders::defaultBaseUrl(provider).toString()));
        return;
    }
    if (LlmProviders::needsKey(provider) && apiKey.isEmpty()) {
        emit finished(false, tr("Enter the API key first."));
        return;
    }
    QNetworkReply* reply = m_network.get(modelListRequest(provider, base, apiKey));
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, apiKey] { replyFinished(reply, apiKey); });
}

bool ConnectionTester::isRunning() const
{
    return !m_reply.isNull();
}

void ConnectionTester::replyFinished(QNetworkReply* reply, const QString& apiKey)
{
    reply->deleteLater();
    if (reply != m_reply) {
        return; // replaced by a newer test
    }
    m_reply.clear();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == Unauthorized || status == Forbidden) {
        // Some providers quote the key they refused: say nothing of theirs.
        emit finished(false, tr("The provider refused the key (HTTP %1).").arg(status));
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        const QString detail = providerMessage(body);
        const QString reason = status > 0 ? tr("HTTP %1").arg(status) : reply->errorString();
        emit finished(false,
                      withoutKey(detail.isEmpty() ? tr("No connection: %1").arg(reason)
                                                  : tr("No connection: %1: %2").arg(reason, detail),
                                 apiKey));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument answer = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !answer.isObject()) {
        emit finished(false, tr("The server answered, but not with a list of models: is the base URL right?"));
        return;
    }
    const qsizetype models = modelCount(answer.object());
    emit finished(
        true, models == 1 ? tr("Connected: 1 model available.") : tr("Connected: %1 models available.").arg(models));
}
