#include "advisor/AdvisorChain.h"
#include "advisor/CodeIndex.h"
#include "report/MarkdownReportWriter.h"
#include "report/ReportBuilder.h"
#include "runner/ResultsJsonReader.h"

#include <variant>

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace
{
constexpr int ChainTimeoutMs = 20000;

// A client that answers from a script, on the next turn of the event loop as a real one does,
// and keeps every request it was sent.
class ScriptedClient final : public LlmClient
{
public:
    // Answers a request; an error instead when it returns one.
    std::function<std::variant<QString, LlmError>(const LlmRequest&)> answer;
    QList<LlmRequest> requests;

    void send(const LlmRequest& request) override
    {
        requests.append(request);
        const auto reply = answer(request);
        QTimer::singleShot(0, this, [this, reply] {
            if (const auto* text = std::get_if<QString>(&reply)) {
                emit textArrived(text->left(text->size() / 2));
                emit textArrived(text->mid(text->size() / 2));
                emit finished(*text, {.inputTokens = 100, .outputTokens = 20});
            } else {
                emit failed(std::get<LlmError>(reply));
            }
        });
    }

    void cancel() override
    { }
};

// "Step 3 of 7" in the prompt: the step it is for.
int stepOf(const LlmRequest& request)
{
    static const QRegularExpression Step(QStringLiteral("Step (\\d) of 7"));
    return Step.match(request.messages.value(1).content).captured(1).toInt();
}

QString goodAnswer(int step)
{
    return QStringLiteral(
               "## Answer %1\n\n*The model's view.*\n\nStep %1 says something.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")
        .arg(step);
}
} // namespace

// The chain against a scripted client, on the demo's results and the demo target's source.
class TestAdvisorChain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyStepIsGivenTheFactsTheCodeAndEveryEarlierAnswer();
    void anAnswerThatIsNotGfmIsAskedForAgainThenSetAside();
    void aBadKeyEndsTheChainAndTheReportSaysWhy();
    void theReportKeepsTheAnswersBesideTheOfflineSections();

private:
    AdvisorChain::Input input(const QString& role = QStringLiteral("SRE"));

    ReportModel m_report;
    QTemporaryDir m_folder;
    std::unique_ptr<CodeIndex> m_index;
};

