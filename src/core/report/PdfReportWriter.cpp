#include "report/PdfReportWriter.h"

#include "report/ChartTextObject.h"
#include "report/MarkdownReportWriter.h"
#include "report/PageNumberTextObject.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFont>
#include <QFontMetricsF>
#include <QHash>
#include <QImage>
#include <QLineF>
#include <QPainter>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextList>
#include <QTextTable>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrentRun>
#include <qpdf/Pipeline.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

namespace
{
constexpr qreal MarginMillimetres = 16;
constexpr qreal BandPoints = 22; // the header's and the footer's height
constexpr qreal BodyPoints = 9.5;
constexpr qreal TablePoints = 8.5; // seven columns of sentences and numbers fit without breaking words
constexpr double ChartWidthPoints = 453; // 16 cm: the chart's tick labels print at about 7.5 pt
// Qt draws a page of a table in time that grows with the table's length (each page walks the
// header of every page the table spans): 3,000 rows in one table took most of a 1,000 scenario
// report's 30 s of painting. Tables of at most this many rows keep a page's cost flat.
constexpr qsizetype RowsPerTable = 40;
constexpr int RowsForColumnWidths = 12; // the rows that set a table's column widths
// Tables' spacing, in format units (CSS pixels).
constexpr qreal CellPadding = 3;
constexpr qreal TableTopMargin = 4;
constexpr qreal TableBottomMargin = 8;
constexpr qreal GridLineWidth = 0.5;
const QColor GridColor(0x8c, 0x95, 0x9f);

const QColor Ink(0x1f, 0x23, 0x28);
const QColor Muted(0x59, 0x63, 0x6e);
const QColor Accent(0x0b, 0x3d, 0x91);
const QColor CodeBackground(0xf3, 0xf4, 0xf6);
const QColor AddedBackground(0xd7, 0xf5, 0xdd);
const QColor RemovedBackground(0xfb, 0xe0, 0xdd);

// What the fonts cannot draw: no installed font has these emoji, DejaVu has the marks they mean.
QString forTextDocument(QString markdown)
{
    return markdown.replace(QStringLiteral("✅"), QStringLiteral("✓")).replace(QStringLiteral("❌"), QStringLiteral("✗"));
}

qreal pointsToDevice(qreal points, const QPdfWriter& writer)
{
    return points * writer.resolution() / 72.0;
}

// Lengths in text formats (margins, padding, tabs) are CSS pixels, which the layout scales to the
// device; the page size and positions are the device's.
qreal devicePerFormatUnit(const QPdfWriter& writer)
{
    return writer.resolution() / 96.0;
}

QList<QTextTable*> tablesOf(QTextFrame* frame)
{
    QList<QTextTable*> tables;
    for (QTextFrame* child : frame->childFrames()) {
        if (auto* table = qobject_cast<QTextTable*>(child)) {
            tables << table;
        }
        tables += tablesOf(child);
    }
    return tables;
}

QString cellText(const QTextTableCell& cell)
{
    QString text;
    for (auto it = cell.begin(); !it.atEnd(); ++it) {
        text += it.currentBlock().text();
    }
    return text;
}

// Each column gets room for its longest word (up to a limit: a URL may break anywhere), and the
// rest of the width goes by its cells' mean length in the first rows: a column of sentences gets
// more than one of numbers. Qt's own widths are about equal, which stacked the
// sentences a word a line and broke the numbers.
QList<QTextLength> columnWidths(QTextTable& table)
{
    constexpr double PercentPerCharacter = 100.0 / 84; // a line of the table's type holds 84 digits
    constexpr qsizetype LongestWordKept = 14;
    QList<double> minimums;
    QList<double> weights;
    const int rows = std::min(table.rows(), RowsForColumnWidths);
    for (int column = 0; column < table.columns(); ++column) {
        qsizetype length = 0;
        qsizetype longestWord = 1;
        for (int row = 0; row < rows; ++row) {
            const QString text = cellText(table.cellAt(row, column));
            length += text.size();
            for (const QStringView word : QStringView(text).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                longestWord = std::max(longestWord, std::min(word.size(), LongestWordKept));
            }
        }
        minimums << static_cast<double>(longestWord + 1) * PercentPerCharacter; // and the padding
        weights << std::max<double>(4, static_cast<double>(length) / std::max(rows, 1));
    }
    const double minimumTotal = std::accumulate(minimums.begin(), minimums.end(), 0.0);
    const double weightTotal = std::accumulate(weights.begin(), weights.end(), 0.0);
    // Minimums that do not fit shrink together and leave nothing to share.
    const double scale = minimumTotal > 100 ? 100 / minimumTotal : 1;
    const double shared = 100 - minimumTotal * scale;
    QList<QTextLength> widths;
    for (qsizetype column = 0; column < minimums.size(); ++column) {
        widths << QTextLength(QTextLength::PercentageLength,
                              minimums.at(column) * scale + shared * weights.at(column) / weightTotal);
    }
    return widths;
}

// The column widths of each kind of table, by its header: the parts of a long table, and the
// tables of every scenario, line up with each other.
using ColumnWidthsByHeader = QHash<QString, QList<QTextLength>>;

QString headerOf(QTextTable& table)
{
    QStringList cells;
    for (int column = 0; column < table.columns(); ++column) {
        cells << cellText(table.cellAt(0, column));
    }
    return cells.join(QChar(0x1f));
}

// Full width at most, so long cells wrap rather than run off the page; one line of border; the
// header row repeated on every page a table spans.
void fitTables(QTextDocument& document, ColumnWidthsByHeader& widthsByHeader)
{
    for (QTextTable* table : tablesOf(document.rootFrame())) {
        QTextTableFormat format = table->format();
        format.setWidth(QTextLength(QTextLength::PercentageLength, 100));
        const QString header = headerOf(*table);
        auto widths = widthsByHeader.constFind(header);
        if (widths == widthsByHeader.constEnd()) {
            widths = widthsByHeader.insert(header, columnWidths(*table));
        }
        format.setColumnWidthConstraints(*widths);
        // No borders of Qt's: it draws each cell's four edges on their own, page by page, and
        // that was a fifth of the PDF's time (collapsed ones, which look each cell's neighbours
        // up, a third). TableGrid draws the lines, a table and a page at a time.
        format.setBorderCollapse(false);
        format.setBorder(0);
        format.setCellSpacing(0);
        format.setCellPadding(CellPadding);
        format.setHeaderRowCount(1);
        format.setTopMargin(TableTopMargin);
        format.setBottomMargin(TableBottomMargin);
        table->setFormat(format);
        QTextCursor cells(&document);
        cells.setPosition(table->firstPosition());
        cells.setPosition(table->lastPosition(), QTextCursor::KeepAnchor);
        QTextCharFormat type;
        type.setFontPointSize(TablePoints);
        cells.mergeCharFormat(type);
        for (int column = 0; column < table->columns(); ++column) {
            QTextTableCell cell = table->cellAt(0, column);
            QTextTableCellFormat cellFormat = cell.format().toTableCellFormat();
            cellFormat.setBackground(QColor(0xee, 0xf1, 0xf4));
            cell.setFormat(cellFormat);
        }
    }
}

// Headings get air above them and the section colour; code blocks a background, and a diff's
// added and removed lines theirs.
void styleBlocks(QTextDocument& document)
{
    QTextCursor cursor(&document);
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        QTextBlockFormat format = block.blockFormat();
        cursor.setPosition(block.position());
        if (const int level = format.headingLevel(); level > 0) {
            format.setTopMargin(level <= 2 ? 16 : 10);
            format.setBottomMargin(4);
            format.setPageBreakPolicy(QTextFormat::PageBreak_Auto);
            cursor.setBlockFormat(format);
            if (level == 2) {
                // Not movePosition(EndOfBlock): that lays the block out, inside the edit, each time.
                cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
                QTextCharFormat accent;
                accent.setForeground(Accent);
                cursor.mergeCharFormat(accent);
            }
            continue;
        }
        if (!format.hasProperty(QTextFormat::BlockCodeFence)) {
            continue;
        }
        const bool diff = format.stringProperty(QTextFormat::BlockCodeLanguage) == QLatin1String("diff");
        const QString text = block.text();
        QColor background = CodeBackground;
        if (diff && text.startsWith(QLatin1Char('+')) && !text.startsWith(QLatin1String("+++"))) {
            background = AddedBackground;
        } else if (diff && text.startsWith(QLatin1Char('-')) && !text.startsWith(QLatin1String("---"))) {
            background = RemovedBackground;
        }
        format.setBackground(background);
        // A code line longer than the page wraps rather than run off it.
        format.setNonBreakableLines(false);
        cursor.setBlockFormat(format);
    }
}

