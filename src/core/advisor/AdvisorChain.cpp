#include "advisor/AdvisorChain.h"

#include "advisor/MarkdownCheck.h"
#include "advisor/ResultsDigest.h"
#include "report/MarkdownReportWriter.h"

#include <QRegularExpression>
#include <QSet>

namespace
{
constexpr int ChunksPerStep = 6;
constexpr qsizetype CharactersPerChunk = 3000;
// The earlier answers a step is given; past it the oldest are cut to their start.
constexpr qsizetype PreviousAdviceCharacters = 24000;
constexpr qsizetype CutAnswerCharacters = 2000;
// A section with tables and diffs; reasoning models spend part of it thinking.
constexpr int MaximumOutputTokens = 8192;

// The offline report's sections each step extends, by their headings.
const QMap<QString, QString>& sectionSteps()
{
    static const QMap<QString, QString> Steps{
        {QStringLiteral("Executive Summary"), QStringLiteral("executive-summary")},
        {QStringLiteral("Overall Resilience Posture"), QStringLiteral("posture")},
        {QStringLiteral("SLO Failures Deep Dive"), QStringLiteral("slo-deep-dive")},
        {QStringLiteral("Potential Cause Hypotheses"), QStringLiteral("causes")},
        {QStringLiteral("Recommendations"), QStringLiteral("recommendations")},
        {QStringLiteral("Summary and Prioritisation"), QStringLiteral("recommendations")},
        {QStringLiteral("Threats and Next Steps"), QStringLiteral("threats")},
    };
    return Steps;
}

// Aftershock's faults with the parameters a scenario gives them, so that suggested experiments
// use only what exists.
QVariantList faultCatalogue()
{
    return {
        QStringLiteral("`latency`: `mean` and `stddev` in ms (`distribution`: normal, uniform, exponential or pareto), "
                       "`side` client or server, `direction` ingress or egress, `period: start:40%,duration:20%`"),
        QStringLiteral("`jitter`: `amplitude` in ms, `frequency` in Hz, `side`, `direction`, `period`"),
        QStringLiteral("`bandwidth`: `rate` and `unit` (Bps, KBps, MBps, GBps), `direction`, `period`"),
        QStringLiteral("`packetloss`: `direction`, `period`"),
        QStringLiteral("`httperror`: `status_code`, `probability` (0 to 1), optional `body`, `period`"),
        QStringLiteral("`blackhole`: `direction`, `period` (calls hang until the client gives up)"),
        QStringLiteral("strategies: `single`; `repeat` with `step`, `count`, `add_baseline_call`; `load` with "
                       "`duration`, `clients`, `rps`; SLOs `slo_type: latency|error` with `objective` and `threshold`"),
    };
}

// Words that find the code a fault or an error class exercises.
QStringList wordsFor(const QString& kind)
{
    static const QMap<QString, QStringList> Words{
        {QStringLiteral("latency"), {QStringLiteral("timeout"), QStringLiteral("latency")}},
        {QStringLiteral("jitter"), {QStringLiteral("timeout")}},
        {QStringLiteral("bandwidth"), {QStringLiteral("stream"), QStringLiteral("payload"), QStringLiteral("size")}},
        {QStringLiteral("packet loss"), {QStringLiteral("retry"), QStringLiteral("timeout")}},
        {QStringLiteral("HTTP error"), {QStringLiteral("retry"), QStringLiteral("error"), QStringLiteral("status")}},
        {QStringLiteral("black-hole"), {QStringLiteral("timeout"), QStringLiteral("connect")}},
        {QStringLiteral("timeout"), {QStringLiteral("timeout")}},
        {QStringLiteral("refused"), {QStringLiteral("connect"), QStringLiteral("retry")}},
        {QStringLiteral("reset"), {QStringLiteral("retry"), QStringLiteral("connection")}},
    };
    for (auto entry = Words.begin(); entry != Words.end(); ++entry) {
        if (kind.contains(entry.key(), Qt::CaseInsensitive)) {
            return entry.value();
        }
    }
    return {};
}

qint64 added(qint64 total, qint64 more)
{
    if (more < 0) {
        return total;
    }
    return total < 0 ? more : total + more;
}

bool endsTheChain(LlmErrorKind kind)
{
    return kind == LlmErrorKind::BadKey || kind == LlmErrorKind::UnknownModel || kind == LlmErrorKind::QuotaExceeded
        || kind == LlmErrorKind::Cancelled;
}
} // namespace

