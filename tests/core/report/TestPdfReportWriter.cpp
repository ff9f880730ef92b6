#include "ReportTestSupport.h"
#include "report/PdfReportWriter.h"

#include <QBuffer>
#include <QFile>
#include <QGuiApplication>
#include <QMap>
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

// The contents' entries whose page is wrong: each entry ("Title   3", on the contents' pages)
// must have its heading as a line of its own on that page. Empty when all are right.
// contentsPages: how many pages the contents take, from the first.
QStringList misplacedEntries(const QString& layoutText, int contentsPages, int* entries)
{
    const QStringList pages = layoutText.split(QLatin1Char('\f'));
    static const QRegularExpression entry(QStringLiteral("^\\s+(\\S.*?\\S)\\s{2,}(\\d+)$"),
                                          QRegularExpression::MultilineOption);
    QStringList misplaced;
    *entries = 0;
    for (int page = 0; page < contentsPages; ++page) {
        QString lines = pages.at(page);
        if (page == 0) {
            lines = lines.mid(lines.indexOf(QStringLiteral("Table of Contents"))); // not the run's table
        }
        for (auto match = entry.globalMatch(lines); match.hasNext(); ++*entries) {
            const QRegularExpressionMatch found = match.next();
            const int target = found.captured(2).toInt();
            const QRegularExpression heading(QStringLiteral("(^|\\n)\\s*")
                                             + QRegularExpression::escape(found.captured(1))
                                             + QStringLiteral("\\s*\\n"));
            if (target < 1 || target >= pages.size() || !pages.at(target - 1).contains(heading)) {
                misplaced << found.captured(0).simplified();
            }
        }
    }
    return misplaced;
}

struct Word
{
    QRectF box;
    QString text;
};

// Each page's words and their boxes, as pdftotext -bbox reads them.
QList<QList<Word>> wordsOfPages(const QString& path)
{
    const QString boxes = poppler(QStringLiteral("pdftotext"), {QStringLiteral("-bbox"), path, QStringLiteral("-")});
    static const QRegularExpression item(QStringLiteral(
        "<page |<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)<"));
    QList<QList<Word>> pages;
    for (auto match = item.globalMatch(boxes); match.hasNext();) {
        const QRegularExpressionMatch found = match.next();
        if (found.captured(0) == QLatin1String("<page ")) {
            pages.append(QList<Word>());
        } else if (!pages.isEmpty()) {
            const QPointF topLeft(found.captured(1).toDouble(), found.captured(2).toDouble());
            const QPointF bottomRight(found.captured(3).toDouble(), found.captured(4).toDouble());
            pages.last().append({QRectF(topLeft, bottomRight), found.captured(5)});
        }
    }
    return pages;
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
    void partsJoinUpOnTheirPages();
    void halvesPaintedAtOnceJoinUp();

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
    int entries = 0;
    const QStringList misplaced = misplacedEntries(text, 1, &entries);
    QVERIFY2(misplaced.isEmpty(), qPrintable(misplaced.join(QLatin1Char('\n'))));
    QCOMPARE(entries, 18); // 8 sections, the dashboard, a recommendation and 8 scenarios
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
    // The last one, after the repeat item's checks table, was once never drawn: the layout had
    // not reached the document's end.
    QCOMPARE(text.count(QStringLiteral("Latency distribution: GET /")), 3);
    QVERIFY(text.contains(QStringLiteral("Time since the start (s)")));
    QVERIFY(text.contains(QStringLiteral("black-hole")));
    QVERIFY(text.trimmed().endsWith(QStringLiteral("Page %1 of %1").arg(text.count(QLatin1Char('\f')))));
    const QString lastPage = text.section(QLatin1Char('\f'), -2, -2);
    QVERIFY2(lastPage.contains(QStringLiteral("Generated on")), qPrintable(lastPage));
}

// The report is laid out in parts, each starting where the one before ended: cut into parts of a
// few paragraphs, nothing overlaps (an early try drew each part from the top of its first page,
// over the end of the part before), nothing is lost, and the contents still give the right pages.
void TestPdfReportWriter::partsJoinUpOnTheirPages()
{
    const ReportModel model = modelOf(QStringLiteral("demo-seed7.json"));
    QString error;
    QFile whole(m_folder.filePath(QStringLiteral("whole.pdf")));
    QVERIFY(whole.open(QIODevice::WriteOnly));
    QVERIFY(PdfReportWriter::write(model, whole, &error));
    whole.close();
    QFile parts(m_folder.filePath(QStringLiteral("parts.pdf")));
    QVERIFY(parts.open(QIODevice::WriteOnly));
    QVERIFY(PdfReportWriter::write(model, parts, &error, 1500)); // about 30 parts
    parts.close();

    const QList<QList<Word>> pages = wordsOfPages(parts.fileName());
    QVERIFY(pages.size() >= 3);
    for (qsizetype page = 0; page < pages.size(); ++page) {
        const QList<Word>& words = pages.at(page);
        for (qsizetype i = 0; i < words.size(); ++i) {
            for (qsizetype j = i + 1; j < words.size(); ++j) {
                const QRectF overlap = words.at(i).box.intersected(words.at(j).box);
                // Touching boxes of neighbouring words share a sliver; overlapping lines share more.
                QVERIFY2(overlap.width() < 1 || overlap.height() < 2,
                         qPrintable(QStringLiteral("page %1: \"%2\" over \"%3\"")
                                        .arg(page + 1)
                                        .arg(words.at(i).text, words.at(j).text)));
            }
        }
    }
    int entries = 0;
    const QString text
        = poppler(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), parts.fileName(), QStringLiteral("-")});
    const QStringList misplaced = misplacedEntries(text, 1, &entries);
    QVERIFY2(misplaced.isEmpty(), qPrintable(misplaced.join(QLatin1Char('\n'))));
    QCOMPARE(entries, 18);
    // The same words as the report laid out whole, but for the pages' bands and the table headers
    // repeated where a page breaks a table (the pages may break elsewhere).
    const auto bodyWords = [](const QList<QList<Word>>& of) {
        QMap<QString, int> counts;
        for (const QList<Word>& page : of) {
            for (const Word& word : page) {
                ++counts[word.text];
            }
        }
        return counts;
    };
    const QMap<QString, int> inParts = bodyWords(pages);
    const QMap<QString, int> inWhole = bodyWords(wordsOfPages(whole.fileName()));
    for (const QString& word : {QStringLiteral("Verdict:"), QStringLiteral("Latency"), QStringLiteral("recovered"),
                                QStringLiteral("black-hole"), QStringLiteral("Threats")}) {
        QVERIFY2(inParts.value(word) > 0, qPrintable(word));
        QCOMPARE(inParts.value(word), inWhole.value(word));
    }
}

