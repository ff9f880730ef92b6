#include "GuiTestSupport.h"
#include "core/runner/SampleRun.h"
#include "report/ReportBrowser.h"
#include "report/ReportView.h"
#include "settings/AppSettings.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QToolButton>
#include <QTreeWidget>

using namespace GuiTestSupport;

namespace
{
constexpr int ReportTimeoutMs = 30000;

RunResultPointer hostileRun()
{
    RunResult run = sampleRun();
    run.scenarios[0].scenario.title
        = QStringLiteral("<script>alert(1)</script> <img src=x onerror=alert(2)> ![remote](http://127.0.0.1:9/x.png)");
    return std::make_shared<const RunResult>(run);
}
// The advisor as the GUI drives it, played by the test.
class FakeAdvisor final : public Advisor
{
public:
    using Advisor::Advisor;

    void start(const AdvisorRequest& request) override
    {
        requests.append(request);
    }
    void cancel() override
    {
        ++cancels;
    }

    QList<AdvisorRequest> requests;
    int cancels = 0;
};
} // namespace

// The report viewer: its contents, its safety, its three exports, and the advisor's answers.
class TestReportView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsTheReportWithItsContents();
    void scenarioTextIsShownAsTextAndNothingIsLoaded();
    void exportsTheThreeFormats();
    void copiesACodeBlockInOneClick();
    void theAdvisorsAnswersStreamInAndStopCancels();
    void theRoleChosenReachesTheAdvisorAndIsKept();
};

void TestReportView::initTestCase()
{
    isolateSettings(QStringLiteral("TestReportView"));
}

void TestReportView::showsTheReportWithItsContents()
{
    ReportView view(std::make_shared<const RunResult>(sampleRun()), QStringLiteral("sample.yaml"));
    QSignalSpy ready(&view, &ReportView::ready);
    QVERIFY(ready.wait(ReportTimeoutMs));
    auto* contents = require<QTreeWidget>(&view, QStringLiteral("contentsTreeWidget"));
    QVERIFY(contents->topLevelItemCount() >= 1);
    QStringList headings;
    for (QTreeWidgetItemIterator item(contents); *item; ++item) {
        headings << (*item)->text(0);
    }
    QVERIFY2(headings.contains(QStringLiteral("Executive Summary")), qPrintable(headings.join(QLatin1Char('|'))));
    QVERIFY2(headings.contains(QStringLiteral("SLO Failures Deep Dive")), qPrintable(headings.join(QLatin1Char('|'))));
    auto* browser = require<ReportBrowser>(&view, QStringLiteral("reportBrowser"));
    QVERIFY(browser->document()->toPlainText().contains(view.model()->title));
    // The charts are in the text as objects, not as images to fetch.
    QVERIFY(browser->refusedResources().isEmpty());
}

void TestReportView::scenarioTextIsShownAsTextAndNothingIsLoaded()
{
    ReportView view(hostileRun(), QStringLiteral("hostile.yaml"));
    QSignalSpy ready(&view, &ReportView::ready);
    QVERIFY(ready.wait(ReportTimeoutMs));
    auto* browser = require<ReportBrowser>(&view, QStringLiteral("reportBrowser"));
    const QString text = browser->document()->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("<script>alert(1)</script>")), qPrintable(text.left(2000)));
    QVERIFY(text.contains(QStringLiteral("<img src=x onerror=alert(2)>")));
    QVERIFY(text.contains(QStringLiteral("![remote](http://127.0.0.1:9/x.png)")));
    QVERIFY(browser->refusedResources().isEmpty());

    // Markup that does reach the browser fetches nothing: what it lacks is refused.
    QSignalSpy refused(browser, &ReportBrowser::resourceRefused);
    browser->setHtml(QStringLiteral("<p>x</p><img src=\"http://127.0.0.1:9/x.png\">"));
    browser->grab();
    QTRY_VERIFY_WITH_TIMEOUT(!refused.isEmpty(), ReportTimeoutMs);
    QCOMPARE(refused.first().first().toUrl(), QUrl(QStringLiteral("http://127.0.0.1:9/x.png")));
}

