#pragma once

#include "advisor/LlmClient.h"
#include "advisor/RetryPolicy.h"

#include <chrono>
#include <optional>

#include <QByteArray>
#include <QNetworkRequest>
#include <QStringList>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

// What the providers' clients share: one streamed POST per attempt over Qt Network, the connect
// and silence timeouts, retries (RetryPolicy), cancelling, and messages that name the provider
// and never hold the key. A family's client says what to send and reads what comes back.
class StreamingLlmClient : public LlmClient
{
    Q_OBJECT

public:
    ~StreamingLlmClient() override;

    void send(const LlmRequest& request) final;
    void cancel() final;

protected:
    struct HttpCall
    {
        QNetworkRequest request;
        QByteArray body;
    };

    // An error the stream itself reported, or that reading it found; the message is made from it.
    struct StreamFailure
    {
        LlmErrorKind kind = LlmErrorKind::MidStream;
        QString detail;
    };

    // What a part of the stream said, in order: its text first, then its end or a failure.
    struct StreamProgress
    {
        QStringList pieces;
        LlmUsage usage; // fields left at -1 are not changed
        bool ended = false; // the answer is complete
        std::optional<StreamFailure> failure;
    };

    StreamingLlmClient(LlmEndpoint endpoint, QObject* parent);

    const LlmEndpoint& endpoint() const
    {
        return m_endpoint;
    }
    // For messages: "OpenAI", or "the OpenAI-compatible server at localhost:8000".
    QString providerName() const;

    // A request that fails before it is sent (a prompt too large for any context); nullopt when
    // it can go.
    virtual std::optional<LlmError> checkRequest(const LlmRequest& request) const;
    // The request for one attempt.
    virtual HttpCall makeCall(const LlmRequest& request) = 0;
    // An attempt's stream begins: forget what the previous one left.
    virtual void beginStream() = 0;
    // Bytes of a 2xx body as they arrive.
    virtual StreamProgress readStream(QByteArrayView bytes) = 0;
    // The server closed a 2xx body: what the rest says. Neither ended nor a failure means the
    // stream was cut short.
    virtual StreamProgress endStream() = 0;
    // Classifies a non-2xx answer: the kind and the provider's own words.
    virtual StreamFailure httpFailure(int status, const QByteArray& body) const = 0;
    // Whether a rejected request should go again at once, changed (OpenAI's stream_options);
    // the retry does not count as an attempt.
    virtual bool adaptTo(int status, const QByteArray& body);
    // A wait the body asks for, where a provider puts it there rather than in Retry-After.
    virtual std::optional<std::chrono::milliseconds> retryAfterInBody(const QByteArray& body) const;

    // A JSON POST to url that does not follow redirects (which would carry the key elsewhere).
    QNetworkRequest jsonRequest(const QUrl& url, const QByteArray& accept) const;
    // The failure an unparsable event or line makes.
    static StreamFailure notJson(const QByteArray& text, const QString& parseError);
    // What a status means where the body says no more: 401 a bad key, 429 a rate limit...
    static LlmErrorKind kindOfStatus(int status);

private:
    void ensureNetwork();
    void startAttempt();
    void onReadyRead();
    void onReplyFinished();
    void onSilence();
    // Emits the progress's text, then finishes or fails if it says so.
    void apply(StreamProgress progress);
    void complete();
    void fail(LlmError error, std::optional<std::chrono::milliseconds> retryAfter = std::nullopt);
    void dropReply();
    LlmError errorOf(const StreamFailure& failure, int status) const;

    LlmEndpoint m_endpoint;
    RetryPolicy m_retryPolicy;
    // Made on the first send, on the thread the client works on.
    QNetworkAccessManager* m_network = nullptr;
    QTimer* m_silenceTimer = nullptr;
    QTimer* m_retryTimer = nullptr;
    QNetworkReply* m_reply = nullptr;
    bool m_connecting = false; // the request is not sent yet: the connect timeout applies

    // The request in flight; m_requestNumber tells it from one that replaced it in a handler.
    LlmRequest m_request;
    quint64 m_requestNumber = 0;
    bool m_active = false;
    int m_attempt = 0;
    QString m_text;
    LlmUsage m_usage;
    int m_status = 0;
    QByteArray m_errorBody;
};
