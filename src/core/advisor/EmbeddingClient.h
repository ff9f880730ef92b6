#pragma once

#include "advisor/LlmClient.h"

#include <memory>

#include <QList>
#include <QObject>
#include <QStringList>

// Embeddings of texts from OpenAI (POST {base}/v1/embeddings; OpenAI-compatible servers the same
// way, Ollama's /v1 among them) or Ollama (POST {base}/api/embed), for QdrantCodeIndex. Texts go in
// batches of at most MaxBatchInputs and MaxBatchCharacters, one request at a time; OpenAI's results
// are matched to their inputs by `index`. Each request is a call of the providers' own chat client
// (OpenAiClient, OllamaClient) with another path and body, so it has their URL conventions,
// timeouts, retries (RetryPolicy), error kinds and messages, which never hold the key.
// One embed() at a time, on the thread that calls it; it ends with exactly one finished() or failed().
class EmbeddingClient : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxBatchInputs = 64;
    // Well under OpenAI's 300,000 tokens a request, at four characters a token or fewer.
    static constexpr qsizetype MaxBatchCharacters = 400'000;

    // OpenAI, OpenAI-compatible servers and Ollama; the other providers have no embeddings API
    // this client speaks.
    static bool supports(LlmProvider provider);
    // text-embedding-3-small for OpenAI, nomic-embed-text for Ollama; empty for a compatible
    // server, which serves what it was started with.
    static QString defaultModel(LlmProvider provider);
    static QUrl embeddingsUrl(const LlmEndpoint& endpoint);

    // endpoint.provider: one that supports() takes.
    explicit EmbeddingClient(LlmEndpoint endpoint, QObject* parent = nullptr);
    ~EmbeddingClient() override;

    // Returns at once; finished() or failed() follows from the event loop.
    void embed(const QStringList& texts);
    // Ends the embed() in flight with failed(Cancelled), emitted from within the call.
    void cancel();

signals:
    // A vector for each text, in the texts' order, all of one dimension.
    void finished(const QList<QList<float>>& vectors);
    void failed(const LlmError& error);
    // A batch's request failed and goes again after delayMs, as LlmClient::retrying says.
    void retrying(int attempt, qint64 delayMs, const QString& reason);

private:
    void sendBatch();
    void batchArrived();

    LlmEndpoint m_endpoint;
    std::unique_ptr<LlmClient> m_call;
    // The embed() in flight: its texts, the vectors so far, and the batch being sent.
    QStringList m_texts;
    QList<QList<float>> m_vectors;
    QList<QList<float>> m_batchVectors; // the call's reply, read by the call
    qsizetype m_batchStart = 0;
    qsizetype m_batchSize = 0;
};
