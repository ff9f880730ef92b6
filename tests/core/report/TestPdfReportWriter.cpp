#include "ReportTestSupport.h"
#include "report/PdfReportWriter.h"

#include <QBuffer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace ReportTestSupport;

namespace
{
constexpr int ToolTimeoutMs = 30000;

// Runs a poppler tool on the file and returns what it printed.
QString poppler(const QString& tool, const QStringList& arguments)
{
    QProcess process;
    process.start(tool, arguments);
    if (!process.waitForFinished(ToolTimeoutMs) || process.exitCode() != 0) {
        return QString();
    }
    return QString::fromUtf8(process.readAllStandardOutput());
}
} // namespace

// Reads the PDF back as a reader's tools do: pdfinfo, pdftotext and its word boxes.
class TestPdfReportWriter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void hasPagesWithTheirHeaderFooterAndContents();
    void noTableRunsOffThePage();
    void unicodeSurvives();
    void drawsChartsAsVectors();

private:
    QString writePdf(const ReportModel& model, const QString& name);

    QTemporaryDir m_folder;
};

void TestPdfReportWriter::initTestCase()
{
    QVERIFY(m_folder.isValid());
    // To look at the PDFs the tests make.
    m_folder.setAutoRemove(qEnvironmentVariableIsEmpty("AFTERSHOCK_PDF_LOOK"));
    if (!m_folder.autoRemove()) {
        qInfo() << "the PDFs stay in" << m_folder.path();
    }
}

QString TestPdfReportWriter::writePdf(const ReportModel& model, const QString& name)
{
    const QString path = m_folder.filePath(name);
    QFile file(path);
    QString error;
    if (!file.open(QIODevice::WriteOnly) || !PdfReportWriter::write(model, file, &error)) {
        qWarning() << error;
        return QString();
    }
    return path;
}

