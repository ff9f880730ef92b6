#include "ChartTestSupport.h"
#include "ReportTestSupport.h"
#include "report/ChartPainter.h"
#include "report/ReportCharts.h"

#include <cmath>
#include <limits>

#include <QFileInfo>
#include <QImage>
#include <QPdfWriter>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ChartTestSupport;
using namespace ReportTestSupport;

Q_DECLARE_METATYPE(ReportChart)

namespace
{
constexpr int ToolTimeoutMs = 30000;
const QSize ImageSize(900, 540);

QImage paintedImage(const ReportChart& chart, const ChartPalette& palette, QSize size = ImageSize)
{
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    ChartPainter::paint(painter, QRectF(QPointF(0, 0), size), chart, palette);
    return image;
}

// Pixels of another colour than the background: what was drawn on it.
qsizetype drawnPixels(const QImage& image, const QColor& background)
{
    qsizetype drawn = 0;
    for (int row = 0; row < image.height(); ++row) {
        for (int column = 0; column < image.width(); ++column) {
            drawn += image.pixelColor(column, row) != background ? 1 : 0;
        }
    }
    return drawn;
}
} // namespace

// Paints degenerate and real charts: nothing may crash, everything must show, PDF stays vector.
// With AFTERSHOCK_CHART_LOOK_DIR set, the images and the PDF are also saved there, to look at.
class TestChartPainter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void paintsDegenerateCharts_data();
    void paintsDegenerateCharts();
    void survivesRectanglesOfNoSize();
    void paintsVectorsIntoPdf();
    void keepsInsideThePaintersClip();
    void paintsTheCommittedRunsCharts();

private:
    QTemporaryDir m_folder;
};

void TestChartPainter::initTestCase()
{
    QVERIFY(m_folder.isValid());
}

void TestChartPainter::paintsDegenerateCharts_data()
{
    QTest::addColumn<ReportChart>("chart");
    const double nothing = std::numeric_limits<double>::quiet_NaN();
    const double infinite = std::numeric_limits<double>::infinity();

    QTest::newRow("no calls") << latencyChart();

    ReportChart oneCall = latencyChart();
    oneCall.xMaximum = 0;
    oneCall.series = {p95Series({QPointF(0.125, 12.5)})};
    oneCall.dots = {ReportChart::Dot{0, 12.5, false}};
    QTest::newRow("one call") << oneCall;

    ReportChart allFailed = latencyChart();
    allFailed.series = {p95Series({QPointF(0.5, nothing), QPointF(1.5, nothing)})};
    allFailed.dots = {ReportChart::Dot{0.5, 500, true}, ReportChart::Dot{1.5, 500, true}};
    QTest::newRow("all failed") << allFailed;

    ReportChart huge = latencyChart();
    huge.series = {p95Series({QPointF(0, 1e300), QPointF(1, infinite), QPointF(2, -1e300), QPointF(3, 1e12)})};
    huge.dots = {ReportChart::Dot{1e18, 1e18, false}, ReportChart::Dot{nothing, infinite, true}};
    huge.thresholds = {ReportChart::Threshold{1e300, QStringLiteral("huge")},
                       ReportChart::Threshold{nothing, QStringLiteral("not a number")}};
    QTest::newRow("huge values") << huge;

    ReportChart bandsBeyond = latencyChart();
    bandsBeyond.series = {p95Series({QPointF(0.5, 10), QPointF(1.5, 20)})};
    bandsBeyond.bands
        = {ReportChart::Band{40, 90, QStringLiteral("black-hole")},
           ReportChart::Band{-10, -5, QStringLiteral("before")}, ReportChart::Band{4, 2, QStringLiteral("reversed")},
           ReportChart::Band{nothing, infinite, QStringLiteral("nowhere")}};
    QTest::newRow("bands beyond the data") << bandsBeyond;

    ReportChart crowded = latencyChart();
    crowded.series = {p95Series({QPointF(0.5, 10), QPointF(4.5, 20)})};
    for (int band = 0; band < 40; ++band) {
        crowded.bands.append(ReportChart::Band{band * 0.1, band * 0.1 + 0.05, QStringLiteral("latency window")});
        crowded.thresholds.append(ReportChart::Threshold{15, QStringLiteral("p95 under 15 ms")});
    }
    crowded.title = QString(400, QLatin1Char('x'));
    QTest::newRow("crowded labels") << crowded;

    ReportChart emptyHistogram;
    emptyHistogram.kind = ReportChart::Kind::LatencyHistogram;
    emptyHistogram.bars = {ReportChart::Bar{10, 10, 0}, ReportChart::Bar{20, 10, -3}};
    emptyHistogram.thresholds = {ReportChart::Threshold{300, QString(), ReportChart::AxisSide::Bottom}};
    QTest::newRow("histogram without calls") << emptyHistogram;

    ReportChart oneBar;
    oneBar.kind = ReportChart::Kind::LatencyHistogram;
    oneBar.bars = {ReportChart::Bar{12, 12.01, 5}};
    oneBar.thresholds = {ReportChart::Threshold{1e9, QStringLiteral("far away"), ReportChart::AxisSide::Bottom}};
    QTest::newRow("histogram of one bar") << oneBar;

    ReportChart secondAxisOnly;
    secondAxisOnly.kind = ReportChart::Kind::ErrorsAndThroughput;
    secondAxisOnly.hasSecondYAxis = true;
    ReportChart::Series throughput = p95Series({QPointF(1, 8), QPointF(2, 0)});
    throughput.axis = ReportChart::AxisSide::Right;
    secondAxisOnly.series = {throughput};
    QTest::newRow("second axis only") << secondAxisOnly;
}

