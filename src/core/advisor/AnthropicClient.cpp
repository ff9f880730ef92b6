#include "advisor/AnthropicClient.h"

#include "advisor/HttpText.h"

#include <QJsonArray>
#include <QJsonDocument>

AnthropicClient::AnthropicClient(LlmEndpoint endpoint, QObject* parent)
    : StreamingLlmClient(std::move(endpoint), parent)
{ }

QUrl AnthropicClient::messagesUrl(const QUrl& baseUrl)
{
    const bool hasVersion
        = baseUrl.path().endsWith(QLatin1String("/v1")) || baseUrl.path().endsWith(QLatin1String("/v1/"));
    return HttpText::withPath(baseUrl, hasVersion ? QStringLiteral("/messages") : QStringLiteral("/v1/messages"));
}

StreamingLlmClient::HttpCall AnthropicClient::makeCall(const LlmRequest& request)
{
    QNetworkRequest networkRequest = jsonRequest(messagesUrl(endpoint().baseUrl), "text/event-stream");
    networkRequest.setRawHeader("x-api-key", endpoint().apiKey.toUtf8());
    networkRequest.setRawHeader("anthropic-version", ApiVersion);
    QStringList system;
    QJsonArray messages;
    for (const LlmMessage& message : request.messages) {
        if (message.role == QLatin1String("system")) {
            system << message.content;
        } else {
            messages.append(
                QJsonObject{{QStringLiteral("role"), message.role}, {QStringLiteral("content"), message.content}});
        }
    }
    QJsonObject body{{QStringLiteral("model"), endpoint().model},
                     {QStringLiteral("max_tokens"), request.maxOutputTokens},
                     {QStringLiteral("messages"), messages},
                     {QStringLiteral("stream"), true},
                     {QStringLiteral("temperature"), request.temperature}};
    if (!system.isEmpty()) {
        body.insert(QStringLiteral("system"), system.join(QStringLiteral("\n\n")));
    }
    m_maxOutputTokens = request.maxOutputTokens;
    return {networkRequest, QJsonDocument(body).toJson(QJsonDocument::Compact)};
}

void AnthropicClient::beginStream()
{
    m_events.reset();
    m_started = false;
    m_stopReason.clear();
}

StreamingLlmClient::StreamProgress AnthropicClient::readStream(QByteArrayView bytes)
{
    StreamProgress progress;
    const QList<ServerSentEvents::Event> events = m_events.feed(bytes);
    for (const ServerSentEvents::Event& event : events) {
        readEvent(event, &progress);
        if (progress.ended || progress.failure) {
            break;
        }
    }
    return progress;
}

void AnthropicClient::readEvent(const ServerSentEvents::Event& event, StreamProgress* progress)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(event.data, &parseError);
    if (!document.isObject()) {
        progress->failure = notJson(event.data, parseError.errorString());
        return;
    }
    const QJsonObject data = document.object();
    const QString type = data.value(QLatin1String("type")).toString(QString::fromUtf8(event.type));
    if (type == QLatin1String("message_start")) {
        m_started = true;
        const QJsonObject usage
            = data.value(QLatin1String("message")).toObject().value(QLatin1String("usage")).toObject();
        // Cached parts of the prompt are counted apart from the rest; the prompt is all of them.
        progress->usage.inputTokens = usage.value(QLatin1String("input_tokens")).toInteger(-1);
        if (progress->usage.inputTokens >= 0) {
            progress->usage.inputTokens += usage.value(QLatin1String("cache_creation_input_tokens")).toInteger()
                + usage.value(QLatin1String("cache_read_input_tokens")).toInteger();
        }
        progress->usage.outputTokens = usage.value(QLatin1String("output_tokens")).toInteger(-1);
    } else if (type == QLatin1String("content_block_delta")) {
        const QJsonObject delta = data.value(QLatin1String("delta")).toObject();
        if (delta.value(QLatin1String("type")).toString() == QLatin1String("text_delta")) {
            progress->pieces << delta.value(QLatin1String("text")).toString();
        }
    } else if (type == QLatin1String("message_delta")) {
        const QString stopReason
            = data.value(QLatin1String("delta")).toObject().value(QLatin1String("stop_reason")).toString();
        if (!stopReason.isEmpty()) {
            m_stopReason = stopReason;
        }
        // A running total, not an increment.
        const QJsonObject usage = data.value(QLatin1String("usage")).toObject();
        progress->usage.outputTokens = usage.value(QLatin1String("output_tokens")).toInteger(-1);
    } else if (type == QLatin1String("message_stop")) {
        if (m_stopReason == QLatin1String("max_tokens")) {
            progress->failure = StreamFailure{
                .kind = LlmErrorKind::Truncated,
                .detail = QStringLiteral("it stopped at the limit of %1 output tokens").arg(m_maxOutputTokens)};
        } else if (m_stopReason == QLatin1String("refusal")) {
            progress->failure
                = StreamFailure{.kind = LlmErrorKind::Refused, .detail = QStringLiteral("the model declined to go on")};
        } else {
            progress->ended = true;
        }
    } else if (type == QLatin1String("error")) {
        progress->failure = errorFailure(200, data.value(QLatin1String("error")).toObject());
    }
    // ping, content_block_start and content_block_stop, and event types to come, say nothing we need.
}

