#include "advisor/OpenAiClient.h"

#include "advisor/HttpText.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace
{
constexpr qsizetype MaxWholeAnswerBytes = 4 * 1024 * 1024;

bool mentionsContextLength(const QString& message)
{
    // OpenAI's, vLLM's and llama.cpp's wordings.
    return message.contains(QLatin1String("maximum context length"), Qt::CaseInsensitive)
        || message.contains(QLatin1String("context length"), Qt::CaseInsensitive)
        || message.contains(QLatin1String("context size"), Qt::CaseInsensitive)
        || message.contains(QLatin1String("context window"), Qt::CaseInsensitive);
}

bool mentionsUnknownModel(const QString& message)
{
    // OpenAI: "The model `x` does not exist"; OpenRouter: "x is not a valid model ID".
    return message.contains(QLatin1String("model"), Qt::CaseInsensitive)
        && (message.contains(QLatin1String("does not exist"), Qt::CaseInsensitive)
            || message.contains(QLatin1String("not found"), Qt::CaseInsensitive)
            || message.contains(QLatin1String("not a valid model"), Qt::CaseInsensitive));
}

// The error's own code: OpenAI's is a string, OpenRouter's and llama.cpp's the HTTP status.
QString codeOf(const QJsonObject& error)
{
    const QJsonValue code = error.value(QLatin1String("code"));
    return code.isDouble() ? QString::number(code.toInt()) : code.toString();
}
} // namespace

OpenAiClient::OpenAiClient(LlmEndpoint endpoint, QObject* parent)
    : StreamingLlmClient(std::move(endpoint), parent)
{ }

QUrl OpenAiClient::completionsUrl(const QUrl& baseUrl)
{
    const bool serverRoot = baseUrl.path().isEmpty() || baseUrl.path() == QLatin1String("/");
    return HttpText::withPath(
        baseUrl, serverRoot ? QStringLiteral("/v1/chat/completions") : QStringLiteral("/chat/completions"));
}

bool OpenAiClient::isReasoningModel(const QString& model)
{
    // OpenRouter's names carry the vendor: openai/o4-mini.
    const QString name = model.section(QLatin1Char('/'), -1).toLower();
    return name.startsWith(QLatin1String("o1")) || name.startsWith(QLatin1String("o3"))
        || name.startsWith(QLatin1String("o4")) || name.startsWith(QLatin1String("gpt-5"));
}

StreamingLlmClient::HttpCall OpenAiClient::makeCall(const LlmRequest& request)
{
    QNetworkRequest networkRequest = jsonRequest(completionsUrl(endpoint().baseUrl), "text/event-stream");
    if (!endpoint().apiKey.isEmpty()) {
        networkRequest.setRawHeader("Authorization", "Bearer " + endpoint().apiKey.toUtf8());
    }
    if (endpoint().provider == LlmProvider::OpenRouter) {
        // OpenRouter's attribution: the title always, the site where the application has one.
        networkRequest.setRawHeader("X-Title", "Aftershock");
        if (!QCoreApplication::organizationDomain().isEmpty()) {
            networkRequest.setRawHeader("HTTP-Referer", "https://" + QCoreApplication::organizationDomain().toUtf8());
        }
    }
    QJsonArray messages;
    for (const LlmMessage& message : request.messages) {
        messages.append(
            QJsonObject{{QStringLiteral("role"), message.role}, {QStringLiteral("content"), message.content}});
    }
    QJsonObject body{{QStringLiteral("messages"), messages}, {QStringLiteral("stream"), true}};
    // A compatible server serves the model it was started with when none is named.
    if (!endpoint().model.isEmpty()) {
        body.insert(QStringLiteral("model"), endpoint().model);
    }
    if (m_includeUsage) {
        body.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
    }
    if (isReasoningModel(endpoint().model)) {
        body.insert(QStringLiteral("max_completion_tokens"), request.maxOutputTokens);
    } else {
        body.insert(QStringLiteral("max_tokens"), request.maxOutputTokens);
        body.insert(QStringLiteral("temperature"), request.temperature);
    }
    m_maxOutputTokens = request.maxOutputTokens;
    return {networkRequest, QJsonDocument(body).toJson(QJsonDocument::Compact)};
}

void OpenAiClient::beginStream()
{
    m_events.reset();
    m_eventCount = 0;
    m_bodyStart.clear();
    m_finishReason.clear();
    m_refusal.clear();
}

