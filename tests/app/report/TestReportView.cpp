#include "GuiTestSupport.h"
#include "core/runner/SampleRun.h"
#include "report/ReportBrowser.h"
#include "report/ReportView.h"

#include <QFile>
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
} // namespace

// The report viewer: its contents, its safety, and its three exports.
class TestReportView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsTheReportWithItsContents();
    void scenarioTextIsShownAsTextAndNothingIsLoaded();
    void exportsTheThreeFormats();
    void copiesACodeBlockInOneClick();
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

QTEST_MAIN(TestReportView)
#include "TestReportView.moc"
