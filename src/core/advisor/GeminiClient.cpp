#include "advisor/GeminiClient.h"

#include "advisor/HttpText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

namespace
{
bool isFilterReason(const QString& reason)
{
    static const QStringList reasons{QStringLiteral("SAFETY"),     QStringLiteral("PROHIBITED_CONTENT"),
                                     QStringLiteral("BLOCKLIST"),  QStringLiteral("SPII"),
                                     QStringLiteral("RECITATION"), QStringLiteral("IMAGE_SAFETY")};
    return reasons.contains(reason);
}

// The error's details of one @type (google.rpc.ErrorInfo, QuotaFailure, RetryInfo).
QList<QJsonObject> detailsOf(const QJsonObject& error, QLatin1String typeSuffix)
{
    QList<QJsonObject> found;
    const QJsonArray details = error.value(QLatin1String("details")).toArray();
    for (const QJsonValue& detail : details) {
        if (detail.toObject().value(QLatin1String("@type")).toString().endsWith(typeSuffix)) {
            found << detail.toObject();
        }
    }
    return found;
}
} // namespace

GeminiClient::GeminiClient(LlmEndpoint endpoint, QObject* parent)
    : StreamingLlmClient(std::move(endpoint), parent)
{ }

QUrl GeminiClient::streamUrl(const QUrl& baseUrl, const QString& model)
{
    static const QRegularExpression version(QStringLiteral("/v\\d+\\w*/?$"));
    // Model names are accepted with or without Google's "models/" prefix.
    const QString name = model.startsWith(QLatin1String("models/")) ? model.mid(7) : model;
    const QString path = QStringLiteral("/models/%1:streamGenerateContent").arg(name);
    QUrl url = HttpText::withPath(baseUrl,
                                  version.match(baseUrl.path()).hasMatch() ? path : QStringLiteral("/v1beta") + path);
    QUrlQuery query(url);
    query.addQueryItem(QStringLiteral("alt"), QStringLiteral("sse"));
    url.setQuery(query);
    return url;
}

StreamingLlmClient::HttpCall GeminiClient::makeCall(const LlmRequest& request)
{
    QNetworkRequest networkRequest = jsonRequest(streamUrl(endpoint().baseUrl, endpoint().model), "text/event-stream");
    networkRequest.setRawHeader("x-goog-api-key", endpoint().apiKey.toUtf8());
    QJsonArray systemParts;
    QJsonArray contents;
    for (const LlmMessage& message : request.messages) {
        const QJsonArray parts{QJsonObject{{QStringLiteral("text"), message.content}}};
        if (message.role == QLatin1String("system")) {
            systemParts.append(parts.first());
        } else {
            const QString role
                = message.role == QLatin1String("assistant") ? QStringLiteral("model") : QStringLiteral("user");
            contents.append(QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("parts"), parts}});
        }
    }
    QJsonObject body{{QStringLiteral("contents"), contents},
                     {QStringLiteral("generationConfig"),
                      QJsonObject{{QStringLiteral("maxOutputTokens"), request.maxOutputTokens},
                                  {QStringLiteral("temperature"), request.temperature}}}};
    if (!systemParts.isEmpty()) {
        body.insert(QStringLiteral("systemInstruction"), QJsonObject{{QStringLiteral("parts"), systemParts}});
    }
    m_maxOutputTokens = request.maxOutputTokens;
    return {networkRequest, QJsonDocument(body).toJson(QJsonDocument::Compact)};
}

void GeminiClient::beginStream()
{
    m_events.reset();
    m_finishReason.clear();
}

StreamingLlmClient::StreamProgress GeminiClient::readStream(QByteArrayView bytes)
{
    StreamProgress progress;
    const QList<ServerSentEvents::Event> events = m_events.feed(bytes);
    for (const ServerSentEvents::Event& event : events) {
        readEvent(event, &progress);
        if (progress.failure) {
            break;
        }
    }
    return progress;
}

void GeminiClient::readEvent(const ServerSentEvents::Event& event, StreamProgress* progress)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(event.data, &parseError);
    if (!document.isObject()) {
        progress->failure = notJson(event.data, parseError.errorString());
        return;
    }
    const QJsonObject record = document.object();
    if (record.value(QLatin1String("error")).isObject()) {
        const QJsonObject error = record.value(QLatin1String("error")).toObject();
        progress->failure = errorFailure(200, error);
        return;
    }
    const QJsonObject usage = record.value(QLatin1String("usageMetadata")).toObject();
    if (!usage.isEmpty()) {
        progress->usage.inputTokens = usage.value(QLatin1String("promptTokenCount")).toInteger(-1);
        // Thinking is billed as output.
        const qint64 candidates = usage.value(QLatin1String("candidatesTokenCount")).toInteger(-1);
        const qint64 thoughts = usage.value(QLatin1String("thoughtsTokenCount")).toInteger(0);
        progress->usage.outputTokens = candidates < 0 ? -1 : candidates + thoughts;
    }
    const QString blockReason
        = record.value(QLatin1String("promptFeedback")).toObject().value(QLatin1String("blockReason")).toString();
    if (!blockReason.isEmpty()) {
        progress->failure = StreamFailure{.kind = LlmErrorKind::Refused,
                                          .detail = QStringLiteral("the prompt was blocked (%1)").arg(blockReason)};
        return;
    }
    const QJsonObject candidate = record.value(QLatin1String("candidates")).toArray().first().toObject();
    const QJsonArray parts
        = candidate.value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray();
    for (const QJsonValue& part : parts) {
        // Thought summaries are the model's working, not its answer.
        if (!part.toObject().value(QLatin1String("thought")).toBool()) {
            progress->pieces << part.toObject().value(QLatin1String("text")).toString();
        }
    }
    const QString finishReason = candidate.value(QLatin1String("finishReason")).toString();
    if (finishReason.isEmpty()) {
        return;
    }
    m_finishReason = finishReason;
    if (finishReason == QLatin1String("MAX_TOKENS")) {
        progress->failure = StreamFailure{
            .kind = LlmErrorKind::Truncated,
            .detail = QStringLiteral("it stopped at the limit of %1 output tokens").arg(m_maxOutputTokens)};
    } else if (isFilterReason(finishReason)) {
        progress->failure
            = StreamFailure{.kind = LlmErrorKind::Refused,
                            .detail = QStringLiteral("its filter stopped the answer (%1)").arg(finishReason)};
    } else if (finishReason != QLatin1String("STOP")) {
        progress->failure = StreamFailure{.kind = LlmErrorKind::MidStream,
                                          .detail = QStringLiteral("the answer stopped (%1)").arg(finishReason)};
    }
}