StreamingLlmClient::StreamProgress OpenAiClient::readStream(QByteArrayView bytes)
{
    StreamProgress progress;
    if (m_eventCount == 0 && m_bodyStart.size() < MaxWholeAnswerBytes) {
        m_bodyStart.append(bytes);
    }
    const QList<ServerSentEvents::Event> events = m_events.feed(bytes);
    for (const ServerSentEvents::Event& event : events) {
        ++m_eventCount;
        m_bodyStart.clear();
        readEvent(event, &progress);
        if (progress.ended || progress.failure) {
            break;
        }
    }
    return progress;
}

void OpenAiClient::readEvent(const ServerSentEvents::Event& event, StreamProgress* progress)
{
    if (event.data.trimmed() == "[DONE]") {
        if (!m_refusal.isEmpty()) {
            progress->failure = StreamFailure{.kind = LlmErrorKind::Refused, .detail = m_refusal};
            return;
        }
        progress->ended = true;
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(event.data, &parseError);
    if (!document.isObject()) {
        progress->failure = notJson(event.data, parseError.errorString());
        return;
    }
    const QJsonObject chunk = document.object();
    if (chunk.value(QLatin1String("error")).isObject()) {
        progress->failure = errorFailure(200, chunk.value(QLatin1String("error")).toObject());
        return;
    }
    // Usually a chunk of its own before [DONE]; some servers put it in the last content chunk.
    const QJsonObject usage = chunk.value(QLatin1String("usage")).toObject();
    if (!usage.isEmpty()) {
        progress->usage.inputTokens = usage.value(QLatin1String("prompt_tokens")).toInteger(-1);
        progress->usage.outputTokens = usage.value(QLatin1String("completion_tokens")).toInteger(-1);
    }
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    if (choices.isEmpty()) {
        return;
    }
    const QJsonObject choice = choices.first().toObject();
    const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
    progress->pieces << delta.value(QLatin1String("content")).toString();
    m_refusal += delta.value(QLatin1String("refusal")).toString();
    const QString finishReason = choice.value(QLatin1String("finish_reason")).toString();
    if (finishReason.isEmpty()) {
        return;
    }
    m_finishReason = finishReason;
    if (finishReason == QLatin1String("content_filter")) {
        progress->failure = StreamFailure{.kind = LlmErrorKind::Refused,
                                          .detail = QStringLiteral("its content filter stopped the answer")};
    } else if (finishReason == QLatin1String("length")) {
        progress->failure = StreamFailure{
            .kind = LlmErrorKind::Truncated,
            .detail = QStringLiteral("it stopped at the limit of %1 output tokens").arg(m_maxOutputTokens)};
    } else if (finishReason == QLatin1String("error")) {
        // OpenRouter's mark of an upstream failure, when no error object came with it.
        progress->failure
            = StreamFailure{.kind = LlmErrorKind::MidStream, .detail = QStringLiteral("the upstream provider failed")};
    }
}

StreamingLlmClient::StreamProgress OpenAiClient::endStream()
{
    StreamProgress progress;
    if (m_eventCount == 0 && !m_bodyStart.trimmed().isEmpty()) {
        return readWholeAnswer();
    }
    // A server that ends its stream without [DONE] but after a finish reason has said it all.
    if (!m_finishReason.isEmpty()) {
        if (!m_refusal.isEmpty()) {
            progress.failure = StreamFailure{.kind = LlmErrorKind::Refused, .detail = m_refusal};
        } else {
            progress.ended = true;
        }
        return progress;
    }
    progress.failure = StreamFailure{.kind = LlmErrorKind::Truncated,
                                     .detail = m_eventCount == 0 ? QStringLiteral("the stream closed before any event")
                                                                 : QStringLiteral("the stream closed before [DONE]")};
    return progress;
}

StreamingLlmClient::StreamProgress OpenAiClient::readWholeAnswer() const
{
    StreamProgress progress;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(m_bodyStart, &parseError);
    if (!document.isObject()) {
        progress.failure = notJson(m_bodyStart, parseError.errorString());
        return progress;
    }
    const QJsonObject answer = document.object();
    if (answer.value(QLatin1String("error")).isObject()) {
        progress.failure = errorFailure(200, answer.value(QLatin1String("error")).toObject());
        return progress;
    }
    const QJsonObject choice = answer.value(QLatin1String("choices")).toArray().first().toObject();
    const QJsonValue content = choice.value(QLatin1String("message")).toObject().value(QLatin1String("content"));
    if (!content.isString()) {
        progress.failure = StreamFailure{
            .kind = LlmErrorKind::BadReply,
            .detail = QStringLiteral("it sent %1, not an event stream").arg(HttpText::snippet(m_bodyStart))};
        return progress;
    }
    const QJsonObject usage = answer.value(QLatin1String("usage")).toObject();
    progress.usage.inputTokens = usage.value(QLatin1String("prompt_tokens")).toInteger(-1);
    progress.usage.outputTokens = usage.value(QLatin1String("completion_tokens")).toInteger(-1);
    progress.pieces << content.toString();
    progress.ended = true;
    return progress;
}

StreamingLlmClient::StreamFailure OpenAiClient::httpFailure(int status, const QByteArray& body) const
{
    const QJsonObject answer = QJsonDocument::fromJson(body).object();
    if (answer.value(QLatin1String("error")).isObject()) {
        return errorFailure(status, answer.value(QLatin1String("error")).toObject());
    }
    // vLLM's older shape: the error's fields at the top level; FastAPI's: detail.
    if (answer.contains(QLatin1String("message"))) {
        return errorFailure(status, answer);
    }
    if (answer.value(QLatin1String("detail")).isString()) {
        return errorFailure(status, {{QStringLiteral("message"), answer.value(QLatin1String("detail"))}});
    }
    StreamFailure failure = errorFailure(status, {});
    if (status == 404) {
        // Not the server's own error format: nothing answers at that path.
        failure = {.kind = LlmErrorKind::BadReply,
                   .detail = QStringLiteral("nothing answers at %1 (it sent %2); check the base URL")
                                 .arg(completionsUrl(endpoint().baseUrl).toDisplayString(QUrl::RemoveUserInfo),
                                      HttpText::snippet(body))};
    } else {
        failure.detail = HttpText::snippet(body);
    }
    return failure;
}

StreamingLlmClient::StreamFailure OpenAiClient::errorFailure(int status, const QJsonObject& error) const
{
    const QString code = codeOf(error);
    const QString type = error.value(QLatin1String("type")).toString();
    QString message = error.value(QLatin1String("message")).toString();
    // OpenRouter passes the upstream provider's own words in metadata.raw.
    const QString raw = error.value(QLatin1String("metadata")).toObject().value(QLatin1String("raw")).toString();
    if (!raw.isEmpty() && !message.contains(raw)) {
        message = QStringLiteral("%1 (%2)").arg(message, raw.left(300));
    }
    // In a stream the status is 200; OpenRouter's numeric code is the status it would have had.
    const int effectiveStatus = status == 200 && code.toInt() >= 400 ? code.toInt() : status;
    LlmErrorKind kind = LlmErrorKind::MidStream;
    if (code == QLatin1String("context_length_exceeded") || type == QLatin1String("exceed_context_size_error")
        || mentionsContextLength(message) || effectiveStatus == 413) {
        kind = LlmErrorKind::ContextTooLong;
    } else if (code == QLatin1String("insufficient_quota") || effectiveStatus == 402) {
        kind = LlmErrorKind::QuotaExceeded;
    } else if (code == QLatin1String("invalid_api_key") || effectiveStatus == 401) {
        kind = LlmErrorKind::BadKey;
    } else if (effectiveStatus == 403) {
        // OpenRouter's 403 is its moderation flagging the prompt.
        kind = endpoint().provider == LlmProvider::OpenRouter ? LlmErrorKind::Refused : LlmErrorKind::BadKey;
    } else if (code == QLatin1String("model_not_found") || mentionsUnknownModel(message)
               || (effectiveStatus == 404 && message.contains(QLatin1String("model"), Qt::CaseInsensitive))) {
        kind = LlmErrorKind::UnknownModel;
    } else if (effectiveStatus == 404) {
        kind = LlmErrorKind::BadReply;
        message = QStringLiteral("%1; check the base URL").arg(message);
    } else if (effectiveStatus == 429 || code == QLatin1String("rate_limit_exceeded")) {
        kind = LlmErrorKind::RateLimited;
    } else if (effectiveStatus == 503 || effectiveStatus == 529) {
        kind = LlmErrorKind::Overloaded;
    } else if (effectiveStatus == 408) {
        kind = LlmErrorKind::Timeout;
    } else if (effectiveStatus >= 500 || type == QLatin1String("server_error")) {
        kind = LlmErrorKind::ServerError;
    } else if (effectiveStatus >= 400) {
        kind = LlmErrorKind::BadReply;
    }
    return {.kind = kind, .detail = message.isEmpty() ? code : message};
}

bool OpenAiClient::adaptTo(int status, const QByteArray& body)
{
    if (status == 400 && m_includeUsage && body.contains("stream_options")) {
        m_includeUsage = false;
        return true;
    }
    return false;
}