const QList<AdvisorChain::Step>& AdvisorChain::steps()
{
    static const QList<Step> Steps{
        {QStringLiteral("posture"), QStringLiteral("Overall Resilience Posture"),
         QStringLiteral("Judging the overall resilience posture")},
        {QStringLiteral("slo-deep-dive"), QStringLiteral("SLO Failures Deep Dive"),
         QStringLiteral("Exploring the SLO failures")},
        {QStringLiteral("causes"), QStringLiteral("Potential Cause Hypotheses"),
         QStringLiteral("Considering the likely causes")},
        {QStringLiteral("recommendations"), QStringLiteral("Recommendations"),
         QStringLiteral("Crafting recommendations")},
        {QStringLiteral("threats"), QStringLiteral("Threats and Next Steps"), QStringLiteral("Weighing the threats")},
        {QStringLiteral("experiments"), QStringLiteral("Further Experiments"),
         QStringLiteral("Proposing further experiments")},
        {QStringLiteral("executive-summary"), QStringLiteral("Executive Summary"),
         QStringLiteral("Writing the executive summary")},
    };
    return Steps;
}

AdvisorChain::AdvisorChain(PromptLibrary prompts, Input input, LlmClient* client, QObject* parent)
    : QObject(parent)
    , m_prompts(std::move(prompts))
    , m_input(std::move(input))
    , m_client(client)
{
    m_input.report.advice.reset();
    m_digest = ResultsDigest::of(m_input.report);
    const QString offline = QString::fromUtf8(MarkdownReportWriter::write(m_input.report));
    static const QRegularExpression Section(QStringLiteral("^## (.+)$"), QRegularExpression::MultilineOption);
    QRegularExpressionMatchIterator sections = Section.globalMatch(offline);
    QList<QRegularExpressionMatch> headings;
    while (sections.hasNext()) {
        headings.append(sections.next());
    }
    for (qsizetype index = 0; index < headings.size(); ++index) {
        const QString stepId = sectionSteps().value(headings.at(index).captured(1).trimmed());
        if (stepId.isEmpty()) {
            continue;
        }
        const qsizetype end = index + 1 < headings.size() ? headings.at(index + 1).capturedStart() : offline.size();
        m_offlineSections[stepId]
            += offline.mid(headings.at(index).capturedStart(), end - headings.at(index).capturedStart()).trimmed()
            + QStringLiteral("\n\n");
    }
    m_advice.provider = m_input.providerName;
    m_advice.model = m_input.model;
    m_advice.role = m_input.role;
    m_advice.sourceFolder = m_input.sourceFolder;
    if (m_client) {
        connect(m_client, &LlmClient::textArrived, this,
                [this](const QString& piece) { emit textArrived(m_current, piece); });
        connect(m_client, &LlmClient::retrying, this, [this](int, qint64 delayMs, const QString& reason) {
            emit retrying(m_current,
                          QStringLiteral("%1; trying again in %2 s").arg(reason).arg(delayMs / 1000.0, 0, 'f', 1));
        });
        connect(m_client, &LlmClient::finished, this, &AdvisorChain::answerArrived);
        connect(m_client, &LlmClient::failed, this, &AdvisorChain::requestFailed);
    }
}

QString AdvisorChain::offlineSection(const QString& stepId) const
{
    return m_offlineSections.value(stepId).trimmed();
}

QStringList AdvisorChain::searchTerms(int index) const
{
    const QString id = steps().at(index).id;
    if (id == QLatin1String("posture") || id == QLatin1String("executive-summary")) {
        return {};
    }
    const bool failedOnly = id != QLatin1String("experiments")
        && std::any_of(m_input.report.scenarios.begin(), m_input.report.scenarios.end(),
                       [](const ReportScenario& scenario) { return !scenario.passed; });
    QStringList terms;
    QSet<QString> seen;
    const auto add = [&terms, &seen](const QString& term) {
        if (!term.isEmpty() && !seen.contains(term)) {
            seen.insert(term);
            terms.append(term);
        }
    };
    for (const ReportScenario& scenario : m_input.report.scenarios) {
        for (const ReportItem& item : scenario.items) {
            if (failedOnly && item.passed) {
                continue;
            }
            add(item.endpoint);
            add(item.operationId);
            if (id == QLatin1String("slo-deep-dive")) {
                continue;
            }
            for (const ReportFault& fault : item.faults) {
                for (const QString& word : wordsFor(fault.type)) {
                    add(word);
                }
            }
            for (auto kind = item.failuresByKind.begin(); kind != item.failuresByKind.end(); ++kind) {
                for (const QString& word : wordsFor(kind.key())) {
                    add(word);
                }
            }
        }
    }
    return terms;
}