void TestReportView::exportsTheThreeFormats()
{
    QTemporaryDir folder;
    ReportView view(std::make_shared<const RunResult>(sampleRun()), QStringLiteral("sample.yaml"));
    QSignalSpy ready(&view, &ReportView::ready);
    QVERIFY(ready.wait(ReportTimeoutMs));
    QSignalSpy exported(&view, &ReportView::exported);
    const QList<std::pair<ReportExport::Format, QString>> formats{
        {ReportExport::Format::Markdown, folder.filePath(QStringLiteral("report.md"))},
        {ReportExport::Format::Html, folder.filePath(QStringLiteral("report.html"))},
        {ReportExport::Format::Pdf, folder.filePath(QStringLiteral("report.pdf"))}};
    for (const auto& [format, path] : formats) {
        view.exportTo(format, path);
    }
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 3, ReportTimeoutMs);
    for (const QList<QVariant>& signal : std::as_const(exported)) {
        QVERIFY2(signal.at(1).toString().isEmpty(), qPrintable(signal.at(1).toString()));
    }
    for (const auto& [format, path] : formats) {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray head = file.read(8);
        if (format == ReportExport::Format::Pdf) {
            QVERIFY(head.startsWith("%PDF-"));
        } else {
            QVERIFY(file.size() > 100);
        }
    }
}

void TestReportView::copiesACodeBlockInOneClick()
{
    ReportBrowser browser;
    browser.resize(600, 400);
    browser.show();
    browser.setMarkdown(QStringLiteral("Text\n\n```diff\n- timeout: none\n+ timeout: 2s\n```\n\nMore text\n"));
    const QTextBlock code = browser.document()->findBlockByNumber(1);
    QCOMPARE(browser.codeBlockAt(code.position()), QStringLiteral("- timeout: none\n+ timeout: 2s"));
    QVERIFY(browser.codeBlockAt(0).isEmpty());
    // The pointer over the block shows the button; one click copies it.
    const QRect line = browser.cursorRect(QTextCursor(code));
    QTest::mouseMove(browser.viewport(), line.center());
    auto* copy = require<QToolButton>(&browser, QStringLiteral("copyCodeButton"));
    QTRY_VERIFY(copy->isVisible());
    QSignalSpy copied(&browser, &ReportBrowser::codeCopied);
    copy->click();
    QCOMPARE(copied.size(), 1);
    QCOMPARE(copied.first().first().toString(), QStringLiteral("- timeout: none\n+ timeout: 2s"));
}

void TestReportView::theAdvisorsAnswersStreamInAndStopCancels()
{
    ReportView view(std::make_shared<const RunResult>(sampleRun()), QStringLiteral("sample.yaml"));
    view.resize(1200, 800);
    view.show();
    QSignalSpy ready(&view, &ReportView::ready);
    QVERIFY(ready.wait(ReportTimeoutMs));
    auto* ask = require<QPushButton>(&view, QStringLiteral("askAdvisorButton"));
    auto* stop = require<QPushButton>(&view, QStringLiteral("stopAdvisorButton"));
    QVERIFY(!ask->isVisible());
    FakeAdvisor advisor;
    view.setAdvisor(&advisor);
    QVERIFY(ask->isVisible() && ask->isEnabled());

    require<QComboBox>(&view, QStringLiteral("roleComboBox"))->setCurrentText(QStringLiteral("SRE"));
    view.startAdvisor({});
    QCOMPARE(advisor.requests.size(), 1);
    QCOMPARE(advisor.requests.first().role, QStringLiteral("SRE"));
    // The request carries the report the viewer shows, which the answers extend.
    QCOMPARE(advisor.requests.first().report.title, view.model()->title);
    QVERIFY(stop->isVisible() && !ask->isVisible());

    // The answer shows as it arrives, then in the report once its step is settled.
    emit advisor.stepStarted(0, QStringLiteral("Judging the overall resilience posture"));
    emit advisor.textArrived(0, QStringLiteral("## Posture\n\nThe API holds under "));
    emit advisor.textArrived(0, QStringLiteral("latency but **<script>not</script>** under loss."));
    auto* streaming = require<QPlainTextEdit>(&view, QStringLiteral("advisorPlainTextEdit"));
    QVERIFY(streaming->isVisible());
    QCOMPARE(streaming->toPlainText(),
             QStringLiteral("## Posture\n\nThe API holds under latency but **<script>not</script>** under loss."));
    QVERIFY(
        require<QLabel>(&view, QStringLiteral("advisorStatusLabel"))->text().startsWith(QStringLiteral("Step 1 of 7")));
    emit advisor.stepFinished(0,
                              {.id = QStringLiteral("posture"),
                               .title = QStringLiteral("Overall Resilience Posture"),
                               .markdown = QStringLiteral("## Posture\n\nThe API holds under latency but "
                                                          "**<script>not</script>** under loss."),
                               .note = {}});
    auto* browser = require<ReportBrowser>(&view, QStringLiteral("reportBrowser"));
    QTRY_VERIFY_WITH_TIMEOUT(
        browser->document()->toPlainText().contains(QStringLiteral("Advisor: Overall Resilience Posture")),
        ReportTimeoutMs);
    // The model's text is text: its markup is shown, not run.
    QVERIFY(browser->document()->toPlainText().contains(QStringLiteral("<script>not</script>")));
    QStringList headings;
    for (QTreeWidgetItemIterator item(require<QTreeWidget>(&view, QStringLiteral("contentsTreeWidget"))); *item;
         ++item) {
        headings << (*item)->text(0);
    }
    QVERIFY2(headings.contains(QStringLiteral("Advisor: Overall Resilience Posture")),
             qPrintable(headings.join(QLatin1Char('|'))));

    // Stop asks the advisor to cancel; what it had stays in the report.
    stop->click();
    QCOMPARE(advisor.cancels, 1);
    ReportAdvice advice;
    advice.provider = QStringLiteral("OpenAI");
    advice.model = QStringLiteral("gpt-test");
    advice.role = QStringLiteral("SRE");
    advice.steps.append(view.model()->advice->steps.first());
    advice.steps.append({.id = QStringLiteral("slo-deep-dive"),
                         .title = QStringLiteral("SLO Failures Deep Dive"),
                         .markdown = {},
                         .note = QStringLiteral("not run: stopped by the user")});
    QSignalSpy advised(&view, &ReportView::advised);
    emit advisor.finished(advice, QStringLiteral("stopped by the user"));
    QCOMPARE(advised.size(), 1);
    QVERIFY(!view.isAdvising());
    QVERIFY(ask->isVisible() && !stop->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(browser->document()->toPlainText().contains(QStringLiteral("Advice by OpenAI")),
                             ReportTimeoutMs);
    QVERIFY(browser->document()->toPlainText().contains(QStringLiteral("not run: stopped by the user")));

    // The export writes what the viewer shows, the answers included.
    QTemporaryDir folder;
    QSignalSpy exported(&view, &ReportView::exported);
    view.exportTo(ReportExport::Format::Markdown, folder.filePath(QStringLiteral("advised.md")));
    QVERIFY(exported.wait(ReportTimeoutMs));
    QFile written(folder.filePath(QStringLiteral("advised.md")));
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readAll().contains("### Advisor: Overall Resilience Posture"));
}

