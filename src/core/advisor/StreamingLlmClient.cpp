#include "advisor/StreamingLlmClient.h"

#include "advisor/HttpText.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace
{
// An error body larger than this is not the provider's error format; its start says enough.
constexpr qsizetype MaxErrorBodyBytes = 256 * 1024;

QString seconds(std::chrono::milliseconds duration)
{
    return QString::number(duration.count() / 1000.0, 'g', 3);
}

QString statusText(int status)
{
    return status > 0 ? QStringLiteral(" (HTTP %1)").arg(status) : QString();
}

QString withDetail(const QString& message, const QString& detail)
{
    return detail.isEmpty() ? message : QStringLiteral("%1: %2").arg(message, detail);
}
} // namespace

StreamingLlmClient::StreamingLlmClient(LlmEndpoint endpoint, QObject* parent)
    : LlmClient(parent)
    , m_endpoint(std::move(endpoint))
    , m_retryPolicy(m_endpoint.maxAttempts, m_endpoint.retryBaseDelay)
{ }

StreamingLlmClient::~StreamingLlmClient()
{
    dropReply();
}

QString StreamingLlmClient::providerName() const
{
    if (m_endpoint.provider == LlmProvider::OpenAiCompatible) {
        const QUrl& url = m_endpoint.baseUrl;
        const QString port = url.port() < 0 ? QString() : QStringLiteral(":%1").arg(url.port());
        return QStringLiteral("the OpenAI-compatible server at %1%2").arg(url.host(), port);
    }
    return LlmProviders::displayName(m_endpoint.provider);
}

void StreamingLlmClient::send(const LlmRequest& request)
{
    ensureNetwork();
    dropReply();
    m_retryTimer->stop();
    m_request = request;
    m_active = true;
    m_attempt = 1;
    m_text.clear();
    m_usage = LlmUsage();
    const quint64 number = ++m_requestNumber;
    // Even a request refused at once answers from the event loop, as the interface promises.
    QMetaObject::invokeMethod(
        this,
        [this, number] {
            if (number != m_requestNumber || !m_active) {
                return;
            }
            const QString scheme = m_endpoint.baseUrl.scheme();
            if (!m_endpoint.baseUrl.isValid()
                || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
                fail({.kind = LlmErrorKind::Network,
                      .message = QStringLiteral("the %1 base URL '%2' is not an http or https URL")
                                     .arg(providerName(), m_endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo)),
                      .httpStatus = 0});
                return;
            }
            if (std::optional<LlmError> error = checkRequest(m_request)) {
                fail(std::move(*error));
                return;
            }
            startAttempt();
        },
        Qt::QueuedConnection);
}

void StreamingLlmClient::cancel()
{
    if (!m_active) {
        return;
    }
    dropReply();
    m_retryTimer->stop();
    m_active = false;
    ++m_requestNumber;
    emit failed({.kind = LlmErrorKind::Cancelled,
                 .message = QStringLiteral("the request to %1 was cancelled").arg(providerName()),
                 .httpStatus = 0});
}

std::optional<LlmError> StreamingLlmClient::checkRequest(const LlmRequest&) const
{
    return std::nullopt;
}

bool StreamingLlmClient::adaptTo(int, const QByteArray&)
{
    return false;
}

std::optional<std::chrono::milliseconds> StreamingLlmClient::retryAfterInBody(const QByteArray&) const
{
    return std::nullopt;
}

QNetworkRequest StreamingLlmClient::jsonRequest(const QUrl& url, const QByteArray& accept) const
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("aftershock"));
    request.setRawHeader("Accept", accept);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return request;
}

StreamingLlmClient::StreamFailure StreamingLlmClient::notJson(const QByteArray& text, const QString& parseError)
{
    return {.kind = LlmErrorKind::BadReply,
            .detail
            = QStringLiteral("it sent %1, which is not valid JSON (%2)").arg(HttpText::snippet(text), parseError)};
}

LlmErrorKind StreamingLlmClient::kindOfStatus(int status)
{
    switch (status) {
    case 401:
    case 403:
        return LlmErrorKind::BadKey;
    case 402:
        return LlmErrorKind::QuotaExceeded;
    case 404:
        return LlmErrorKind::UnknownModel;
    case 408:
        return LlmErrorKind::Timeout;
    case 413:
        return LlmErrorKind::ContextTooLong;
    case 429:
        return LlmErrorKind::RateLimited;
    case 503:
    case 529:
        return LlmErrorKind::Overloaded;
    default:
        break;
    }
    if (status >= 500) {
        return LlmErrorKind::ServerError;
    }
    return status >= 400 ? LlmErrorKind::BadReply : LlmErrorKind::MidStream;
}

