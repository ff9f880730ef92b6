#pragma once

#include "advisor/NdjsonSplitter.h"
#include "advisor/StreamingLlmClient.h"

// Ollama's native chat (POST {base}/api/chat), streamed as newline-delimited JSON. Ollama cuts
// a prompt longer than its context window without a word, so every request sets num_ctx from
// an estimate of the prompt's size. An error mid-stream is a line that holds only "error".
class OllamaClient : public StreamingLlmClient
{
    Q_OBJECT

public:
    static constexpr int MinimumContext = 4096;
    static constexpr int MaximumContext = 131072;

    explicit OllamaClient(LlmEndpoint endpoint, QObject* parent = nullptr);

    // {base}/api/chat; a base that ends with /api or with /v1 (Ollama's OpenAI-compatible root)
    // is taken for the server's root with it.
    static QUrl chatUrl(const QUrl& baseUrl);
    // The prompt's tokens, overestimated at three characters each, plus the answer's.
    static qint64 estimatedTokens(const LlmRequest& request);
    // The estimate rounded up to a power of two, within MinimumContext and MaximumContext.
    static int contextSize(const LlmRequest& request);

protected:
    std::optional<LlmError> checkRequest(const LlmRequest& request) const override;
    HttpCall makeCall(const LlmRequest& request) override;
    void beginStream() override;
    StreamProgress readStream(QByteArrayView bytes) override;
    StreamProgress endStream() override;
    StreamFailure httpFailure(int status, const QByteArray& body) const override;

private:
    void readLine(const QByteArray& line, StreamProgress* progress);
    static StreamFailure errorFailure(int status, const QString& message);

    NdjsonSplitter m_lines;
    bool m_done = false;
    int m_maxOutputTokens = 0;
};
