#pragma once

#include "advisor/ServerSentEvents.h"
#include "advisor/StreamingLlmClient.h"

#include <QJsonObject>

// OpenAI's Chat Completions, streamed (POST {base}/chat/completions, Bearer key), which
// OpenRouter and the OpenAI-compatible servers (vLLM, LM Studio, llama.cpp, Ollama's /v1) speak
// too. Usage comes in a chunk of its own (stream_options.include_usage); servers that reject that
// option are asked again without it. Reasoning models (o1, o3, o4, gpt-5) take
// max_completion_tokens and no temperature.
class OpenAiClient : public StreamingLlmClient
{
    Q_OBJECT

public:
    explicit OpenAiClient(LlmEndpoint endpoint, QObject* parent = nullptr);

    // {base}/v1/chat/completions for a base without a path, {base}/chat/completions otherwise.
    static QUrl completionsUrl(const QUrl& baseUrl);
    static bool isReasoningModel(const QString& model);

protected:
    HttpCall makeCall(const LlmRequest& request) override;
    void beginStream() override;
    StreamProgress readStream(QByteArrayView bytes) override;
    StreamProgress endStream() override;
    StreamFailure httpFailure(int status, const QByteArray& body) const override;
    bool adaptTo(int status, const QByteArray& body) override;

private:
    void readEvent(const ServerSentEvents::Event& event, StreamProgress* progress);
    // A whole JSON answer where a stream was asked for: a server that does not stream, or an
    // error sent with 200.
    StreamProgress readWholeAnswer() const;
    StreamFailure errorFailure(int status, const QJsonObject& error) const;

    bool m_includeUsage = true;
    ServerSentEvents m_events;
    int m_eventCount = 0;
    QByteArray m_bodyStart; // kept until the first event, for readWholeAnswer()
    QString m_finishReason;
    QString m_refusal;
    int m_maxOutputTokens = 0;
};