void StreamingLlmClient::ensureNetwork()
{
    if (m_network) {
        return;
    }
    m_network = new QNetworkAccessManager(this);
    m_silenceTimer = new QTimer(this);
    m_silenceTimer->setSingleShot(true);
    connect(m_silenceTimer, &QTimer::timeout, this, &StreamingLlmClient::onSilence);
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &StreamingLlmClient::startAttempt);
}

void StreamingLlmClient::startAttempt()
{
    m_status = 0;
    m_errorBody.clear();
    beginStream();
    const HttpCall call = makeCall(m_request);
    m_reply = m_network->post(call.request, call.body);
    QNetworkReply* reply = m_reply;
    connect(reply, &QNetworkReply::requestSent, this, [this, reply] {
        if (reply == m_reply && m_connecting) {
            m_connecting = false;
            m_silenceTimer->start(m_endpoint.readTimeout);
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
        if (reply == m_reply) {
            onReadyRead();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        if (reply == m_reply) {
            onReplyFinished();
        }
    });
    m_connecting = true;
    m_silenceTimer->start(m_endpoint.connectTimeout);
}

void StreamingLlmClient::onReadyRead()
{
    // Data proves the request went out, even where requestSent came late or not at all.
    m_connecting = false;
    m_silenceTimer->start(m_endpoint.readTimeout);
    if (m_status == 0) {
        m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }
    const QByteArray bytes = m_reply->readAll();
    if (m_status >= 200 && m_status <= 299) {
        apply(readStream(bytes));
    } else if (m_errorBody.size() < MaxErrorBodyBytes) {
        m_errorBody.append(bytes.left(MaxErrorBodyBytes - m_errorBody.size()));
    }
}

void StreamingLlmClient::onReplyFinished()
{
    QNetworkReply* reply = m_reply;
    m_silenceTimer->stop();
    if (m_status == 0) {
        m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }
    if (reply->isOpen() && reply->bytesAvailable() > 0) {
        onReadyRead();
        if (reply != m_reply) {
            return; // the bytes ended the request
        }
    }
    const int status = m_status;
    if (status == 0) {
        fail({.kind = LlmErrorKind::Network,
              .message = QStringLiteral("cannot reach %1 at %2: %3")
                             .arg(providerName(), m_endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo),
                                  reply->errorString()),
              .httpStatus = 0});
        return;
    }
    if (status >= 300 && status <= 399) {
        const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
        fail({.kind = LlmErrorKind::BadReply,
              .message = QStringLiteral("%1 redirected the request%2 to %3; give that as the base URL")
                             .arg(providerName(), statusText(status),
                                  location.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)),
              .httpStatus = status});
        return;
    }
    if (status < 200 || status > 299) {
        const QByteArray body = std::exchange(m_errorBody, {});
        if (adaptTo(status, body)) {
            dropReply();
            startAttempt();
            return;
        }
        std::optional<std::chrono::milliseconds> retryAfter
            = RetryPolicy::parseRetryAfter(reply->rawHeader("Retry-After"));
        if (!retryAfter) {
            retryAfter = retryAfterInBody(body);
        }
        fail(errorOf(httpFailure(status, body), status), retryAfter);
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        // A body cut by the network rather than closed by the server.
        const LlmErrorKind kind = m_text.isEmpty() ? LlmErrorKind::Network : LlmErrorKind::Truncated;
        fail(errorOf({.kind = kind, .detail = QStringLiteral("the stream broke off: %1").arg(reply->errorString())},
                     status));
        return;
    }
    const quint64 number = m_requestNumber;
    apply(endStream());
    if (number == m_requestNumber && m_active && reply == m_reply) {
        fail(errorOf({.kind = LlmErrorKind::Truncated,
                      .detail = QStringLiteral("the stream ended before the answer did (the connection closed)")},
                     status));
    }
}

void StreamingLlmClient::onSilence()
{
    if (m_connecting) {
        fail({.kind = LlmErrorKind::Timeout,
              .message = QStringLiteral("%1 at %2 was not reachable within %3 s")
                             .arg(providerName(), m_endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo),
                                  seconds(m_endpoint.connectTimeout)),
              .httpStatus = 0});
        return;
    }
    const QString what = m_text.isEmpty() ? QStringLiteral("did not answer for %1 s")
                                          : QStringLiteral("stopped sending mid-answer for %1 s");
    fail({.kind = LlmErrorKind::Timeout,
          .message = QStringLiteral("%1 %2").arg(providerName(), what.arg(seconds(m_endpoint.readTimeout))),
          .httpStatus = m_status});
}