void TestChartPainter::paintsDegenerateCharts()
{
    QFETCH(ReportChart, chart);
    const QString lookFolder = qEnvironmentVariable("AFTERSHOCK_CHART_LOOK_DIR");
    for (const ChartPalette& palette : {ChartPalette::light(), ChartPalette::dark()}) {
        const QImage image = paintedImage(chart, palette);
        if (!lookFolder.isEmpty() && palette.background == ChartPalette::light().background) {
            QVERIFY(image.save(QStringLiteral("%1/degenerate-%2.png")
                                   .arg(lookFolder, QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-'))));
        }
        // Axes, ticks and their labels at the least.
        QVERIFY2(drawnPixels(image, palette.background) > 2000,
                 qPrintable(QString::number(drawnPixels(image, palette.background))));
    }
}

void TestChartPainter::survivesRectanglesOfNoSize()
{
    ReportChart chart = latencyChart();
    chart.series = {p95Series({QPointF(0.5, 10), QPointF(1.5, 20)})};
    QImage image(QSize(50, 50), QImage::Format_ARGB32);
    QPainter painter(&image);
    for (const QRectF& rectangle : {QRectF(), QRectF(0, 0, 0, 40), QRectF(0, 0, 40, 0), QRectF(0, 0, 3, 2),
                                    QRectF(0, 0, -5, 10), QRectF(0, 0, 40, 1e9)}) {
        ChartPainter::paint(painter, rectangle, chart, ChartPalette::light());
    }
    QVERIFY(painter.isActive());
}

void TestChartPainter::paintsVectorsIntoPdf()
{
    const RunResult run = readRun(QStringLiteral("breaking-seed11.json"));
    const ScenarioResult& blackhole = run.scenarios.first();
    const QList<ReportChart> charts = ReportCharts::forItem(blackhole.scenario.items.first(), blackhole.items.first());
    QCOMPARE(charts.size(), 3);

    const QString lookFolder = qEnvironmentVariable("AFTERSHOCK_CHART_LOOK_DIR");
    const QString path = lookFolder.isEmpty() ? m_folder.filePath(QStringLiteral("charts.pdf"))
                                              : lookFolder + QStringLiteral("/charts.pdf");
    {
        QPdfWriter writer(path);
        writer.setResolution(1200);
        QPainter painter(&writer);
        // 16 cm wide, as in the report.
        const double width = 16 / 2.54 * writer.resolution();
        for (qsizetype index = 0; index < charts.size(); ++index) {
            if (index > 0) {
                writer.newPage();
            }
            ChartPainter::paint(painter, QRectF(0, 0, width, width * 0.6), charts.at(index), ChartPalette::light());
        }
    }
    QProcess images;
    images.start(QStringLiteral("pdfimages"), {QStringLiteral("-list"), path});
    QVERIFY(images.waitForFinished(ToolTimeoutMs));
    QCOMPARE(images.exitCode(), 0);
    // Only the header and its rule: no image on any page.
    const QStringList lines = QString::fromUtf8(images.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);

    QProcess text;
    text.start(QStringLiteral("pdftotext"), {path, QStringLiteral("-")});
    QVERIFY(text.waitForFinished(ToolTimeoutMs));
    const QString words = QString::fromUtf8(text.readAllStandardOutput());
    QVERIFY2(words.contains(QStringLiteral("black-hole")), qPrintable(words));
    QVERIFY2(words.contains(QStringLiteral("p95 under 300 ms")), qPrintable(words));
}

// Every chart of both committed runs, in both palettes.
void TestChartPainter::paintsTheCommittedRunsCharts()
{
    const QString lookFolder = qEnvironmentVariable("AFTERSHOCK_CHART_LOOK_DIR");
    int painted = 0;
    for (const QString& name : {QStringLiteral("breaking-seed11.json"), QStringLiteral("demo-seed7.json")}) {
        const RunResult run = readRun(name);
        for (qsizetype scenario = 0; scenario < run.scenarios.size(); ++scenario) {
            const ScenarioResult& result = run.scenarios.at(scenario);
            for (qsizetype item = 0; item < result.items.size(); ++item) {
                const QList<ReportChart> charts
                    = ReportCharts::forItem(result.scenario.items.at(item), result.items.at(item));
                for (qsizetype index = 0; index < charts.size(); ++index) {
                    for (const bool dark : {false, true}) {
                        const ChartPalette palette = dark ? ChartPalette::dark() : ChartPalette::light();
                        const QImage image = paintedImage(charts.at(index), palette);
                        QVERIFY(drawnPixels(image, palette.background) > 2000);
                        ++painted;
                        if (!lookFolder.isEmpty()) {
                            const QString file = QStringLiteral("%1/%2-s%3-i%4-c%5%6.png")
                                                     .arg(lookFolder, QFileInfo(name).baseName())
                                                     .arg(scenario)
                                                     .arg(item)
                                                     .arg(index)
                                                     .arg(dark ? QStringLiteral("-dark") : QString());
                            QVERIFY(image.save(file));
                        }
                    }
                }
            }
        }
    }
    QVERIFY(painted >= 12);
}

// A PDF page clips the document to its body; a chart that starts on the next page is drawn with
// that clip, and its bars, dots and lines must stay inside it (they were drawn below the footer).
void TestChartPainter::keepsInsideThePaintersClip()
{
    ReportChart chart = latencyChart();
    chart.series.append(p95Series({{0, 100}, {2.5, 300}, {5, 200}}));
    chart.dots.append({.x = 2, .y = 150});
    QImage image(ImageSize, QImage::Format_ARGB32);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setClipRect(QRect(0, 0, ImageSize.width(), 20));
        ChartPainter::paint(painter, QRectF(QPointF(0, 0), ImageSize), chart, ChartPalette::light());
    }
    QCOMPARE(drawnPixels(image.copy(0, 20, ImageSize.width(), ImageSize.height() - 20), Qt::white), 0);
}

QTEST_MAIN(TestChartPainter)
#include "TestChartPainter.moc"