// Emoji and what joins or modifies them into one picture.
bool isEmojiPart(char32_t code)
{
    return (code >= 0x1F000 && code <= 0x1FAFF) || code == 0x200D || code == 0xFE0F || code == 0x20E3;
}

bool startsEmoji(char32_t code)
{
    return code >= 0x1F000 && code <= 0x1FAFF;
}

// Noto Color Emoji is a bitmap font, which the PDF embeds but readers draw blank: each emoji is
// drawn here into an image with it, in colour, and shown at the text's height instead.
void drawEmojiAsImages(QTextDocument& document)
{
    struct Cluster
    {
        int position = 0;
        int length = 0;
        QString text;
        qreal pixelSize = 0;
    };
    QList<Cluster> clusters;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto fragment = block.begin(); !fragment.atEnd(); ++fragment) {
            const QString text = fragment.fragment().text();
            const QList<uint> codes = text.toUcs4();
            qsizetype offset = 0; // in UTF-16 units
            for (qsizetype i = 0; i < codes.size();) {
                if (!startsEmoji(codes.at(i))) {
                    offset += QChar::requiresSurrogates(codes.at(i)) ? 2 : 1;
                    ++i;
                    continue;
                }
                Cluster cluster{.position = fragment.fragment().position() + static_cast<int>(offset)};
                while (i < codes.size() && isEmojiPart(codes.at(i))) {
                    cluster.text += QString::fromUcs4(reinterpret_cast<const char32_t*>(&codes.at(i)), 1);
                    ++i;
                }
                cluster.length = static_cast<int>(cluster.text.size());
                const QFont font = fragment.fragment().charFormat().font();
                cluster.pixelSize = QFontMetricsF(font).height();
                offset += cluster.length;
                clusters << cluster;
            }
        }
    }
    QTextCursor cursor(&document);
    // From the end, so that replacing one leaves the positions of those before it as they are.
    for (auto cluster = clusters.crbegin(); cluster != clusters.crend(); ++cluster) {
        constexpr int Pixels = 72;
        QImage image(Pixels, Pixels, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        QFont emoji(QStringLiteral("Noto Color Emoji"));
        emoji.setPixelSize(Pixels * 3 / 4);
        painter.setFont(emoji);
        painter.drawText(image.rect(), Qt::AlignCenter, cluster->text);
        painter.end();
        const QString name = QStringLiteral("emoji:%1").arg(cluster->text.toUcs4().first(), 0, 16);
        document.addResource(QTextDocument::ImageResource, QUrl(name), image);
        QTextImageFormat format;
        format.setName(name);
        format.setWidth(cluster->pixelSize);
        format.setHeight(cluster->pixelSize);
        format.setVerticalAlignment(QTextCharFormat::AlignBottom);
        cursor.setPosition(cluster->position);
        cursor.setPosition(cluster->position + cluster->length, QTextCursor::KeepAnchor);
        cursor.insertImage(format);
    }
}

