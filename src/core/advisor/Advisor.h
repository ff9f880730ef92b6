#pragma once

#include "advisor/LlmClient.h"
#include "advisor/LlmPrice.h"
#include "advisor/QdrantCodeIndex.h"
#include "report/ReportModel.h"

#include <optional>

#include <QObject>

// What one review asks for: the offline report it extends, who it is for, the provider, and the
// code to ground it in.
struct AdvisorRequest
{
    ReportModel report;
    QString role = QStringLiteral("developer");
    LlmEndpoint endpoint;
    QString sourceFolder; // empty: no code
    QString indexPath; // the code index' database; empty: CodeIndex::defaultPath(sourceFolder)
    // Set: the code is embedded and searched in Qdrant (QdrantCodeIndex) rather than in SQLite FTS5.
    std::optional<QdrantCodeIndex::Settings> qdrant;
    QString promptFolder; // overrides of the built-in templates; empty: PromptLibrary's default
    std::optional<LlmPrice> pricePerMillion; // the user's, or LlmPrice::of(endpoint); none: no cost line
    bool printPromptsOnly = false; // render every step's prompt (prompts()), send nothing
};

// The LLM advisor as the CLI and the GUI drive it: the code index updated, then the chain of
// prompts, all on a worker thread (never the caller's), with what happens reported by signals.
// An interface, so that GUI tests drive a fake.
class Advisor : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual void start(const AdvisorRequest& request) = 0;
    // finished() follows within a second.
    virtual void cancel() = 0;

signals:
    void progress(const QString& message); // "Indexing /src: 40 files, 3 changed"
    void stepStarted(int index, const QString& label);
    void textArrived(int index, const QString& piece);
    void retrying(int index, const QString& reason);
    void stepFinished(int index, const ReportAdviceStep& step);
    // With printPromptsOnly: each step's system and user prompt, instead of the steps.
    void promptRendered(int index, const QString& system, const QString& user);
    // error: why it stopped early (the report then keeps the offline sections it had no answer for).
    void finished(const ReportAdvice& advice, const QString& error);
};