QString AdvisorChain::previousAdvice(int index, bool placeholders) const
{
    QStringList answers;
    for (int earlier = 0; earlier < index; ++earlier) {
        const Step& step = steps().at(earlier);
        const ReportAdviceStep* answered = m_advice.step(step.id);
        QString text;
        if (answered && !answered->markdown.isEmpty()) {
            text = answered->markdown;
        } else if (answered) {
            text = QStringLiteral("(no answer was kept for this step: %1)").arg(answered->note);
        } else if (placeholders) {
            text = QStringLiteral("(the answer to step %1 goes here)").arg(earlier + 1);
        } else {
            continue;
        }
        answers.append(QStringLiteral("### Step %1: %2\n\n%3").arg(earlier + 1).arg(step.title, text));
    }
    qsizetype total = 0;
    for (const QString& answer : std::as_const(answers)) {
        total += answer.size();
    }
    // Over budget: the oldest answers shortened first, the latest kept whole.
    for (qsizetype oldest = 0; total > PreviousAdviceCharacters && oldest + 1 < answers.size(); ++oldest) {
        QString& answer = answers[oldest];
        if (answer.size() > CutAnswerCharacters) {
            total -= answer.size() - CutAnswerCharacters;
            answer = answer.left(CutAnswerCharacters) + QStringLiteral("\n\n(cut for length)");
        }
    }
    return answers.join(QStringLiteral("\n\n"));
}

std::optional<AdvisorChain::Prompt> AdvisorChain::prompt(int index, QString* error) const
{
    const Step& step = steps().at(index);
    const PromptTemplate* system = m_prompts.find(QStringLiteral("system"));
    const PromptTemplate* context = m_prompts.find(QStringLiteral("context"));
    const PromptTemplate* task = m_prompts.find(step.id);
    if (!system || !context || !task) {
        *error = QStringLiteral("the templates for step %1 (%2) are missing").arg(index + 1).arg(step.id);
        return std::nullopt;
    }
    QVariantList code;
    if (m_input.retrieve) {
        const QStringList terms = searchTerms(index);
        if (!terms.isEmpty()) {
            const QList<CodeChunk> chunks = m_input.retrieve(terms);
            for (qsizetype chunkIndex = 0; chunkIndex < chunks.size() && chunkIndex < ChunksPerStep; ++chunkIndex) {
                const CodeChunk& chunk = chunks.at(chunkIndex);
                code.append(QVariantMap{{QStringLiteral("path"), chunk.path},
                                        {QStringLiteral("first_line"), chunk.firstLine},
                                        {QStringLiteral("last_line"), chunk.lastLine},
                                        {QStringLiteral("symbol"), chunk.symbol},
                                        {QStringLiteral("language"), chunk.language},
                                        {QStringLiteral("text"), chunk.text.left(CharactersPerChunk)}});
            }
        }
    }
    QVariantMap values{
        {QStringLiteral("role"), m_input.role},
        {QStringLiteral("digest"), m_digest},
        {QStringLiteral("offline"), offlineSection(step.id)},
        {QStringLiteral("code"), code},
        {QStringLiteral("previous_advice"), previousAdvice(index, true)},
        {QStringLiteral("has_failures"), !m_input.report.failures.isEmpty()},
        {QStringLiteral("fault_catalogue"), faultCatalogue()},
        {QStringLiteral("step_number"), index + 1},
    };
    PromptTemplate::Error renderError;
    Prompt rendered;
    rendered.system = system->render(values, &renderError);
    if (rendered.system.isNull()) {
        *error = renderError.toString();
        return std::nullopt;
    }
    values.insert(QStringLiteral("context"), context->render(values, &renderError));
    if (values.value(QStringLiteral("context")).toString().isNull()) {
        *error = renderError.toString();
        return std::nullopt;
    }
    rendered.user = task->render(values, &renderError);
    if (rendered.user.isNull()) {
        *error = renderError.toString();
        return std::nullopt;
    }
    return rendered;
}