struct Heading
{
    QTextBlock block;
    int level = 0;
};

QList<Heading> headingsOf(const QTextDocument& document)
{
    QList<Heading> headings;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        if (const int level = block.blockFormat().headingLevel(); level > 0) {
            headings.append({block, level});
        }
    }
    return headings;
}

// The lines of a laid-out table, in its document's coordinates: a line around every cell, and on
// each page the table continues onto, around the header that Qt repeats at the page's top.
class TableGrid
{
public:
    TableGrid(QTextTable& table, const QAbstractTextDocumentLayout& layout, QSizeF page, qreal devicePerFormatUnit)
    {
        const qreal padding = CellPadding * devicePerFormatUnit;
        const qreal pageHeight = page.height();
        const auto contentOf = [&](const QTextTableCell& cell) {
            const QRectF first = layout.blockBoundingRect(cell.firstCursorPosition().block());
            const QRectF last = layout.blockBoundingRect(cell.lastCursorPosition().block());
            return QRectF(first.topLeft(), QPointF(first.right(), last.bottom()));
        };
        // The left edge of each column, then the table's right edge: a block's own rectangle is
        // as wide as its text, not as its cell, and the table's is as wide as the table but
        // placed a cell's padding to the right (Qt 6.4.2), so only its width is taken.
        QList<qreal> columns;
        for (int column = 0; column < table.columns(); ++column) {
            columns << contentOf(table.cellAt(0, column)).left() - padding;
        }
        // A table of the full width comes out a few device units wider than the page.
        columns << std::min(columns.constFirst() + layout.frameBoundingRect(&table).width(), page.width());
        // Each row's top and bottom. A row's cells start at one height, so its first cell gives
        // the top; the bottom is the next row's top unless a page break comes between (then the
        // tallest cell's end), which spares looking up every cell of a long table.
        QList<std::pair<qreal, qreal>> rows;
        for (int row = 0; row < table.rows(); ++row) {
            rows.append({contentOf(table.cellAt(row, 0)).top() - padding, 0});
        }
        const auto pageOf = [pageHeight](qreal y) {
            return int(y / pageHeight);
        };
        for (qsizetype row = 0; row < rows.size(); ++row) {
            if (row + 1 < rows.size() && pageOf(rows.at(row + 1).first) == pageOf(rows.at(row).first)) {
                rows[row].second = rows.at(row + 1).first;
                continue;
            }
            qreal bottom = std::numeric_limits<qreal>::lowest();
            for (int column = 0; column < table.columns(); ++column) {
                bottom = std::max(bottom, contentOf(table.cellAt(int(row), column)).bottom() + padding);
            }
            rows[row].second = bottom;
        }
        if (rows.isEmpty() || columns.size() < 2) {
            return;
        }
        // The outer lines inside the table, so that the page's clip does not halve them.
        const qreal halfLine = GridLineWidth * devicePerFormatUnit / 2;
        columns.first() += halfLine;
        columns.last() -= halfLine;
        const qreal left = columns.constFirst();
        const qreal right = columns.constLast();
        const auto across = [&](qreal y) {
            m_lines.append(QLineF(left, y, right, y));
        };
        // Down each column boundary, a row at a time, broken where the row is across a page break.
        const qreal bottomGap = TableBottomMargin * devicePerFormatUnit;
        const qreal headerTopGap = TableTopMargin * devicePerFormatUnit;
        const qreal headerHeight = rows.size() > 1 ? rows.at(1).first - rows.at(0).first : 0;
        const auto down = [&](qreal top, qreal bottom) {
            for (int page = int(top / pageHeight); page <= int(bottom / pageHeight) && top < bottom; ++page) {
                const qreal pageEnd = (page + 1) * pageHeight;
                const qreal end = bottom <= pageEnd ? bottom : pageEnd - bottomGap;
                for (const qreal x : std::as_const(columns)) {
                    m_lines.append(QLineF(x, top, x, end));
                }
                top = pageEnd + headerTopGap + headerHeight;
            }
        };
        for (qsizetype row = 0; row < rows.size(); ++row) {
            const auto [top, bottom] = rows.at(row);
            across(top);
            if (row + 1 == rows.size() || rows.at(row + 1).first - bottom > 1) {
                across(bottom); // not the next row's top: the last row, or a page break between
            }
            down(top, bottom);
        }
        // The header Qt repeats at the top of each page the table continues onto.
        const int firstPage = int(rows.constFirst().first / pageHeight);
        const int lastPage = int(rows.constLast().second / pageHeight);
        for (int page = firstPage + 1; page <= lastPage && rows.size() > 1; ++page) {
            const qreal top = page * pageHeight + headerTopGap;
            across(top);
            across(top + headerHeight);
            for (const qreal x : std::as_const(columns)) {
                m_lines.append(QLineF(x, top, x, top + headerHeight));
            }
        }
        m_top = rows.constFirst().first;
        m_bottom = rows.constLast().second;
    }

