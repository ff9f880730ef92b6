#pragma once

#include "advisor/ServerSentEvents.h"
#include "advisor/StreamingLlmClient.h"

#include <QJsonObject>

// Google Gemini's generateContent, streamed as server-sent events
// (POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse). The key goes in the
// x-goog-api-key header, never in the URL, which proxies and logs keep. Events are framed with
// CRLF, each a whole GenerateContentResponse; there is no end marker, so the stream is complete
// when it closes after a finish reason. A bad key is a 400 with reason API_KEY_INVALID.
class GeminiClient : public StreamingLlmClient
{
    Q_OBJECT

public:
    explicit GeminiClient(LlmEndpoint endpoint, QObject* parent = nullptr);

    // The base may end with its API version (/v1beta, /v1); v1beta otherwise.
    static QUrl streamUrl(const QUrl& baseUrl, const QString& model);

protected:
    HttpCall makeCall(const LlmRequest& request) override;
    void beginStream() override;
    StreamProgress readStream(QByteArrayView bytes) override;
    StreamProgress endStream() override;
    StreamFailure httpFailure(int status, const QByteArray& body) const override;
    std::optional<std::chrono::milliseconds> retryAfterInBody(const QByteArray& body) const override;

private:
    void readEvent(const ServerSentEvents::Event& event, StreamProgress* progress);
    static StreamFailure errorFailure(int status, const QJsonObject& error);

    ServerSentEvents m_events;
    QString m_finishReason;
    int m_maxOutputTokens = 0;
};
