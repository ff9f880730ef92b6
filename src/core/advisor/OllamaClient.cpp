#include "advisor/OllamaClient.h"

#include "advisor/HttpText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

OllamaClient::OllamaClient(LlmEndpoint endpoint, QObject* parent)
    : StreamingLlmClient(std::move(endpoint), parent)
{ }

QUrl OllamaClient::chatUrl(const QUrl& baseUrl)
{
    QUrl root = baseUrl;
    QString path = baseUrl.path();
    while (path.endsWith(QLatin1Char('/'))) {
        path.chop(1);
    }
    if (path.endsWith(QLatin1String("/api")) || path.endsWith(QLatin1String("/v1"))) {
        path.chop(3);
    }
    root.setPath(path);
    return HttpText::withPath(root, QStringLiteral("/api/chat"));
}

qint64 OllamaClient::estimatedTokens(const LlmRequest& request)
{
    qint64 characters = 0;
    for (const LlmMessage& message : request.messages) {
        characters += message.content.size();
    }
    return (characters + 2) / 3 + request.maxOutputTokens;
}

int OllamaClient::contextSize(const LlmRequest& request)
{
    const qint64 tokens = estimatedTokens(request);
    int size = MinimumContext;
    while (size < tokens && size < MaximumContext) {
        size *= 2;
    }
    return size;
}

std::optional<LlmError> OllamaClient::checkRequest(const LlmRequest& request) const
{
    const qint64 tokens = estimatedTokens(request);
    if (tokens <= MaximumContext) {
        return std::nullopt;
    }
    // Sent anyway, it would be cut silently, its start lost.
    return LlmError{.kind = LlmErrorKind::ContextTooLong,
                    .message = QStringLiteral("the prompt is too long for %1 at %2: about %3 tokens with the answer, "
                                              "more than the %4 this client asks Ollama for")
                                   .arg(endpoint().model, providerName())
                                   .arg(tokens)
                                   .arg(MaximumContext),
                    .httpStatus = 0};
}

StreamingLlmClient::HttpCall OllamaClient::makeCall(const LlmRequest& request)
{
    QNetworkRequest networkRequest = jsonRequest(chatUrl(endpoint().baseUrl), "application/x-ndjson");
    // Ollama itself takes no key; one set is for a proxy in front of it.
    if (!endpoint().apiKey.isEmpty()) {
        networkRequest.setRawHeader("Authorization", "Bearer " + endpoint().apiKey.toUtf8());
    }
    QJsonArray messages;
    for (const LlmMessage& message : request.messages) {
        messages.append(
            QJsonObject{{QStringLiteral("role"), message.role}, {QStringLiteral("content"), message.content}});
    }
    const QJsonObject options{{QStringLiteral("num_ctx"), contextSize(request)},
                              {QStringLiteral("num_predict"), request.maxOutputTokens},
                              {QStringLiteral("temperature"), request.temperature}};
    const QJsonObject body{{QStringLiteral("model"), endpoint().model},
                           {QStringLiteral("messages"), messages},
                           {QStringLiteral("stream"), true},
                           {QStringLiteral("options"), options}};
    m_maxOutputTokens = request.maxOutputTokens;
    return {networkRequest, QJsonDocument(body).toJson(QJsonDocument::Compact)};
}

void OllamaClient::beginStream()
{
    m_lines.reset();
    m_done = false;
}

StreamingLlmClient::StreamProgress OllamaClient::readStream(QByteArrayView bytes)
{
    StreamProgress progress;
    const QList<QByteArray> lines = m_lines.feed(bytes);
    for (const QByteArray& line : lines) {
        readLine(line, &progress);
        if (progress.ended || progress.failure) {
            break;
        }
    }
    return progress;
}

void OllamaClient::readLine(const QByteArray& line, StreamProgress* progress)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (!document.isObject()) {
        progress->failure = notJson(line, parseError.errorString());
        return;
    }
    const QJsonObject object = document.object();
    // Before done: an error line has no done field, and waiting for one would wait forever.
    if (object.contains(QLatin1String("error"))) {
        progress->failure = errorFailure(200, object.value(QLatin1String("error")).toString());
        return;
    }
    progress->pieces << object.value(QLatin1String("message")).toObject().value(QLatin1String("content")).toString();
    if (!object.value(QLatin1String("done")).toBool()) {
        return;
    }
    m_done = true;
    // prompt_eval_count is missing when the whole prompt came from Ollama's cache.
    progress->usage.inputTokens = object.value(QLatin1String("prompt_eval_count")).toInteger(-1);
    progress->usage.outputTokens = object.value(QLatin1String("eval_count")).toInteger(-1);
    if (object.value(QLatin1String("done_reason")).toString() == QLatin1String("length")) {
        progress->failure = StreamFailure{
            .kind = LlmErrorKind::Truncated,
            .detail = QStringLiteral("it stopped at the limit of %1 output tokens").arg(m_maxOutputTokens)};
    } else {
        progress->ended = true;
    }
}

StreamingLlmClient::StreamProgress OllamaClient::endStream()
{
    StreamProgress progress;
    const QByteArray rest = m_lines.takeRest();
    if (!rest.isEmpty()) {
        readLine(rest, &progress);
    }
    if (!progress.ended && !progress.failure) {
        progress.failure = StreamFailure{.kind = LlmErrorKind::Truncated,
                                         .detail = QStringLiteral("the stream closed before its done line")};
    }
    return progress;
}

StreamingLlmClient::StreamFailure OllamaClient::httpFailure(int status, const QByteArray& body) const
{
    const QJsonValue error = QJsonDocument::fromJson(body).object().value(QLatin1String("error"));
    if (error.isString()) {
        return errorFailure(status, error.toString());
    }
    StreamFailure failure = errorFailure(status, HttpText::snippet(body));
    if (status == 404) {
        // Not Ollama's error format: something else answers at that address.
        failure.kind = LlmErrorKind::BadReply;
        failure.detail
            = QStringLiteral("nothing answers at %1 (it sent %2); check the base URL")
                  .arg(chatUrl(endpoint().baseUrl).toDisplayString(QUrl::RemoveUserInfo), HttpText::snippet(body));
    }
    return failure;
}

StreamingLlmClient::StreamFailure OllamaClient::errorFailure(int status, const QString& message)
{
    LlmErrorKind kind = status == 200 ? LlmErrorKind::MidStream : kindOfStatus(status);
    // "model 'x' not found, try pulling it first"
    if (message.contains(QLatin1String("model"), Qt::CaseInsensitive)
        && message.contains(QLatin1String("not found"), Qt::CaseInsensitive)) {
        kind = LlmErrorKind::UnknownModel;
    } else if (message.contains(QLatin1String("context length"), Qt::CaseInsensitive)
               || message.contains(QLatin1String("context window"), Qt::CaseInsensitive)) {
        kind = LlmErrorKind::ContextTooLong;
    }
    return {.kind = kind, .detail = message};
}