void TestReportView::theRoleChosenReachesTheAdvisorAndIsKept()
{
    AppSettings::setAdvisorRole(QStringLiteral("developer"));
    ReportView view(std::make_shared<const RunResult>(sampleRun()), QStringLiteral("sample.yaml"));
    view.show();
    QSignalSpy ready(&view, &ReportView::ready);
    QVERIFY(ready.wait(ReportTimeoutMs));
    auto* role = require<QComboBox>(&view, QStringLiteral("roleComboBox"));
    QVERIFY(!role->isVisible());
    FakeAdvisor advisor;
    view.setAdvisor(&advisor);
    QVERIFY(role->isVisible() && role->isEnabled() && role->isEditable());
    QCOMPARE(role->currentText(), QStringLiteral("developer"));
    for (const QString& offered :
         {QStringLiteral("SRE"), QStringLiteral("platform engineer"), QStringLiteral("engineering manager")}) {
        QVERIFY2(role->findText(offered) >= 0, qPrintable(offered));
    }

    // A role of the user's own goes to the advisor as written, and is remembered.
    const QString ownRole = QStringLiteral("Chaos lead (payments)");
    role->lineEdit()->clear();
    QTest::keyClicks(role->lineEdit(), QStringLiteral("  ") + ownRole);
    view.startAdvisor({});
    QCOMPARE(advisor.requests.size(), 1);
    QCOMPARE(advisor.requests.first().role, ownRole);
    QCOMPARE(AppSettings::advisorRole(), ownRole);
    // Fixed while the advisor works on it.
    QVERIFY(!role->isEnabled());
    emit advisor.finished({}, QStringLiteral("stopped by the user"));
    QVERIFY(role->isEnabled());

    ReportView again(std::make_shared<const RunResult>(sampleRun()), QStringLiteral("sample.yaml"));
    QCOMPARE(require<QComboBox>(&again, QStringLiteral("roleComboBox"))->currentText(), ownRole);

    // An emptied field asks for the default.
    role->lineEdit()->clear();
    view.startAdvisor({});
    QCOMPARE(advisor.requests.size(), 2);
    QCOMPARE(advisor.requests.last().role, AdvisorRequest{}.role);
}

QTEST_MAIN(TestReportView)
#include "TestReportView.moc"
