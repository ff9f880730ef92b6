#include "advisor/RetryPolicy.h"

#include <QRandomGenerator>

RetryPolicy::RetryPolicy(int maxAttempts, std::chrono::milliseconds baseDelay)
    : m_maxAttempts(maxAttempts)
    , m_baseDelay(baseDelay)
{ }

bool RetryPolicy::isRetryable(LlmErrorKind kind)
{
    switch (kind) {
    case LlmErrorKind::RateLimited:
    case LlmErrorKind::Overloaded:
    case LlmErrorKind::ServerError:
    case LlmErrorKind::Network:
    case LlmErrorKind::Timeout:
        return true;
    case LlmErrorKind::BadKey:
    case LlmErrorKind::UnknownModel:
    case LlmErrorKind::ContextTooLong:
    case LlmErrorKind::Refused:
    case LlmErrorKind::QuotaExceeded:
    case LlmErrorKind::MidStream:
    case LlmErrorKind::Truncated:
    case LlmErrorKind::BadReply:
    case LlmErrorKind::Cancelled:
        break;
    }
    return false;
}

std::optional<std::chrono::milliseconds>
RetryPolicy::delayBefore(int nextAttempt, const LlmError& error, bool textArrived,
                         std::optional<std::chrono::milliseconds> retryAfter) const
{
    if (nextAttempt > m_maxAttempts || textArrived || !isRetryable(error.kind)) {
        return std::nullopt;
    }
    // Doubling from the base, then a random half taken off so that clients that failed together
    // do not come back together.
    const int doublings = std::min(nextAttempt - 2, 16);
    const qint64 ceiling = std::min<qint64>(m_baseDelay.count() << doublings, MaxDelay.count());
    const qint64 backoff = ceiling - QRandomGenerator::global()->bounded(ceiling / 2 + 1);
    const bool serverMayAsk = error.httpStatus == 429 || error.httpStatus == 503 || error.httpStatus == 529;
    if (serverMayAsk && retryAfter) {
        if (*retryAfter > MaxDelay) {
            return std::nullopt;
        }
        return std::max(*retryAfter, std::chrono::milliseconds(backoff));
    }
    return std::chrono::milliseconds(backoff);
}

std::optional<std::chrono::milliseconds> RetryPolicy::parseRetryAfter(const QByteArray& value, const QDateTime& now)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty()) {
        return std::nullopt;
    }
    bool isNumber = false;
    // Fractions are not in the standard, but some gateways send them.
    const double seconds = trimmed.toDouble(&isNumber);
    if (isNumber) {
        return seconds < 0 ? std::nullopt : std::optional(std::chrono::milliseconds(qint64(seconds * 1000)));
    }
    // An HTTP-date is in GMT, which Qt's RFC 2822 parser only takes as an offset.
    QString date = QString::fromLatin1(trimmed);
    if (date.endsWith(QLatin1String(" GMT"))) {
        date = date.chopped(3) + QStringLiteral("+0000");
    }
    const QDateTime when = QDateTime::fromString(date, Qt::RFC2822Date);
    if (!when.isValid()) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(std::max<qint64>(0, now.msecsTo(when)));
}