void StreamingLlmClient::apply(StreamProgress progress)
{
    const quint64 number = m_requestNumber;
    for (const QString& piece : std::as_const(progress.pieces)) {
        if (piece.isEmpty()) {
            continue;
        }
        m_text += piece;
        emit textArrived(piece);
        if (number != m_requestNumber || !m_active) {
            return; // a handler cancelled it or sent another request
        }
    }
    if (progress.usage.inputTokens >= 0) {
        m_usage.inputTokens = progress.usage.inputTokens;
    }
    if (progress.usage.outputTokens >= 0) {
        m_usage.outputTokens = progress.usage.outputTokens;
    }
    if (progress.failure) {
        fail(errorOf(*progress.failure, m_status));
    } else if (progress.ended) {
        complete();
    }
}

void StreamingLlmClient::complete()
{
    dropReply();
    m_active = false;
    ++m_requestNumber;
    emit finished(std::exchange(m_text, {}), m_usage);
}

void StreamingLlmClient::fail(LlmError error, std::optional<std::chrono::milliseconds> retryAfter)
{
    dropReply();
    error.message = HttpText::redacted(error.message, m_endpoint.apiKey);
    const std::optional<std::chrono::milliseconds> delay
        = m_retryPolicy.delayBefore(m_attempt + 1, error, !m_text.isEmpty(), retryAfter);
    if (delay) {
        ++m_attempt;
        m_retryTimer->start(*delay);
        emit retrying(m_attempt, delay->count(), error.message);
        return;
    }
    if (m_attempt > 1) {
        error.message += QStringLiteral(" (after %1 attempts)").arg(m_attempt);
    }
    m_active = false;
    ++m_requestNumber;
    m_text.clear();
    emit failed(error);
}

void StreamingLlmClient::dropReply()
{
    if (m_silenceTimer) {
        m_silenceTimer->stop();
    }
    m_connecting = false;
    if (QNetworkReply* reply = std::exchange(m_reply, nullptr)) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

LlmError StreamingLlmClient::errorOf(const StreamFailure& failure, int status) const
{
    const bool inStream = status >= 200 && status <= 299;
    const QString where = inStream ? QString() : statusText(status);
    // An error after part of the answer leaves it unusable, whatever its cause.
    const bool afterText = inStream && !m_text.isEmpty();
    const bool keepsKind = failure.kind == LlmErrorKind::Refused || failure.kind == LlmErrorKind::Truncated
        || failure.kind == LlmErrorKind::BadReply;
    const LlmErrorKind kind = afterText && !keepsKind ? LlmErrorKind::MidStream : failure.kind;
    const QString model = m_endpoint.model;
    QString message;
    switch (kind) {
    case LlmErrorKind::BadKey:
        message = QStringLiteral("%1 did not accept the API key%2").arg(providerName(), where);
        break;
    case LlmErrorKind::UnknownModel:
        message = QStringLiteral("%1 has no model '%2'%3").arg(providerName(), model, where);
        break;
    case LlmErrorKind::ContextTooLong:
        message = QStringLiteral("the prompt is too long for %1 at %2%3").arg(model, providerName(), where);
        break;
    case LlmErrorKind::Refused:
        message = QStringLiteral("%1 refused to answer%2").arg(providerName(), where);
        break;
    case LlmErrorKind::RateLimited:
        message = QStringLiteral("%1 is limiting the rate of requests%2").arg(providerName(), where);
        break;
    case LlmErrorKind::QuotaExceeded:
        message = QStringLiteral("the %1 account is out of quota or credits%2").arg(providerName(), where);
        break;
    case LlmErrorKind::Overloaded:
        message = QStringLiteral("%1 is overloaded%2").arg(providerName(), where);
        break;
    case LlmErrorKind::ServerError:
        message = QStringLiteral("%1 failed with a server error%2").arg(providerName(), where);
        break;
    case LlmErrorKind::MidStream:
        message = afterText ? QStringLiteral("%1 reported an error mid-answer").arg(providerName())
                            : QStringLiteral("%1 reported an error in its stream").arg(providerName());
        break;
    case LlmErrorKind::Truncated:
        message = QStringLiteral("the answer from %1 is incomplete").arg(providerName());
        break;
    case LlmErrorKind::BadReply:
        message = inStream ? QStringLiteral("%1 sent a reply that cannot be read").arg(providerName())
                           : QStringLiteral("%1 rejected the request%2").arg(providerName(), where);
        break;
    case LlmErrorKind::Network:
        message = QStringLiteral("the connection to %1 failed").arg(providerName());
        break;
    case LlmErrorKind::Timeout:
        message = QStringLiteral("%1 did not answer in time%2").arg(providerName(), where);
        break;
    case LlmErrorKind::Cancelled:
        message = QStringLiteral("the request to %1 was cancelled").arg(providerName());
        break;
    }
    return {.kind = kind, .message = withDetail(message, failure.detail), .httpStatus = status};
}
