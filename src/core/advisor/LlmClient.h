#pragma once

#include "advisor/LlmProviders.h"

#include <chrono>
#include <memory>
#include <optional>

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

// Where requests go and how patiently. Base URL conventions, per client:
// - OpenAI, OpenRouter and compatible servers: a URL with no path is a server's root and gets
//   /v1 (http://localhost:8000 -> http://localhost:8000/v1/chat/completions); a URL with a path
//   is the API root as the OpenAI SDKs take it (https://openrouter.ai/api/v1,
//   http://localhost:1234/v1, https://generativelanguage.googleapis.com/v1beta/openai/).
// - Anthropic: the server's root or that root plus /v1.
// - Gemini: the server's root, or with its API version (/v1beta, /v1).
// - Ollama: the server's root, or with /api or /v1 (its OpenAI-compatible root, which is dropped).
struct LlmEndpoint
{
    LlmProvider provider = LlmProvider::OpenAi;
    QUrl baseUrl;
    QString apiKey;
    QString model;
    // Until the request is sent (the connection made, TLS included).
    std::chrono::milliseconds connectTimeout{10000};
    // The longest silence once the request is sent, before and between streamed pieces.
    std::chrono::milliseconds readTimeout{120000};
    // Attempts in all, retries included; 1 never retries.
    int maxAttempts = 4;
    // The first retry's delay before jitter; each next one doubles it. A server's Retry-After
    // takes precedence when it asks for longer.
    std::chrono::milliseconds retryBaseDelay{1000};
};

struct LlmMessage
{
    QString role; // "system" | "user" | "assistant"
    QString content;
};

struct LlmRequest
{
    QList<LlmMessage> messages;
    int maxOutputTokens = 4096;
    // Low, for advice that stays put between runs; reasoning models take only their default.
    double temperature = 0.2;
};

// -1 where the provider did not say.
struct LlmUsage
{
    qint64 inputTokens = -1;
    qint64 outputTokens = -1;
};

enum class LlmErrorKind {
    BadKey, // missing, wrong or not allowed (401, 403, Gemini's 400 API_KEY_INVALID)
    UnknownModel,
    ContextTooLong,
    Refused, // the provider's filter or the model refused to answer
    RateLimited, // retried; reported once the attempts are spent
    QuotaExceeded, // billing, credits or a daily quota: never retried
    Overloaded, // 503, 529: retried
    ServerError, // other 5xx: retried
    MidStream, // an error after part of the answer had arrived, HTTP status 200
    Truncated, // the stream stopped before its end, or at the output-token limit
    BadReply, // not the provider's protocol: invalid JSON, a redirect, an unexpected body
    Network,
    Timeout,
    Cancelled
};

struct LlmError
{
    LlmErrorKind kind = LlmErrorKind::BadReply;
    // Names the provider and says what happened, for a person; never holds the API key.
    QString message;
    int httpStatus = 0; // 0 when no HTTP status arrived
};

// A streaming chat with one provider: one request at a time, on the thread that calls send()
// (the network objects are made there, on the first send). Every request ends with exactly one
// finished() or failed(); retrying() may come before it, textArrived() only while it streams.
// A handler may call send() for the next request from within finished() or failed().
class LlmClient : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // Starts a request; a request still in flight is abandoned without a signal. Returns at
    // once: every signal comes later, from the event loop.
    virtual void send(const LlmRequest& request) = 0;
    // Ends the request in flight at once, with failed(Cancelled) emitted from within the call.
    // Does nothing when no request is in flight.
    virtual void cancel() = 0;

signals:
    // The answer's text as it streams, in order; finished() repeats it whole.
    void textArrived(const QString& piece);
    // attempt is the number of the attempt about to start (2 for the first retry).
    void retrying(int attempt, qint64 delayMs, const QString& reason);
    void finished(const QString& text, const LlmUsage& usage);
    void failed(const LlmError& error);
};

// The client for the endpoint's provider family.
std::unique_ptr<LlmClient> makeLlmClient(const LlmEndpoint& endpoint, QObject* parent = nullptr);
