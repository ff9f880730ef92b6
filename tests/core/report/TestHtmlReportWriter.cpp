#include "ReportTestSupport.h"
#include "report/HtmlReportWriter.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace ReportTestSupport;

class TestHtmlReportWriter : public QObject
{
    Q_OBJECT

private slots:
    void isOneSelfContainedFile();
    void rawHtmlInAnyTextIsShownNotRun();
    void theAdvisorsMarkdownRunsNothingAndFetchesNothing();
    void theContentsLinkToHeadingIds();
    void colorsDiffLines();
    void inlinesEachChartLightAndDark();
};

void TestHtmlReportWriter::isOneSelfContainedFile()
{
    const QString html = QString::fromUtf8(HtmlReportWriter::write(modelOf(QStringLiteral("demo-seed7.json"))));
    QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
    QVERIFY(html.contains(QStringLiteral("<style>")));
    QVERIFY(html.contains(QStringLiteral("prefers-color-scheme: dark")));
    QVERIFY(html.contains(QStringLiteral("@media print")));
    QVERIFY(html.contains(QStringLiteral("<table>")));
    // Nothing fetched, nothing run.
    QVERIFY(!html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
    QVERIFY(!html.contains(QStringLiteral("<link"), Qt::CaseInsensitive));
    static const QRegularExpression external(QStringLiteral("(src|href)=\"(https?:)?//"));
    QVERIFY(!external.match(html).hasMatch());
}

void TestHtmlReportWriter::rawHtmlInAnyTextIsShownNotRun()
{
    RunResult run = readRun(QStringLiteral("breaking-seed11.json"));
    run.scenarios[0].scenario.title = QStringLiteral("<script>alert(1)</script> ok");
    run.scenarios[1].scenario.title = QStringLiteral("<img src=x onerror=alert(2)>");
    run.scenarios[1].scenario.description
        = QStringLiteral("<iframe src=\"javascript:alert(3)\"></iframe> & <b>bold</b>");
    const QString html = QString::fromUtf8(HtmlReportWriter::write(ReportBuilder::build(run, fixedOptions())));
    QVERIFY(!html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
    QVERIFY(!html.contains(QStringLiteral("<img"), Qt::CaseInsensitive));
    QVERIFY(!html.contains(QStringLiteral("<iframe"), Qt::CaseInsensitive));
    QVERIFY(!html.contains(QStringLiteral("<b>bold")));
    QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt; ok")));
    QVERIFY(html.contains(QStringLiteral("&lt;img src=x onerror=alert(2)&gt;")));
    QVERIFY(html.contains(QStringLiteral("&lt;iframe src=&quot;javascript:alert(3)&quot;&gt;&lt;/iframe&gt; &amp; "
                                         "&lt;b&gt;bold&lt;/b&gt;")));
    QVERIFY(html.contains(QStringLiteral("<title>")));
}

void TestHtmlReportWriter::theAdvisorsMarkdownRunsNothingAndFetchesNothing()
{
    // A model's answer is Markdown, rendered: the usual payloads, and an image that would be
    // fetched from elsewhere the moment the file opens (a tracking pixel).
    ReportModel model = ReportBuilder::build(readRun(QStringLiteral("breaking-seed11.json")), fixedOptions());
    const QString payloads = QStringLiteral(
        "Add a timeout. <script>alert(1)</script> <img src=x onerror=alert(2)> <svg onload=alert(3)>\n\n"
        "[docs](javascript:alert(4)) [data](data:text/html;base64,PHNjcmlwdD4=) "
        "<a href=\"javascript:alert(5)\">a</a> <iframe src=\"https://203.0.113.9/\"></iframe>\n\n"
        "![pixel](https://203.0.113.9/pixel.png \"tracker\") <style>body{display:none}</style>\n");
    model.advice = ReportAdvice{.provider = QStringLiteral("OpenAI"),
                                .model = QStringLiteral("gpt-test"),
                                .steps = {ReportAdviceStep{.id = QStringLiteral("recommendations"),
                                                           .title = QStringLiteral("Recommendations"),
                                                           .markdown = payloads}}};
    const QString html = QString::fromUtf8(HtmlReportWriter::write(model));
    QVERIFY(html.contains(QStringLiteral("Add a timeout.")));
    for (const QString& forbidden :
         {QStringLiteral("<script"), QStringLiteral("<img"), QStringLiteral("<svg onload"), QStringLiteral("<iframe"),
          QStringLiteral("href=\"javascript:"), QStringLiteral("href=\"data:"), QStringLiteral("src=\"https://"),
          QStringLiteral("<style>body")}) {
        QVERIFY2(!html.contains(forbidden, Qt::CaseInsensitive), qPrintable(forbidden));
    }
    // The pixel is a link now: shown, fetched only if the reader clicks it.
    QVERIFY2(html.contains(QStringLiteral("<a href=\"https://203.0.113.9/pixel.png\" title=\"tracker\">pixel</a>")),
             qPrintable(html.mid(html.indexOf(QStringLiteral("pixel")) - 80, 200)));
    // And whatever got through would still be refused by the page's policy.
    QVERIFY(html.contains(QStringLiteral("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                                         "style-src 'unsafe-inline'; img-src data:\">")));
}

void TestHtmlReportWriter::theContentsLinkToHeadingIds()
{
    const QString html = QString::fromUtf8(HtmlReportWriter::write(modelOf(QStringLiteral("demo-seed7.json"))));
    static const QRegularExpression link(QStringLiteral("href=\"#([^\"]+)\""));
    static const QRegularExpression id(QStringLiteral("<h[1-6] id=\"([^\"]+)\">"));
    QSet<QString> ids;
    for (auto match = id.globalMatch(html); match.hasNext();) {
        const QString anchor = match.next().captured(1);
        QVERIFY2(!ids.contains(anchor), qPrintable(anchor)); // unique
        ids.insert(anchor);
    }
    int links = 0;
    for (auto match = link.globalMatch(html); match.hasNext(); ++links) {
        const QString target = match.next().captured(1);
        QVERIFY2(ids.contains(target), qPrintable(target));
    }
    QVERIFY(links >= 17); // the sections and the 8 scenarios
    QVERIFY(ids.contains(QStringLiteral("high-jitter-80ms--8hz")));
}

void TestHtmlReportWriter::colorsDiffLines()
{
    const QByteArray html = HtmlReportWriter::render("```diff\n--- a/x.py\n+++ b/x.py\n-old\n+new\n same\n```\n");
    QVERIFY2(html.contains("<span class=\"diff-removed\">-old</span>"), html.constData());
    QVERIFY(html.contains("<span class=\"diff-added\">+new</span>"));
    QVERIFY(html.contains("--- a/x.py\n"));
    QVERIFY(html.contains(" same\n"));
}

void TestHtmlReportWriter::inlinesEachChartLightAndDark()
{
    const ReportModel model = modelOf(QStringLiteral("breaking-seed11.json"));
    const QString html = QString::fromUtf8(HtmlReportWriter::write(model));
    QCOMPARE(html.count(QStringLiteral("<figure class=\"chart\">")), model.charts.size());
    QCOMPARE(html.count(QStringLiteral("<svg ")), 2 * model.charts.size());
    QCOMPARE(html.count(QStringLiteral("<div class=\"chart-dark\">")), model.charts.size());
    QVERIFY(!html.contains(QStringLiteral("chart:")));
    QVERIFY(!html.contains(QStringLiteral("<img")));
    QVERIFY(html.contains(QStringLiteral("<title>Latency over time: GET /</title>")));
}

QTEST_MAIN(TestHtmlReportWriter)
#include "TestHtmlReportWriter.moc"