void TestPdfReportWriter::hasPagesWithTheirHeaderFooterAndContents()
{
    const ReportModel model = modelOf(QStringLiteral("demo-seed7.json"));
    const QString path = writePdf(model, QStringLiteral("demo.pdf"));
    QVERIFY(!path.isEmpty());
    const QString info = poppler(QStringLiteral("pdfinfo"), {path});
    static const QRegularExpression pagesLine(QStringLiteral("Pages:\\s+(\\d+)"));
    const int pages = pagesLine.match(info).captured(1).toInt();
    QVERIFY2(pages >= 3 && pages <= 12, qPrintable(info));
    QVERIFY(info.contains(QStringLiteral("Title:           Resilience report: scenarios")));
    QVERIFY(info.contains(QStringLiteral("A4")));
    const QString text = poppler(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    for (int page = 1; page <= pages; ++page) {
        QVERIFY2(text.contains(QStringLiteral("Page %1 of %2").arg(page).arg(pages)),
                 qPrintable(QString::number(page)));
    }
    QCOMPARE(text.count(QStringLiteral("Resilience report: scenarios")), pages + 1); // each header and the title
    for (const char* section : {"Table of Contents", "Executive Summary", "SLO Failures Deep Dive",
                                "Threats and Next Steps", "Full black-hole for 1 s"}) {
        QVERIFY2(text.contains(QString::fromUtf8(section)), section);
    }
    // The contents give the page each section starts on.
    static const QRegularExpression entry(QStringLiteral("Executive Summary\\s+(\\d+)\\n"));
    const QRegularExpressionMatch found = entry.match(text);
    QVERIFY2(found.hasMatch(), qPrintable(text.left(3000)));
    QVERIFY(found.captured(1).toInt() >= 1 && found.captured(1).toInt() <= pages);
    QVERIFY(text.contains(QStringLiteral("✓ passed")));
}

void TestPdfReportWriter::noTableRunsOffThePage()
{
    RunResult run = readRun(QStringLiteral("breaking-seed11.json"));
    // A cell no word break can fit: the layout must break it anywhere.
    run.scenarios[0].scenario.title = QStringLiteral("x").repeated(400);
    run.scenarios[1].scenario.items[0].call.url
        = QStringLiteral("http://localhost:9090/") + QStringLiteral("segment/").repeated(40);
    const QString path = writePdf(ReportBuilder::build(run, fixedOptions()), QStringLiteral("wide.pdf"));
    QVERIFY(!path.isEmpty());
    const QString boxes = poppler(QStringLiteral("pdftotext"), {QStringLiteral("-bbox"), path, QStringLiteral("-")});
    static const QRegularExpression page(QStringLiteral("<page width=\"([0-9.]+)\""));
    const double width = page.match(boxes).captured(1).toDouble();
    QVERIFY(width > 500);
    static const QRegularExpression word(
        QStringLiteral("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\"[^>]*>([^<]*)<"));
    int words = 0;
    // 16 mm margins: nothing may be drawn past 595 - 45 points.
    const double rightEdge = width - 16 / 25.4 * 72 + 1;
    for (auto match = word.globalMatch(boxes); match.hasNext(); ++words) {
        const QRegularExpressionMatch found = match.next();
        QVERIFY2(found.captured(3).toDouble() <= rightEdge,
                 qPrintable(QStringLiteral("\"%1\" (at %2, %3) ends at %4 of %5")
                                .arg(found.captured(4), found.captured(1), found.captured(2), found.captured(3))
                                .arg(width)));
    }
    QVERIFY(words > 200);
}

void TestPdfReportWriter::unicodeSurvives()
{
    RunResult run = readRun(QStringLiteral("breaking-seed11.json"));
    run.scenarios[0].scenario.title = QStringLiteral("Latenz ± 5 ms ≥ SLO 中文测试 עברית 🔥");
    const QString path = writePdf(ReportBuilder::build(run, fixedOptions()), QStringLiteral("unicode.pdf"));
    QVERIFY(!path.isEmpty());
    // pdftotext reads Noto CJK's 文 back as the Kangxi radical ⽂; compatibility folding undoes it.
    const QString text
        = poppler(QStringLiteral("pdftotext"), {path, QStringLiteral("-")}).normalized(QString::NormalizationForm_KC);
    for (const QString& piece :
         {QStringLiteral("±"), QStringLiteral("≥"), QStringLiteral("中文测试"), QStringLiteral("✗")}) {
        QVERIFY2(text.contains(piece), qPrintable(piece));
    }
    const QString fonts = poppler(QStringLiteral("pdffonts"), {path});
    QVERIFY2(fonts.contains(QStringLiteral("DejaVuSans")), qPrintable(fonts));
    QVERIFY2(fonts.contains(QStringLiteral("CJK")), qPrintable(fonts)); // Noto Sans CJK drew the Chinese
    // The emoji, which PDF readers draw blank from the bitmap font, are pictures in colour.
    QVERIFY2(!fonts.contains(QStringLiteral("Emoji")), qPrintable(fonts));
    const QString images = poppler(QStringLiteral("pdfimages"), {QStringLiteral("-list"), path});
    QVERIFY2(images.contains(QStringLiteral(" rgb ")), qPrintable(images));
    QVERIFY2(!images.contains(QStringLiteral("jpeg")), qPrintable(images)); // lossless
}

// The breaking run's seven charts are in the PDF as paths and text: no picture at all (it has no
// emoji), and their titles and axis labels read back as text.
void TestPdfReportWriter::drawsChartsAsVectors()
{
    const ReportModel model = modelOf(QStringLiteral("breaking-seed11.json"));
    QCOMPARE(model.charts.size(), 7);
    const QString path = writePdf(model, QStringLiteral("charts.pdf"));
    QVERIFY(!path.isEmpty());
    const QString images = poppler(QStringLiteral("pdfimages"), {QStringLiteral("-list"), path});
    QCOMPARE(images.trimmed().split(QLatin1Char('\n')).size(), 2); // the list's two header lines only
    const QString text = poppler(QStringLiteral("pdftotext"), {path, QStringLiteral("-")});
    QCOMPARE(text.count(QStringLiteral("Latency over time: GET /")), 2);
    QCOMPARE(text.count(QStringLiteral("Errors and throughput: GET /")), 2);
    // Open defect: the report's last chart (the repeat item's histogram, after its checks table)
    // is not drawn in the PDF, though the model and the Markdown have it.
    QEXPECT_FAIL("", "the last chart of the document is not drawn (open defect, issue 12)", Continue);
    QCOMPARE(text.count(QStringLiteral("Latency distribution: GET /")), 3);
    QVERIFY(text.contains(QStringLiteral("Time since the start (s)")));
    QVERIFY(text.contains(QStringLiteral("black-hole")));
}

QTEST_MAIN(TestPdfReportWriter)
#include "TestPdfReportWriter.moc"
