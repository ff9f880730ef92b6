#include "ChartTestSupport.h"
#include "ReportTestSupport.h"
#include "report/ChartSvg.h"
#include "report/ReportCharts.h"

#include <QFile>
#include <QStringList>
#include <QTest>
#include <QXmlStreamReader>

namespace
{
const QSizeF ChartSize(640, 360);

ReportChart chartWithLabels()
{
    ReportChart chart = ChartTestSupport::latencyChart();
    chart.series = {ChartTestSupport::p95Series(
        {QPointF(0, 10), QPointF(2, 10), QPointF(2, 480), QPointF(3, 480), QPointF(3, 12), QPointF(5, 12)})};
    chart.dots = {ReportChart::Dot{2.5, 500, true}};
    chart.bands = {ReportChart::Band{2, 3, QStringLiteral("black-hole")}};
    chart.thresholds = {ReportChart::Threshold{300, QStringLiteral("p95 under 300 ms")}};
    return chart;
}

struct ParsedSvg
{
    QString error;
    QString rootName;
    QString viewBox;
    QString title;
    QStringList texts; // every text node, trimmed
    QStringList elementNames;
    QStringList references; // href and xlink:href values
};

ParsedSvg parse(const QByteArray& svg)
{
    ParsedSvg parsed;
    QXmlStreamReader reader(svg);
    QString element;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            element = reader.name().toString();
            parsed.elementNames << element;
            if (parsed.rootName.isEmpty()) {
                parsed.rootName = element;
                parsed.viewBox = reader.attributes().value(QStringLiteral("viewBox")).toString();
            }
            for (const QXmlStreamAttribute& attribute : reader.attributes()) {
                if (attribute.name() == QStringLiteral("href")) {
                    parsed.references << attribute.value().toString();
                }
            }
        } else if (reader.isCharacters() && !reader.isWhitespace()) {
            parsed.texts << reader.text().toString().trimmed();
            if (element == QStringLiteral("title") && parsed.title.isEmpty()) {
                parsed.title = reader.text().toString();
            }
        }
    }
    if (reader.hasError()) {
        parsed.error = reader.errorString();
    }
    return parsed;
}
} // namespace

// The SVG that goes inline into the HTML report: well-formed, scalable, labelled, self-contained.
class TestChartSvg : public QObject
{
    Q_OBJECT

private slots:
    void isAnInlineSvgElementWithItsViewBoxAndTitle();
    void containsTheBandAndThresholdLabels();
    void referencesNothingOutside();
    void escapesTheTitle();
    void darkPaletteIsItsOwn();
    void inlinesTheCommittedRunsCharts();
};

void TestChartSvg::isAnInlineSvgElementWithItsViewBoxAndTitle()
{
    const QByteArray svg = ChartSvg::toSvg(chartWithLabels(), ChartSize, ChartPalette::light());
    QVERIFY(svg.startsWith("<svg"));
    QVERIFY(!svg.contains("<?xml"));
    QVERIFY(!svg.contains("<!DOCTYPE"));
    const ParsedSvg parsed = parse(svg);
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
    QCOMPARE(parsed.rootName, QStringLiteral("svg"));
    QCOMPARE(parsed.viewBox.split(u' ', Qt::SkipEmptyParts),
             (QStringList{QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("640"), QStringLiteral("360")}));
    QCOMPARE(parsed.title, QStringLiteral("Latency over time: GET /users"));
}

void TestChartSvg::containsTheBandAndThresholdLabels()
{
    const ParsedSvg parsed = parse(ChartSvg::toSvg(chartWithLabels(), ChartSize, ChartPalette::light()));
    for (const QString& label : {QStringLiteral("black-hole"), QStringLiteral("p95 under 300 ms"),
                                 QStringLiteral("Latency (ms)"), QStringLiteral("failed call")}) {
        QVERIFY2(parsed.texts.contains(label), qPrintable(label + u'\n' + parsed.texts.join(u'|')));
    }
}

void TestChartSvg::referencesNothingOutside()
{
    const QByteArray svg = ChartSvg::toSvg(chartWithLabels(), ChartSize, ChartPalette::light());
    const ParsedSvg parsed = parse(svg);
    for (const QString& reference : parsed.references) {
        QVERIFY2(reference.startsWith(u'#'), qPrintable(reference));
    }
    QVERIFY(!parsed.elementNames.contains(QStringLiteral("image")));
    QVERIFY(!svg.contains("url(http"));
    QVERIFY(!svg.contains("@import"));
}

void TestChartSvg::escapesTheTitle()
{
    ReportChart chart = chartWithLabels();
    chart.title = QStringLiteral("<script>alert(1)</script> & \"quotes\" <img src=x onerror=alert(2)>");
    chart.bands.first().label = QStringLiteral("</text><script>x</script>");
    const ParsedSvg parsed = parse(ChartSvg::toSvg(chart, ChartSize, ChartPalette::light()));
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
    QCOMPARE(parsed.title, chart.title);
    QVERIFY(!parsed.elementNames.contains(QStringLiteral("script")));
    QVERIFY(!parsed.elementNames.contains(QStringLiteral("img")));
}

void TestChartSvg::darkPaletteIsItsOwn()
{
    const QByteArray light = ChartSvg::toSvg(chartWithLabels(), ChartSize, ChartPalette::light());
    const QByteArray dark = ChartSvg::toSvg(chartWithLabels(), ChartSize, ChartPalette::dark());
    QVERIFY(light != dark);
    QVERIFY(dark.contains(ChartPalette::dark().background.name().toLatin1()));
}

// Every chart of the committed breaking run parses. With AFTERSHOCK_CHART_LOOK_DIR set, they are
// also written there inline in an HTML page, light and dark, to look at in a browser.
void TestChartSvg::inlinesTheCommittedRunsCharts()
{
    const RunResult run = ReportTestSupport::readRun(QStringLiteral("breaking-seed11.json"));
    QByteArray page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>"
                      "figure { max-width: 16cm; margin: 1em; } svg { width: 100%; height: auto; }"
                      "</style></head><body>";
    int charts = 0;
    for (const bool dark : {false, true}) {
        page += dark ? "<div style=\"background:#0d1117\">" : "<div>";
        for (const ScenarioResult& scenario : run.scenarios) {
            for (qsizetype item = 0; item < scenario.items.size(); ++item) {
                for (const ReportChart& chart :
                     ReportCharts::forItem(scenario.scenario.items.at(item), scenario.items.at(item))) {
                    const QByteArray svg
                        = ChartSvg::toSvg(chart, ChartSize, dark ? ChartPalette::dark() : ChartPalette::light());
                    const ParsedSvg parsed = parse(svg);
                    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
                    QCOMPARE(parsed.title, chart.title);
                    page += "<figure>" + svg + "</figure>";
                    ++charts;
                }
            }
        }
        page += "</div>";
    }
    QCOMPARE(charts, 14);
    const QString lookFolder = qEnvironmentVariable("AFTERSHOCK_CHART_LOOK_DIR");
    if (!lookFolder.isEmpty()) {
        QFile file(lookFolder + QStringLiteral("/charts.html"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(page + "</body></html>");
    }
}

QTEST_MAIN(TestChartSvg)
#include "TestChartSvg.moc"