    qreal top() const
    {
        return m_top;
    }

    qreal bottom() const
    {
        return m_bottom;
    }

    void paint(QPainter& painter, qreal devicePerFormatUnit) const
    {
        painter.save();
        painter.setPen(QPen(GridColor, GridLineWidth * devicePerFormatUnit));
        painter.drawLines(m_lines);
        painter.restore();
    }

private:
    QList<QLineF> m_lines;
    qreal m_top = 0;
    qreal m_bottom = 0;
};

// A run of the report laid out on its own. A QTextDocument's layout and painting slow down with
// its length (cell and position lookups walk a tree of the whole text), so the report is a chain
// of documents, each starting on the page, and at the height, where the one before it ended.
struct Slice
{
    std::unique_ptr<QTextDocument> document;
    int firstPage = 0; // the report's page (from 0) that this slice's first page is
    int pageCount = 1;
    QList<TableGrid> grids; // in the order of the tables' tops

    // The page of the block's first line: a block that does not fit at a page's end keeps its
    // place there and has its lines moved to the next page.
    int pageOf(const QTextBlock& block) const
    {
        qreal top = document->documentLayout()->blockBoundingRect(block).top();
        if (block.layout()->lineCount() > 0) {
            top = block.layout()->position().y() + block.layout()->lineAt(0).y();
        }
        // Plus a hair: the layout puts a line moved to the next page a rounding short of its top.
        return firstPage + static_cast<int>((top + 1) / document->pageSize().height());
    }
};

// The Markdown cut, once a part has at least charactersPerPart, before a heading or a table:
// never inside a fenced block, a list or a table, so each part reads as the whole would.
QStringList splitMarkdown(const QString& markdown, qsizetype charactersPerPart)
{
    QStringList parts;
    QString fence;
    qsizetype partStart = 0;
    bool afterBlankLine = false;
    for (qsizetype lineStart = 0; lineStart < markdown.size();) {
        qsizetype lineEnd = markdown.indexOf(QLatin1Char('\n'), lineStart);
        lineEnd = lineEnd < 0 ? markdown.size() : lineEnd + 1;
        const QStringView line = QStringView(markdown).mid(lineStart, lineEnd - lineStart);
        if (fence.isEmpty() && line.startsWith(QLatin1String("```"))) {
            qsizetype ticks = 0;
            while (ticks < line.size() && line.at(ticks) == QLatin1Char('`')) {
                ++ticks;
            }
            fence = line.left(ticks).toString();
        } else if (!fence.isEmpty()) {
            if (line.trimmed() == fence) {
                fence.clear();
            }
        } else if (lineStart - partStart >= charactersPerPart
                   && (line.startsWith(QLatin1Char('#')) || (afterBlankLine && line.startsWith(QLatin1Char('|'))))) {
            parts << markdown.mid(partStart, lineStart - partStart);
            partStart = lineStart;
        }
        afterBlankLine = fence.isEmpty() && line.trimmed().isEmpty();
        lineStart = lineEnd;
    }
    parts << markdown.mid(partStart);
    return parts;
}