void AdvisorChain::start()
{
    runStep(0);
}

void AdvisorChain::cancel()
{
    if (m_finished) {
        return;
    }
    m_cancelled = true;
    if (m_client) {
        m_client->cancel();
    }
}

void AdvisorChain::runStep(int index)
{
    if (m_cancelled) {
        finishChain(QStringLiteral("stopped by the user"));
        return;
    }
    if (index >= steps().size()) {
        finishChain(QString());
        return;
    }
    m_current = index;
    m_attempt = 0;
    emit stepStarted(index, steps().at(index).progressLabel);
    QString error;
    const std::optional<Prompt> rendered = prompt(index, &error);
    if (!rendered) {
        finishChain(error);
        return;
    }
    // Retrieval may wait on the network (Qdrant), where a cancel can come in.
    if (m_cancelled) {
        finishChain(QStringLiteral("stopped by the user"));
        return;
    }
    m_messages = {{QStringLiteral("system"), rendered->system}, {QStringLiteral("user"), rendered->user}};
    m_client->send({.messages = m_messages, .maxOutputTokens = MaximumOutputTokens});
}

void AdvisorChain::answerArrived(const QString& text, const LlmUsage& usage)
{
    m_advice.inputTokens = added(m_advice.inputTokens, usage.inputTokens);
    m_advice.outputTokens = added(m_advice.outputTokens, usage.outputTokens);
    const Step& step = steps().at(m_current);
    const QStringList problems = MarkdownCheck::problemsOf(text);
    if (problems.isEmpty()) {
        settleStep({.id = step.id, .title = step.title, .markdown = text.trimmed(), .note = {}});
        return;
    }
    if (m_attempt == 0 && !m_cancelled) {
        ++m_attempt;
        emit retrying(
            m_current,
            QStringLiteral("the answer is not valid GitHub Markdown: %1").arg(problems.join(QStringLiteral("; "))));
        m_messages.append({QStringLiteral("assistant"), text});
        m_messages.append({QStringLiteral("user"),
                           QStringLiteral("Your answer cannot be kept as it is: %1. Write the whole answer again, "
                                          "with these fixed and nothing else changed.")
                               .arg(problems.join(QStringLiteral("; ")))});
        m_client->send({.messages = m_messages, .maxOutputTokens = MaximumOutputTokens});
        return;
    }
    settleStep({.id = step.id,
                .title = step.title,
                .markdown = {},
                .note = QStringLiteral("its answer was not valid GitHub Markdown twice: %1")
                            .arg(problems.join(QStringLiteral("; ")))});
}

void AdvisorChain::requestFailed(const LlmError& error)
{
    const Step& step = steps().at(m_current);
    const LlmErrorKind kind = m_cancelled ? LlmErrorKind::Cancelled : error.kind;
    const QString message = kind == LlmErrorKind::Cancelled ? QStringLiteral("stopped by the user") : error.message;
    m_advice.steps.append({.id = step.id, .title = step.title, .markdown = {}, .note = message});
    emit stepFinished(m_current, m_advice.steps.last());
    if (endsTheChain(kind)) {
        finishChain(message);
        return;
    }
    runStep(m_current + 1);
}

void AdvisorChain::settleStep(ReportAdviceStep step)
{
    m_advice.steps.append(std::move(step));
    emit stepFinished(m_current, m_advice.steps.last());
    runStep(m_current + 1);
}

void AdvisorChain::finishChain(const QString& error)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    // The steps never run say so, so that the report tells why their sections are offline only.
    for (const Step& step : steps()) {
        if (!m_advice.step(step.id)) {
            m_advice.steps.append(
                {.id = step.id, .title = step.title, .markdown = {}, .note = QStringLiteral("not run: %1").arg(error)});
        }
    }
    if (m_input.pricePerMillion) {
        m_advice.cost = m_input.pricePerMillion->cost(m_advice.inputTokens, m_advice.outputTokens);
        m_advice.costNote = m_input.pricePerMillion->note(m_advice.inputTokens, m_advice.outputTokens);
    }
    emit finished(m_advice, error);
}