// A long report is painted in two halves at once, each by a writer of its own, and the halves
// joined: forced here on the demo's report cut into parts of a few paragraphs. The joined file
// reads as one: every page numbered of the whole, the contents' pages right on both sides of the
// join, the same words as the report painted by one writer.
void TestPdfReportWriter::halvesPaintedAtOnceJoinUp()
{
    const ReportModel model = modelOf(QStringLiteral("demo-seed7.json"));
    QString error;
    QFile one(m_folder.filePath(QStringLiteral("one-writer.pdf")));
    QVERIFY(one.open(QIODevice::WriteOnly));
    QVERIFY(PdfReportWriter::write(model, one, &error, 1500));
    one.close();
    QFile halves(m_folder.filePath(QStringLiteral("halves.pdf")));
    QVERIFY(halves.open(QIODevice::WriteOnly));
    QVERIFY2(PdfReportWriter::write(model, halves, &error, 1500, 1), qPrintable(error));
    halves.close();

    const QString info = poppler(QStringLiteral("pdfinfo"), {halves.fileName()});
    static const QRegularExpression pagesLine(QStringLiteral("Pages:\\s+(\\d+)"));
    const int pages = pagesLine.match(info).captured(1).toInt();
    QVERIFY2(pages >= 3, qPrintable(info));
    QVERIFY(info.contains(QStringLiteral("Title:           Resilience report: scenarios")));
    QVERIFY(info.contains(QStringLiteral("Creator:         Aftershock")));
    // Each half's writer embedded its own subset of the text's font: two writers did paint it.
    const auto fontsNamed = [](const QString& path) {
        static const QRegularExpression regular(QStringLiteral("^DejaVuSans "), QRegularExpression::MultilineOption);
        return poppler(QStringLiteral("pdffonts"), {path}).count(regular);
    };
    QCOMPARE(fontsNamed(one.fileName()), 1);
    QCOMPARE(fontsNamed(halves.fileName()), 2);

    const QString text
        = poppler(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), halves.fileName(), QStringLiteral("-")});
    QCOMPARE(text.count(QLatin1Char('\f')), pages);
    const QStringList pageTexts = text.split(QLatin1Char('\f'));
    for (int page = 1; page <= pages; ++page) {
        QVERIFY2(pageTexts.at(page - 1).contains(QStringLiteral("Page %1 of %2").arg(page).arg(pages)),
                 qPrintable(QString::number(page)));
    }
    // The contents list the headings in the report's order, each on the page it gives.
    int entries = 0;
    const QStringList misplaced = misplacedEntries(text, 1, &entries);
    QVERIFY2(misplaced.isEmpty(), qPrintable(misplaced.join(QLatin1Char('\n'))));
    QCOMPARE(entries, 18);
    // The words in the same order as one writer's: each word's first time, so that table headers
    // repeated where a page breaks a table (the pages after the join may break elsewhere) do not
    // count, and only words with a letter, as the contents' page numbers move with the join.
    const auto words = [](const QString& plain) {
        static const QRegularExpression letter(QStringLiteral("[^\\W\\d_]"));
        QStringList read;
        for (const QString& line : plain.split(QLatin1Char('\n'))) {
            if (line.contains(QStringLiteral("Resilience report: scenarios"))
                || line.startsWith(QStringLiteral("Generated on")) || line.startsWith(QStringLiteral("Page "))) {
                continue; // the bands
            }
            for (const QString& word : line.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                if (word.contains(letter)) {
                    read << word;
                }
            }
        }
        read.removeDuplicates();
        return read;
    };
    const QString halvesText = poppler(QStringLiteral("pdftotext"), {halves.fileName(), QStringLiteral("-")});
    const QString oneText = poppler(QStringLiteral("pdftotext"), {one.fileName(), QStringLiteral("-")});
    const QStringList halvesWords = words(halvesText);
    QVERIFY(halvesWords.size() > 300);
    QCOMPARE(halvesWords, words(oneText));
    // And nothing twice.
    for (const QString& word : {QStringLiteral("Verdict:"), QStringLiteral("recovered"), QStringLiteral("Threats")}) {
        QVERIFY2(halvesText.count(word) > 0, qPrintable(word));
        QCOMPARE(halvesText.count(word), oneText.count(word));
    }

    // What qpdf cannot write is an error, not a crash.
    QBuffer closed;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("device not open")));
    QVERIFY(!PdfReportWriter::write(model, closed, &error, 1500, 1));
    QVERIFY2(error.startsWith(QStringLiteral("cannot join the halves of the PDF")), qPrintable(error));
}

QTEST_MAIN(TestPdfReportWriter)
#include "TestPdfReportWriter.moc"