// The contents' entries with the pages of the level 2 and 3 headings that follow them, in order.
class ContentsPages
{
public:
    ContentsPages(QTextDocument& document, qreal pageWidth, qreal devicePerFormatUnit)
        : m_document(document)
        , m_pageWidth(pageWidth)
        , m_devicePerFormatUnit(devicePerFormatUnit)
    {
        const QList<Heading> headings = headingsOf(document);
        const auto contents = std::find_if(headings.begin(), headings.end(), [](const Heading& heading) {
            return heading.block.text() == QLatin1String("Table of Contents");
        });
        if (contents == headings.end()) {
            return;
        }
        m_contents = contents->block;
        for (QTextBlock block = contents->block.next(); block.isValid() && block.blockFormat().headingLevel() == 0;
             block = block.next()) {
            if (block.textList()) {
                m_entries << block;
            }
        }
    }

    // Ends each entry with a tab to the right edge and the object that will show its page.
    void insertNumbers()
    {
        m_numbers = PageNumberTextObject::install(m_document);
        QTextCursor cursor(&m_document);
        QTextCharFormat number;
        number.setForeground(Muted);
        for (qsizetype i = 0; i < m_entries.size(); ++i) {
            const QTextBlock entry = m_entries.at(i);
            QTextBlockFormat format = entry.blockFormat();
            const qreal indent = entry.textList()->format().indent() * m_document.indentWidth();
            const qreal right = m_pageWidth / m_devicePerFormatUnit - indent - format.leftMargin() - 1;
            format.setTabPositions({QTextOption::Tab(right, QTextOption::RightTab)});
            cursor.setPosition(entry.position());
            cursor.setBlockFormat(format);
            cursor.setPosition(entry.position() + entry.length() - 1);
            cursor.insertText(QStringLiteral("\t"), number);
            PageNumberTextObject::insert(cursor, static_cast<int>(i), number);
        }
    }

    // Reads each heading's page (from 1) from the finished layout of every slice, in order; the
    // numbers take no more room than was kept for them, so nothing moves.
    void fillNumbers(const std::vector<Slice>& slices)
    {
        if (!m_numbers) {
            return;
        }
        QList<int> pages;
        bool afterContents = false;
        for (const Slice& slice : slices) {
            for (const Heading& heading : headingsOf(*slice.document)) {
                if (afterContents && heading.level <= 3) {
                    pages << slice.pageOf(heading.block) + 1;
                }
                afterContents = afterContents || heading.block == m_contents;
            }
        }
        m_numbers->setPages(pages);
    }

private:
    QTextDocument& m_document;
    qreal m_pageWidth;
    qreal m_devicePerFormatUnit;
    QTextBlock m_contents;
    QList<QTextBlock> m_entries;
    PageNumberTextObject* m_numbers = nullptr;
};

// A part of the report as a document: Qt's own Markdown reader, not the HTML writer's output (its
// HTML importer, given cmark's tables, lays some blocks out and then never paints them, seen with
// Qt 6.4.2), then the styling, the emoji and the charts. Touches nothing but the document.
void fillDocument(QTextDocument& document, const QString& markdown, const ReportModel& model,
                  ColumnWidthsByHeader& widthsByHeader)
{
    QTextCursor importing(&document);
    importing.beginEditBlock();
    document.setMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);
    // Its own edit: inside the import's, the styling found no tables.
    importing.endEditBlock();
    QTextCursor editing(&document);
    editing.beginEditBlock();
    fitTables(document, widthsByHeader);
    styleBlocks(document);
    drawEmojiAsImages(document);
    ChartTextObject::replaceImages(document, model.charts, ChartPalette::light(), ChartWidthPoints);
    editing.endEditBlock();
}

// Every writer of the report alike: the page, its margins, and the title and creator, which the
// joined file keeps from its first half.
void setUpWriter(QPdfWriter& writer, const ReportModel& model)
{
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(MarginMillimetres, MarginMillimetres, MarginMillimetres, MarginMillimetres),
                          QPageLayout::Millimeter);
    writer.setTitle(model.title);
    writer.setCreator(QStringLiteral("Aftershock %1").arg(model.version));
}

class PdfLayout
{
public:
    explicit PdfLayout(QPdfWriter& writer)
        : m_writer(writer)
        , m_page(writer.pageLayout().paintRectPixels(writer.resolution()))
        , m_band(pointsToDevice(BandPoints, writer))
        , m_devicePerFormatUnit(devicePerFormatUnit(writer))
    { }

