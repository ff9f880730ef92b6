#pragma once

#include "advisor/ServerSentEvents.h"
#include "advisor/StreamingLlmClient.h"

#include <QJsonObject>

// Anthropic's Messages API, streamed (POST {base}/v1/messages, x-api-key): the system prompt
// goes in the top-level system field; the stream is named events, message_start through
// message_stop, with pings anywhere and an error event on HTTP 200 (overloaded_error).
class AnthropicClient : public StreamingLlmClient
{
    Q_OBJECT

public:
    static constexpr char ApiVersion[] = "2023-06-01";

    explicit AnthropicClient(LlmEndpoint endpoint, QObject* parent = nullptr);

    // {base}/v1/messages, or {base}/messages for a base that ends with /v1.
    static QUrl messagesUrl(const QUrl& baseUrl);

protected:
    HttpCall makeCall(const LlmRequest& request) override;
    void beginStream() override;
    StreamProgress readStream(QByteArrayView bytes) override;
    StreamProgress endStream() override;
    StreamFailure httpFailure(int status, const QByteArray& body) const override;

private:
    void readEvent(const ServerSentEvents::Event& event, StreamProgress* progress);
    static StreamFailure errorFailure(int status, const QJsonObject& error);

    ServerSentEvents m_events;
    bool m_started = false; // message_start arrived
    QString m_stopReason;
    int m_maxOutputTokens = 0;
};
