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
