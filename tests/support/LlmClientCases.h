#pragma once

#include "advisor/LlmClient.h"
#include "support/FakeLlmServer.h"

#include <functional>
#include <memory>
#include <optional>

// One provider family as the shared cases need it: its client, how it carries the key, and its
// own wire format for an answer and for each failure. The cases run against a FakeLlmServer of
// their own, with the endpoint's base URL pointed at it.
struct LlmClientFamily
{
    // A response to one case; detail, when set, must be in the error's message.
    struct Reply
    {
        FakeLlmServer::Response response;
        QString detail;
    };

    QString providerName; // as its messages name it: "Google Gemini"
    LlmEndpoint endpoint; // with the key; the cases give the base URL
    std::function<std::unique_ptr<LlmClient>(const LlmEndpoint&)> makeClient;
    std::pair<QByteArray, QByteArray> keyHeader; // {"x-api-key", key}: the name in lower case
    // "Hello, world" in more than one piece, each a chunk, with the usage it reports.
    QList<QByteArray> answer;
    QByteArray contentType = "text/event-stream";
    LlmUsage answerUsage;
    int heldBackChunk = 1; // the cancel case holds it back: the first piece of text has come
    QByteArray keepAlive; // a comment sent while the model thinks; empty: none
    // Failures in the family's words; a case without its reply is not run for the family.
    std::optional<Reply> truncated;
    std::optional<Reply> invalidJson;
    std::optional<Reply> errorMidStream;
    std::optional<Reply> badKey;
    std::optional<Reply> unknownModel;
    std::optional<Reply> contextTooLong;
    std::optional<Reply> outputTokenLimit;
    std::optional<Reply> rateLimited; // a 429 with Retry-After: 1
    std::optional<Reply> quotaExceeded; // a 429 or 402 not worth a retry
    QList<FakeLlmServer::Response> serverErrors; // each retried in turn; empty: not run
    // Requests a round (retries included) whose replies quote the key back.
    QList<QList<FakeLlmServer::Response>> keyEchoes;

    // The family's stream of these chunks.
    FakeLlmServer::Response stream(const QList<QByteArray>& chunks, int delayMs = 0) const;
    // An endpoint with the timings the cases expect: patient reads, retries 10 ms apart, 3 attempts.
    static LlmEndpoint endpointFor(LlmProvider provider, const QString& apiKey, const QString& model);
};

// The cases every LLM client passes alike: streaming, framing and timing, each failure's kind,
// retries, cancel, and that the key is never shown. Data-driven: a family's test adds the rows
// of what its family has in sharedCases_data() and runs the current row in sharedCases().
class LlmClientCases
{
public:
    static void addRows(const LlmClientFamily& family);
    static void run(const LlmClientFamily& family);
};
