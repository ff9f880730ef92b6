#pragma once

#include "advisor/LlmClient.h"

#include <chrono>
#include <optional>

#include <QByteArray>
#include <QDateTime>

// When a failed request is worth another attempt, and after how long: exponential backoff with
// jitter, or the server's Retry-After where it gives one (429, 503, 529). Rate limits, overload,
// server errors, network errors and timeouts are retried, but only while no text has streamed
// (a retry would repeat it); keys, models, quotas, refusals and bad requests never are.
class RetryPolicy
{
public:
    // A server asking for a longer wait than this is not waited for.
    static constexpr std::chrono::milliseconds MaxDelay{120000};

    RetryPolicy(int maxAttempts, std::chrono::milliseconds baseDelay);

    static bool isRetryable(LlmErrorKind kind);
    // The wait before attempt nextAttempt (2 for the first retry), or nullopt when the error is
    // final. retryAfter is the server's wait, if it asked for one.
    std::optional<std::chrono::milliseconds> delayBefore(int nextAttempt, const LlmError& error, bool textArrived,
                                                         std::optional<std::chrono::milliseconds> retryAfter) const;
    // A Retry-After header's wait: delay-seconds or an HTTP-date (taken from now). nullopt
    // when the value is neither.
    static std::optional<std::chrono::milliseconds>
    parseRetryAfter(const QByteArray& value, const QDateTime& now = QDateTime::currentDateTimeUtc());

private:
    int m_maxAttempts;
    std::chrono::milliseconds m_baseDelay;
};