    // The height is the page's less the header and the footer.
    QSizeF bodySize() const
    {
        return {m_page.width(), m_page.height() - 2 * m_band};
    }

    // A document for a part of the report, with no page size yet: until it has one, edits lay
    // nothing out, so it can be filled on another thread and laid out here once.
    std::unique_ptr<QTextDocument> newDocument() const
    {
        auto document = std::make_unique<QTextDocument>();
        // Before the Markdown: its reader sizes headings, lists and code for the layout's device.
        document->documentLayout()->setPaintDevice(&m_writer);
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPointSizeF(BodyPoints);
        document->setDefaultFont(font);
        QTextOption option = document->defaultTextOption();
        // A long URL or identifier breaks where it must rather than run off the page.
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        document->setDefaultTextOption(option);
        document->setDocumentMargin(0);
        // A null size, not the default (-1, -1): with that one every edit lays the document out.
        document->setPageSize(QSizeF(0, 0));
        return document;
    }

    // Lays the parts out as a chain from the top of page 0 (each slice starting where the one
    // before ended), each as soon as it is filled, on this thread, which takes the documents. The
    // first document gets the contents' page numbers if they are asked for.
    std::vector<Slice> layOut(std::span<QFuture<std::unique_ptr<QTextDocument>>> filled,
                              std::optional<ContentsPages>* contents) const
    {
        std::vector<Slice> slices;
        int page = 0;
        qreal top = 0; // where on its first page the next slice starts
        for (QFuture<std::unique_ptr<QTextDocument>>& future : filled) {
            Slice slice{future.takeResult(), page};
            QTextDocument& document = *slice.document;
            document.moveToThread(QThread::currentThread());
            QTextCursor editing(&document);
            editing.beginEditBlock();
            if (contents && !*contents) {
                contents->emplace(document, bodySize().width(), m_devicePerFormatUnit);
                (*contents)->insertNumbers();
            }
            if (top > 0) {
                // An empty line as high as what the slice before left on the page: the layout drops
                // the top margin of a document's first block.
                editing.setPosition(0);
                editing.insertBlock();
                QTextBlockFormat space;
                space.setLineHeight(top / m_devicePerFormatUnit, QTextBlockFormat::FixedHeight);
                editing.setPosition(0);
                editing.setBlockFormat(space);
            }
            editing.endEditBlock();
            // Keep each line's shaped glyphs from the layout for the painting, which would shape them again.
            for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
                block.layout()->setCacheEnabled(true);
            }

            // The page size starts the layout, and reading the size finishes it, before any page is
            // read: reading a block's place lays out only up to it, and an edit after such a partial
            // layout left the document's end unlaid (Qt 6.4.2), so the last page was never drawn. No
            // edit follows.
            document.setPageSize(bodySize());
            const qreal height = document.documentLayout()->documentSize().height();
            const qreal pageHeight = document.pageSize().height();
            slice.pageCount = std::max(1, static_cast<int>(std::ceil(height / pageHeight)));
            for (QTextTable* table : tablesOf(document.rootFrame())) {
                slice.grids.append(
                    TableGrid(*table, *document.documentLayout(), document.pageSize(), m_devicePerFormatUnit));
            }
            // childFrames() is not in the order of the text.
            std::sort(slice.grids.begin(), slice.grids.end(),
                      [](const TableGrid& first, const TableGrid& second) { return first.top() < second.top(); });
            top = height - (slice.pageCount - 1) * pageHeight;
            page += slice.pageCount - 1;
            if (top >= pageHeight) {
                top = 0;
                ++page;
            }
            slices.push_back(std::move(slice));
        }
        return slices;
    }

    // Paints the report's pages from `from` up to `to` (from 0, of `pages`) into the writer, which
    // has the same page as the layout's; false if the PDF cannot be started.
    bool paint(std::span<const Slice> slices, int from, int to, int pages, QPdfWriter& writer,
               const ReportModel& model) const
    {
        QPainter painter;
        if (!painter.begin(&writer)) {
            return false;
        }
        // Images (the emoji) as Flate, not JPEG.
        painter.setRenderHint(QPainter::LosslessImageRendering);
        QFont bandFont(QStringLiteral("DejaVu Sans"));
        bandFont.setPointSizeF(7.5);
        auto first = slices.begin(); // the first slice on the page
        for (int index = from; index < to; ++index) {
            if (index > from) {
                writer.newPage();
            }
            painter.save();
            painter.setFont(bandFont);
            painter.setPen(Muted);
            const QRectF header(0, 0, m_page.width(), m_band * 0.7);
            painter.drawText(header, Qt::AlignLeft | Qt::AlignVCenter, model.title);
            painter.drawLine(QPointF(0, m_band * 0.75), QPointF(m_page.width(), m_band * 0.75));
            const QRectF footer(0, m_page.height() - m_band * 0.7, m_page.width(), m_band * 0.7);
            painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter,
                             QStringLiteral("Generated on %1 by Aftershock %2").arg(model.generatedOn, model.version));
            painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter,
                             QStringLiteral("Page %1 of %2").arg(index + 1).arg(pages));
            painter.restore();

            while (first->firstPage + first->pageCount <= index) {
                ++first;
            }
            for (auto slice = first; slice != slices.end() && slice->firstPage <= index; ++slice) {
                paintPage(*slice, index - slice->firstPage, painter);
            }
        }
        painter.end();
        return true;
    }