void TestAdvisorChain::initTestCase()
{
    const ResultsJsonReader::Outcome results
        = ResultsJsonReader::readFile(QStringLiteral(AFTERSHOCK_TEST_DATA "/results/advisor-demo.json"));
    QVERIFY(results.run);
    m_report = ReportBuilder::build(*results.run, {});
    QVERIFY(!m_report.failures.isEmpty());
    m_index = std::make_unique<CodeIndex>(m_folder.filePath(QStringLiteral("index.sqlite")));
    CodeIndex::UpdateStatistics statistics;
    QString error;
    QVERIFY2(m_index->update(QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo-target"), &statistics, &error),
             qPrintable(error));
}

AdvisorChain::Input TestAdvisorChain::input(const QString& role)
{
    return {.report = m_report,
            .role = role,
            .providerName = QStringLiteral("OpenAI"),
            .model = QStringLiteral("gpt-test"),
            .sourceFolder = QStringLiteral("demo-target"),
            .retrieve =
                [this](const QStringList& terms) {
                    QString error;
                    return m_index->search(terms, 12, &error);
                },
            .pricePerMillion = LlmPrice{.inputPerMillion = 1.0, .outputPerMillion = 2.0}};
}

void TestAdvisorChain::everyStepIsGivenTheFactsTheCodeAndEveryEarlierAnswer()
{
    QString error;
    std::optional<PromptLibrary> prompts = PromptLibrary::load(QString(), &error);
    QVERIFY2(prompts, qPrintable(error));
    ScriptedClient client;
    client.answer = [](const LlmRequest& request) -> std::variant<QString, LlmError> {
        return goodAnswer(stepOf(request));
    };
    AdvisorChain chain(std::move(*prompts), input(), &client);
    QSignalSpy finished(&chain, &AdvisorChain::finished);
    QSignalSpy pieces(&chain, &AdvisorChain::textArrived);
    chain.start();
    QVERIFY(finished.wait(ChainTimeoutMs));
    QCOMPARE(finished.first().at(1).toString(), QString());
    QCOMPARE(client.requests.size(), 7);
    QCOMPARE(pieces.size(), 14);
    for (int step = 1; step <= 7; ++step) {
        const LlmRequest& request = client.requests.at(step - 1);
        QCOMPARE(stepOf(request), step);
        const QString system = request.messages.at(0).content;
        const QString user = request.messages.at(1).content;
        // The role as written, never "Sre"; the facts in every step.
        QVERIFY2(system.contains(QStringLiteral("senior SRE")), qPrintable(system));
        QVERIFY(!user.contains(QStringLiteral("Sre")));
        QVERIFY2(user.contains(QStringLiteral("Full black-hole for 1s")), qPrintable(user));
        QVERIFY(user.contains(QStringLiteral("BREACHED")));
        // Every earlier answer, not only the last.
        for (int earlier = 1; earlier < step; ++earlier) {
            QVERIFY2(user.contains(QStringLiteral("Step %1 says something.").arg(earlier)),
                     qPrintable(QStringLiteral("step %1 lacks step %2's answer").arg(step).arg(earlier)));
        }
        QVERIFY(!user.contains(QStringLiteral("Step %1 says something.").arg(step)));
    }
    // The handlers of the breached endpoints reach the hypotheses and the recommendations.
    for (const int step : {3, 4}) {
        const QString user = client.requests.at(step - 1).messages.at(1).content;
        QVERIFY2(user.contains(QStringLiteral("async def create_user")), qPrintable(user));
        QVERIFY(user.contains(QStringLiteral("async def read_user")));
        QVERIFY(user.contains(QStringLiteral("`app.py`, lines ")));
    }
    // The overall posture and the executive summary are about the run, not the code.
    QVERIFY(!client.requests.at(0).messages.at(1).content.contains(QStringLiteral("async def")));
    // The experiments step knows Aftershock's faults.
    QVERIFY(client.requests.at(5).messages.at(1).content.contains(QStringLiteral("`blackhole`")));
    const auto advice = finished.first().at(0).value<ReportAdvice>();
    QCOMPARE(advice.steps.size(), 7);
    QCOMPARE(advice.role, QStringLiteral("SRE"));
    QCOMPARE(advice.inputTokens, 700);
    QCOMPARE(advice.outputTokens, 140);
    QCOMPARE(advice.cost, QStringLiteral("$0.0010"));
    for (const ReportAdviceStep& step : advice.steps) {
        QVERIFY2(step.note.isEmpty(), qPrintable(step.note));
        // The model's own first heading gives way to the report's.
        QVERIFY(!step.markdown.isEmpty());
    }
}

void TestAdvisorChain::anAnswerThatIsNotGfmIsAskedForAgainThenSetAside()
{
    QString error;
    std::optional<PromptLibrary> prompts = PromptLibrary::load(QString(), &error);
    QVERIFY(prompts);
    ScriptedClient client;
    // Step 2 answers a broken table twice; step 3 once, then mends it.
    client.answer = [](const LlmRequest& request) -> std::variant<QString, LlmError> {
        const int step = stepOf(request);
        const bool retry = request.messages.size() > 2;
        if (step == 2 || (step == 3 && !retry)) {
            return QStringLiteral("## Deep dive\n\n| A | B | C |\n|---|---|---|\n| 1 | 2 |\n");
        }
        return goodAnswer(step);
    };
    AdvisorChain chain(std::move(*prompts), input(), &client);
    QSignalSpy finished(&chain, &AdvisorChain::finished);
    QSignalSpy retrying(&chain, &AdvisorChain::retrying);
    chain.start();
    QVERIFY(finished.wait(ChainTimeoutMs));
    QCOMPARE(client.requests.size(), 9);
    QCOMPARE(retrying.size(), 2);
    // The retry states the problem, after the answer it is about.
    const LlmRequest& again = client.requests.at(2);
    QCOMPARE(again.messages.size(), 4);
    QCOMPARE(again.messages.at(2).role, QStringLiteral("assistant"));
    QVERIFY2(again.messages.at(3).content.contains(
                 QStringLiteral("the row at line 5 of the table at line 3 has 2 cells, its header 3")),
             qPrintable(again.messages.at(3).content));
    const auto advice = finished.first().at(0).value<ReportAdvice>();
    const ReportAdviceStep* deepDive = advice.step(QStringLiteral("slo-deep-dive"));
    QVERIFY(deepDive && deepDive->markdown.isEmpty());
    QVERIFY2(deepDive->note.contains(QStringLiteral("not valid GitHub Markdown twice")), qPrintable(deepDive->note));
    QVERIFY(!advice.step(QStringLiteral("causes"))->markdown.isEmpty());
    // A step set aside leaves its note, not its answer, to the later steps.
    QVERIFY(client.requests.last().messages.at(1).content.contains(QStringLiteral("no answer was kept for this step")));
}

void TestAdvisorChain::aBadKeyEndsTheChainAndTheReportSaysWhy()
{
    QString error;
    std::optional<PromptLibrary> prompts = PromptLibrary::load(QString(), &error);
    QVERIFY(prompts);
    ScriptedClient client;
    client.answer = [](const LlmRequest&) -> std::variant<QString, LlmError> {
        return LlmError{.kind = LlmErrorKind::BadKey,
                        .message = QStringLiteral("OpenAI refused the API key (401)"),
                        .httpStatus = 401};
    };
    AdvisorChain chain(std::move(*prompts), input(), &client);
    QSignalSpy finished(&chain, &AdvisorChain::finished);
    chain.start();
    QVERIFY(finished.wait(ChainTimeoutMs));
    QCOMPARE(client.requests.size(), 1);
    QCOMPARE(finished.first().at(1).toString(), QStringLiteral("OpenAI refused the API key (401)"));
    const auto advice = finished.first().at(0).value<ReportAdvice>();
    QCOMPARE(advice.steps.size(), 7);
    QCOMPARE(advice.steps.last().note, QStringLiteral("not run: OpenAI refused the API key (401)"));
}

void TestAdvisorChain::theReportKeepsTheAnswersBesideTheOfflineSections()
{
    ReportModel model = m_report;
    ReportAdvice advice;
    advice.provider = QStringLiteral("OpenAI");
    advice.model = QStringLiteral("gpt-test");
    advice.role = QStringLiteral("SRE");
    advice.inputTokens = 1200;
    advice.outputTokens = 300;
    for (const AdvisorChain::Step& step : AdvisorChain::steps()) {
        advice.steps.append(
            {.id = step.id,
             .title = step.title,
             .markdown = QStringLiteral("## %1\n\nThe model on %1.\n\n### Dashboard\n\nMore.").arg(step.id),
             .note = {}});
    }
    advice.steps[1].markdown.clear();
    advice.steps[1].note = QStringLiteral("its answer was not valid GitHub Markdown twice: x");
    model.advice = advice;
    const QString markdown = QString::fromUtf8(MarkdownReportWriter::write(model));
    // Each answer under its offline section, its own first heading replaced by ours.
    const qsizetype posture = markdown.indexOf(QStringLiteral("## Overall Resilience Posture"));
    const qsizetype postureAdvice = markdown.indexOf(QStringLiteral("### Advisor: Overall Resilience Posture"));
    const qsizetype failures = markdown.indexOf(QStringLiteral("## SLO Failures Deep Dive"));
    QVERIFY(posture >= 0 && posture < postureAdvice && postureAdvice < failures);
    QVERIFY(!markdown.contains(QStringLiteral("## posture\n")));
    QVERIFY(markdown.contains(QStringLiteral("The model on posture.")));
    // Its headings moved under ours; their anchors do not take the offline sections'.
    QVERIFY(markdown.contains(QStringLiteral("##### Dashboard")));
    QVERIFY(markdown.contains(QStringLiteral("- [Dashboard](#dashboard-")));
    QVERIFY(
        markdown.contains(QStringLiteral("The advisor's answer for this step was not kept (its answer was not valid "
                                         "GitHub Markdown twice: x)")));
    QVERIFY(markdown.contains(QStringLiteral("## Further Experiments")));
    QVERIFY(markdown.indexOf(QStringLiteral("### Advisor: Executive Summary")) < posture);
    QVERIFY(markdown.contains(
        QStringLiteral("Advice by OpenAI, model gpt-test, for the role SRE: 1200 input and 300 output tokens")));
}

QTEST_GUILESS_MAIN(TestAdvisorChain)
#include "TestAdvisorChain.moc"
