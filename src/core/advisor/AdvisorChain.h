#pragma once

#include "advisor/CodeIndex.h"
#include "advisor/LlmClient.h"
#include "advisor/LlmPrice.h"
#include "advisor/PromptLibrary.h"
#include "report/ReportModel.h"

#include <functional>
#include <optional>

#include <QObject>

// The advisor's chain of prompts (SPEC §8), run in order on the thread the chain lives on: each
// step is given the role, a digest of the results, the offline analysis of its section, code
// retrieved for what it is about, and every earlier answer (not only the last, so that the
// executive summary sums up the whole review). Each answer is checked as GFM; one that fails is
// asked for again once with its problems stated, and is then set aside with a note, the offline
// section standing. A bad key, an unknown model or an exhausted quota end the chain (every step
// would fail alike); another error costs its step only.
class AdvisorChain : public QObject
{
    Q_OBJECT

public:
    struct Step
    {
        QString id; // the template's name and ReportAdviceStep::id
        QString title; // under "Advisor: " in the report
        QString progressLabel; // what the CLI and the GUI say while it runs
    };
    static const QList<Step>& steps();

    struct Input
    {
        ReportModel report; // the offline analysis, which the answers extend
        QString role; // as the user wrote it
        QString providerName; // for the report's footer
        QString model;
        QString sourceFolder; // what retrieve searches; empty for none
        // The code for a step's search terms, best first; empty (or unset) without an index.
        std::function<QList<CodeChunk>(const QStringList& terms)> retrieve;
        // For the footer's cost, when the price is known (LlmPrice::of) or given.
        std::optional<LlmPrice> pricePerMillion;
    };

    struct Prompt
    {
        QString system;
        QString user;
    };

    // client is used, not owned, and must live on this thread.
    AdvisorChain(PromptLibrary prompts, Input input, LlmClient* client, QObject* parent = nullptr);

    // The prompt of step index as it would be sent now (earlier steps not yet answered show a
    // placeholder), for --print-prompts; nullopt and error set when a template fails.
    std::optional<Prompt> prompt(int index, QString* error) const;
    // The terms the step's code is searched by: the endpoints it is about, their operation ids,
    // and words for the faults and error classes that hit them.
    QStringList searchTerms(int index) const;

    void start();
    // The chain ends within a second with what it has; finished() follows.
    void cancel();

signals:
    void stepStarted(int index, const QString& label);
    void textArrived(int index, const QString& piece);
    void retrying(int index, const QString& reason);
    void stepFinished(int index, const ReportAdviceStep& step);
    // error: why the chain stopped early, empty when every step ran.
    void finished(const ReportAdvice& advice, const QString& error);

private:
    void runStep(int index);
    void answerArrived(const QString& text, const LlmUsage& usage);
    void requestFailed(const LlmError& error);
    void settleStep(ReportAdviceStep step);
    void finishChain(const QString& error);
    QString previousAdvice(int index, bool placeholders) const;
    QString offlineSection(const QString& stepId) const;

    PromptLibrary m_prompts;
    Input m_input;
    LlmClient* m_client;
    QString m_digest; // ResultsDigest of the report: the same for every step
    QMap<QString, QString> m_offlineSections;
    ReportAdvice m_advice;
    int m_current = -1;
    int m_attempt = 0;
    QList<LlmMessage> m_messages; // the current step's conversation
    bool m_cancelled = false;
    bool m_finished = false;
};