private:
    void paintPage(const Slice& slice, int index, QPainter& painter) const
    {
        QTextDocument& document = *slice.document;
        const QSizeF body = document.pageSize();
        painter.save();
        painter.translate(0, m_band - index * body.height());
        const QRectF page(0, index * body.height(), body.width(), body.height());
        painter.setClipRect(page);
        QAbstractTextDocumentLayout::PaintContext context;
        // A hair short of the page: a line that starts exactly where the next page does is that
        // page's, and drawn here too (though clipped away) its text would be in both pages' text.
        context.clip = page.adjusted(0, 0, 0, -1);
        context.palette.setColor(QPalette::Text, Ink);
        document.documentLayout()->draw(&painter, context);
        const auto firstGrid = std::lower_bound(slice.grids.begin(), slice.grids.end(), page.top(),
                                                [](const TableGrid& grid, qreal top) { return grid.bottom() < top; });
        for (auto grid = firstGrid; grid != slice.grids.end() && grid->top() <= page.bottom(); ++grid) {
            grid->paint(painter, m_devicePerFormatUnit);
        }
        painter.restore();
    }

    QPdfWriter& m_writer; // the documents' paint device, for their metrics
    QRectF m_page;
    qreal m_band;
    qreal m_devicePerFormatUnit;
};

// qpdf's output straight into the device, with no copy of the whole file in memory.
class DevicePipeline : public Pipeline
{
public:
    explicit DevicePipeline(QIODevice& device)
        : Pipeline("the PDF report", nullptr)
        , m_device(device)
    { }

    void write(unsigned char const* data, size_t length) override
    {
        if (m_device.write(reinterpret_cast<const char*>(data), static_cast<qint64>(length))
            != static_cast<qint64>(length)) {
            throw std::runtime_error(m_device.errorString().toStdString());
        }
    }

    void finish() override
    { }

private:
    QIODevice& m_device;
};

// The second half's pages after the first's, into the device; each stream is copied as its
// writer compressed it (no decoding, no compressing again). qpdf throws on what it cannot read
// or write: that is the error.
bool joinHalves(const QByteArray& first, const QByteArray& second, QIODevice& device, QString* error)
{
    try {
        QPDF joined;
        joined.setSuppressWarnings(true);
        joined.processMemoryFile("the first half", first.constData(), static_cast<size_t>(first.size()));
        QPDF tail;
        tail.setSuppressWarnings(true);
        tail.processMemoryFile("the second half", second.constData(), static_cast<size_t>(second.size()));
        QPDFPageDocumentHelper pages(joined);
        for (QPDFPageObjectHelper& page : QPDFPageDocumentHelper(tail).getAllPages()) {
            pages.addPage(page, false);
        }
        DevicePipeline output(device);
        QPDFWriter writer(joined);
        writer.setOutputPipeline(&output);
        writer.setDecodeLevel(qpdf_dl_none);
        writer.setCompressStreams(false);
        writer.write();
        return true;
    } catch (const std::exception& exception) {
        *error = QStringLiteral("cannot join the halves of the PDF: %1").arg(QString::fromLocal8Bit(exception.what()));
        return false;
    }
}
} // namespace