StreamingLlmClient::StreamProgress GeminiClient::endStream()
{
    StreamProgress progress;
    if (m_finishReason == QLatin1String("STOP")) {
        progress.ended = true;
    } else {
        progress.failure = StreamFailure{.kind = LlmErrorKind::Truncated,
                                         .detail = QStringLiteral("the stream closed before a finish reason")};
    }
    return progress;
}

StreamingLlmClient::StreamFailure GeminiClient::httpFailure(int status, const QByteArray& body) const
{
    // Most errors are an object; some front ends wrap it in an array.
    QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonObject answer = document.isArray() ? document.array().first().toObject() : document.object();
    if (answer.value(QLatin1String("error")).isObject()) {
        return errorFailure(status, answer.value(QLatin1String("error")).toObject());
    }
    return {.kind = kindOfStatus(status), .detail = HttpText::snippet(body)};
}

StreamingLlmClient::StreamFailure GeminiClient::errorFailure(int status, const QJsonObject& error)
{
    const QString message = error.value(QLatin1String("message")).toString();
    const QString canonical = error.value(QLatin1String("status")).toString();
    const int effectiveStatus = status == 200 ? error.value(QLatin1String("code")).toInt(200) : status;
    bool badKey = message.contains(QLatin1String("API key not valid"), Qt::CaseInsensitive);
    for (const QJsonObject& info : detailsOf(error, QLatin1String("ErrorInfo"))) {
        badKey = badKey || info.value(QLatin1String("reason")).toString() == QLatin1String("API_KEY_INVALID");
    }
    bool daily = false;
    for (const QJsonObject& quota : detailsOf(error, QLatin1String("QuotaFailure"))) {
        const QJsonArray violations = quota.value(QLatin1String("violations")).toArray();
        for (const QJsonValue& violation : violations) {
            daily = daily
                || violation.toObject().value(QLatin1String("quotaId")).toString().contains(QLatin1String("PerDay"));
        }
    }
    LlmErrorKind kind = kindOfStatus(effectiveStatus);
    if (badKey || canonical == QLatin1String("UNAUTHENTICATED") || canonical == QLatin1String("PERMISSION_DENIED")) {
        kind = LlmErrorKind::BadKey;
    } else if (message.contains(QLatin1String("token count"), Qt::CaseInsensitive)
               && message.contains(QLatin1String("exceeds"), Qt::CaseInsensitive)) {
        kind = LlmErrorKind::ContextTooLong;
    } else if (canonical == QLatin1String("NOT_FOUND") || effectiveStatus == 404) {
        // "models/x is not found for API version v1beta"; another path means a wrong base URL.
        kind = message.contains(QLatin1String("model"), Qt::CaseInsensitive) ? LlmErrorKind::UnknownModel
                                                                             : LlmErrorKind::BadReply;
    } else if (canonical == QLatin1String("RESOURCE_EXHAUSTED") || effectiveStatus == 429) {
        // A daily quota does not come back within any retry.
        kind = daily ? LlmErrorKind::QuotaExceeded : LlmErrorKind::RateLimited;
    } else if (canonical == QLatin1String("UNAVAILABLE")) {
        kind = LlmErrorKind::Overloaded;
    } else if (canonical == QLatin1String("DEADLINE_EXCEEDED")) {
        kind = LlmErrorKind::Timeout;
    }
    return {.kind = kind, .detail = message.isEmpty() ? canonical : message};
}

std::optional<std::chrono::milliseconds> GeminiClient::retryAfterInBody(const QByteArray& body) const
{
    // google.rpc.RetryInfo: {"retryDelay": "37s"} (a Duration, which may have a fraction).
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    for (const QJsonObject& info : detailsOf(error, QLatin1String("RetryInfo"))) {
        QString delay = info.value(QLatin1String("retryDelay")).toString();
        if (delay.endsWith(QLatin1Char('s'))) {
            delay.chop(1);
            bool isNumber = false;
            const double seconds = delay.toDouble(&isNumber);
            if (isNumber && seconds >= 0) {
                return std::chrono::milliseconds(qint64(seconds * 1000));
            }
        }
    }
    return std::nullopt;
}