StreamingLlmClient::StreamProgress AnthropicClient::endStream()
{
    StreamProgress progress;
    progress.failure = StreamFailure{.kind = LlmErrorKind::Truncated,
                                     .detail = m_started ? QStringLiteral("the stream closed before message_stop")
                                                         : QStringLiteral("the stream closed before message_start")};
    return progress;
}

StreamingLlmClient::StreamFailure AnthropicClient::httpFailure(int status, const QByteArray& body) const
{
    const QJsonObject answer = QJsonDocument::fromJson(body).object();
    if (answer.value(QLatin1String("error")).isObject()) {
        return errorFailure(status, answer.value(QLatin1String("error")).toObject());
    }
    return {.kind = kindOfStatus(status), .detail = HttpText::snippet(body)};
}

StreamingLlmClient::StreamFailure AnthropicClient::errorFailure(int status, const QJsonObject& error)
{
    const QString type = error.value(QLatin1String("type")).toString();
    const QString message = error.value(QLatin1String("message")).toString();
    const QString errorCode
        = error.value(QLatin1String("details")).toObject().value(QLatin1String("error_code")).toString();
    LlmErrorKind kind = kindOfStatus(status);
    if (type == QLatin1String("authentication_error") || type == QLatin1String("permission_error")) {
        kind = LlmErrorKind::BadKey;
    } else if (type == QLatin1String("billing_error") || errorCode == QLatin1String("enforced_spend_limit_reached")
               || message.contains(QLatin1String("credit balance"), Qt::CaseInsensitive)
               || message.contains(QLatin1String("spend limit"), Qt::CaseInsensitive)) {
        kind = LlmErrorKind::QuotaExceeded;
    } else if (type == QLatin1String("request_too_large")
               || message.contains(QLatin1String("prompt is too long"), Qt::CaseInsensitive)
               || message.contains(QLatin1String("context window"), Qt::CaseInsensitive)) {
        kind = LlmErrorKind::ContextTooLong;
    } else if (type == QLatin1String("not_found_error")) {
        // "model: claude-x"; another path not found means a wrong base URL.
        kind = message.contains(QLatin1String("model"), Qt::CaseInsensitive) ? LlmErrorKind::UnknownModel
                                                                             : LlmErrorKind::BadReply;
    } else if (type == QLatin1String("rate_limit_error")) {
        kind = LlmErrorKind::RateLimited;
    } else if (type == QLatin1String("overloaded_error")) {
        kind = LlmErrorKind::Overloaded;
    } else if (type == QLatin1String("api_error")) {
        kind = LlmErrorKind::ServerError;
    } else if (type == QLatin1String("timeout_error")) {
        kind = LlmErrorKind::Timeout;
    } else if (type == QLatin1String("invalid_request_error")) {
        kind = LlmErrorKind::BadReply;
    }
    return {.kind = kind, .detail = message.isEmpty() ? type : message};
}