bool PdfReportWriter::write(const ReportModel& model, QIODevice& device, QString* error, qsizetype charactersPerPart,
                            qsizetype charactersForTwoWriters)
{
    const QString markdown
        = forTextDocument(QString::fromUtf8(MarkdownReportWriter::write(model, ReportChart::imageName, RowsPerTable)));
    const QStringList parts = splitMarkdown(markdown, charactersPerPart);
    // Painting takes two thirds of the time, and one QPdfWriter paints on one thread: a long report
    // is laid out and painted in two halves at once, each on a thread of its own and by a writer of
    // its own, and qpdf joins their pages. The second half starts on a page of its own (one page of
    // the first is left partly empty), so neither half's layout waits for the other's, and no
    // document is drawn by two threads: a document's layout caches are not thread-safe, and it
    // keeps the font engines of the thread that laid it out, so it is drawn by that thread. The
    // halves are cut before the part that holds the middle of the work, a chart weighing as much
    // as 1,500 characters (the summary's parts are dense text, the scenarios' mostly charts; at
    // 1,000 scenarios, with 1,000 or 2,000 the halves ended within 0.3 s of each other).
    constexpr qsizetype CharactersPerChart = 1500;
    const auto weightOf = [](const QString& part) {
        return part.size() + part.count(QLatin1String("](chart:")) * CharactersPerChart;
    };
    qsizetype secondHalf = parts.size(); // its first part
    // Two writers cost 10% more CPU in all: worth it only with a second core to run on.
    if (markdown.size() >= charactersForTwoWriters && parts.size() > 1 && QThread::idealThreadCount() > 1) {
        qsizetype total = 0;
        for (const QString& part : parts) {
            total += weightOf(part);
        }
        qsizetype weight = 0;
        for (secondHalf = 0; weight + weightOf(parts.at(secondHalf)) <= total / 2; ++secondHalf) {
            weight += weightOf(parts.at(secondHalf));
        }
        secondHalf = std::max<qsizetype>(secondHalf, 1);
    }
    const bool twoWriters = secondHalf < parts.size();
    QBuffer firstHalfPdf;
    if (twoWriters) {
        firstHalfPdf.open(QIODevice::WriteOnly);
    }
    // The first half's writer is also the layout's device.
    QPdfWriter writer(twoWriters ? static_cast<QIODevice*>(&firstHalfPdf) : &device);
    setUpWriter(writer, model);
    const PdfLayout layout(writer);

    // Each part's document is filled (Markdown import, styling: a third of the layout's time) on a
    // thread of its own while the part before is laid out, and handed over with no thread, for the
    // thread that lays it out to take.
    QThreadPool fillers;
    fillers.setMaxThreadCount(1); // one, so that the parts are filled in order and share widthsByHeader
    ColumnWidthsByHeader widthsByHeader;
    std::vector<QFuture<std::unique_ptr<QTextDocument>>> filled;
    filled.reserve(static_cast<std::size_t>(parts.size()));
    for (const QString& part : parts) {
        filled.push_back(QtConcurrent::run(&fillers, [&layout, &model, &part, &widthsByHeader] {
            std::unique_ptr<QTextDocument> document = layout.newDocument();
            fillDocument(*document, part, model, widthsByHeader);
            document->moveToThread(nullptr);
            return document;
        }));
    }
    const std::span<QFuture<std::unique_ptr<QTextDocument>>> all(filled);

    std::optional<ContentsPages> contents;
    if (!twoWriters) {
        const std::vector<Slice> slices = layout.layOut(all, &contents);
        contents->fillNumbers(slices);
        const int pages = slices.back().firstPage + slices.back().pageCount;
        if (!layout.paint(slices, 0, pages, pages, writer, model)) {
            *error = QStringLiteral("cannot start the PDF");
            return false;
        }
        return true;
    }

    // The second half's thread lays it out, waits for its first page and the page count, which
    // the first half's layout gives, and paints it; meanwhile this thread fills in the contents'
    // pages, when the second half's thread no longer touches its documents.
    std::vector<Slice> slices;
    std::promise<std::vector<Slice>> secondLaidOut;
    std::promise<std::pair<int, int>> secondPages; // its first page, and the report's page count
    QBuffer secondHalfPdf;
    secondHalfPdf.open(QIODevice::WriteOnly);
    QThreadPool secondHalfThread;
    QFuture<bool> secondPainted = QtConcurrent::run(&secondHalfThread, [&] {
        secondLaidOut.set_value(layout.layOut(all.subspan(static_cast<std::size_t>(secondHalf)), nullptr));
        const auto [first, pages] = secondPages.get_future().get();
        QPdfWriter secondWriter(&secondHalfPdf);
        setUpWriter(secondWriter, model);
        const std::span<Slice> ours = std::span<Slice>(slices).subspan(static_cast<std::size_t>(secondHalf));
        const bool painted = layout.paint(ours, first, pages, pages, secondWriter, model);
        // Deleted here, by their thread: the layout's timers are this thread's.
        for (Slice& slice : ours) {
            slice.document.reset();
        }
        return painted;
    });
    slices = layout.layOut(all.first(static_cast<std::size_t>(secondHalf)), &contents);
    const int secondFirstPage = slices.back().firstPage + slices.back().pageCount;
    for (Slice& slice : secondLaidOut.get_future().get()) {
        slice.firstPage += secondFirstPage;
        slices.push_back(std::move(slice));
    }
    const int pages = slices.back().firstPage + slices.back().pageCount;
    contents->fillNumbers(slices);
    secondPages.set_value({secondFirstPage, pages});
    const bool firstPainted = layout.paint(std::span<const Slice>(slices).first(static_cast<std::size_t>(secondHalf)),
                                           0, secondFirstPage, pages, writer, model);
    if (!secondPainted.result() || !firstPainted) {
        *error = QStringLiteral("cannot start the PDF");
        return false;
    }
    return joinHalves(firstHalfPdf.data(), secondHalfPdf.data(), device, error);
}
