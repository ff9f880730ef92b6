#include "report/PdfReportWriter.h"

#include "report/ChartTextObject.h"
#include "report/MarkdownReportWriter.h"

#include <QAbstractTextDocumentLayout>
#include <QFont>
#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextList>
#include <QTextTable>

namespace
{
constexpr qreal MarginMillimetres = 16;
constexpr qreal BandPoints = 22; // the header's and the footer's height
constexpr qreal BodyPoints = 9.5;
constexpr int LayoutPasses = 3; // page numbers in the contents may move a heading once
constexpr double ChartWidthPoints = 453; // 16 cm: the chart's tick labels print at about 7.5 pt

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

// Full width at most, so long cells wrap rather than run off the page; one line of border; the
// header row repeated on every page a table spans.
void fitTables(QTextDocument& document)
{
    for (QTextTable* table : tablesOf(document.rootFrame())) {
        QTextTableFormat format = table->format();
        format.setWidth(QTextLength(QTextLength::PercentageLength, 100));
        format.setBorderCollapse(true);
        format.setBorder(1);
        format.setBorderBrush(QColor(0x8c, 0x95, 0x9f));
        format.setCellSpacing(0);
        format.setCellPadding(3);
        format.setHeaderRowCount(1);
        format.setTopMargin(4);
        format.setBottomMargin(8);
        table->setFormat(format);
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
                cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
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

int pageOf(const QTextDocument& document, const QTextBlock& block)
{
    const qreal top = document.documentLayout()->blockBoundingRect(block).top();
    return static_cast<int>(top / document.pageSize().height()) + 1;
}

// The contents' entries with the pages of the level 2 and 3 headings that follow them, in order.
class ContentsPages
{
public:
    ContentsPages(QTextDocument& document, qreal devicePerFormatUnit)
        : m_document(document)
        , m_devicePerFormatUnit(devicePerFormatUnit)
    {
        const QList<Heading> headings = headingsOf(document);
        const auto contents = std::find_if(headings.begin(), headings.end(), [](const Heading& heading) {
            return heading.block.text() == QLatin1String("Table of Contents");
        });
        if (contents == headings.end()) {
            return;
        }
        for (auto heading = contents + 1; heading != headings.end(); ++heading) {
            if (heading->level <= 3) {
                m_targets << heading->block;
            }
        }
        for (QTextBlock block = contents->block.next(); block.isValid() && block.blockFormat().headingLevel() == 0;
             block = block.next()) {
            if (block.textList()) {
                m_entries << block;
            }
        }
        const qsizetype count = std::min(m_entries.size(), m_targets.size());
        m_entries.resize(count);
        m_targets.resize(count);
        m_pages.fill(0, count);
    }

    // Writes each entry's page at its right edge; true when one changed, as the layout may then
    // have moved. Every page is read before any is written, and the writes are one edit, so the
    // document is laid out once a pass (an edit and a read in turn laid it out once an entry).
    bool update()
    {
        QList<int> pages;
        pages.reserve(m_targets.size());
        for (const QTextBlock& target : std::as_const(m_targets)) {
            pages << pageOf(m_document, target);
        }
        if (pages == m_pages) {
            return false;
        }
        QTextCursor cursor(&m_document);
        cursor.beginEditBlock();
        for (qsizetype i = 0; i < m_entries.size(); ++i) {
            const int page = pages.at(i);
            if (page == m_pages.at(i)) {
                continue;
            }
            const QTextBlock entry = m_entries.at(i);
            const qsizetype tab = entry.text().lastIndexOf(QLatin1Char('\t'));
            if (tab >= 0) {
                cursor.setPosition(entry.position() + static_cast<int>(tab));
                cursor.setPosition(entry.position() + entry.length() - 1, QTextCursor::KeepAnchor);
            } else {
                QTextBlockFormat format = entry.blockFormat();
                const qreal indent = entry.textList()->format().indent() * m_document.indentWidth();
                const qreal right
                    = m_document.pageSize().width() / m_devicePerFormatUnit - indent - format.leftMargin() - 1;
                format.setTabPositions({QTextOption::Tab(right, QTextOption::RightTab)});
                cursor.setPosition(entry.position());
                cursor.setBlockFormat(format);
                cursor.setPosition(entry.position() + entry.length() - 1);
            }
            QTextCharFormat number;
            number.setForeground(Muted);
            cursor.insertText(QStringLiteral("\t%1").arg(page), number);
        }
        cursor.endEditBlock();
        m_pages = pages;
        return true;
    }

private:
    QTextDocument& m_document;
    qreal m_devicePerFormatUnit;
    QList<QTextBlock> m_entries;
    QList<QTextBlock> m_targets;
    QList<int> m_pages;
};

void paintPages(QTextDocument& document, QPdfWriter& writer, QPainter& painter, const ReportModel& model)
{
    const QRectF page = writer.pageLayout().paintRectPixels(writer.resolution());
    const qreal band = pointsToDevice(BandPoints, writer);
    const QSizeF body = document.pageSize();
    const int pages = document.pageCount();
    QFont bandFont(QStringLiteral("DejaVu Sans"));
    bandFont.setPointSizeF(7.5);
    for (int index = 0; index < pages; ++index) {
        if (index > 0) {
            writer.newPage();
        }
        painter.save();
        painter.setFont(bandFont);
        painter.setPen(Muted);
        const QRectF header(0, 0, page.width(), band * 0.7);
        painter.drawText(header, Qt::AlignLeft | Qt::AlignVCenter, model.title);
        painter.drawLine(QPointF(0, band * 0.75), QPointF(page.width(), band * 0.75));
        const QRectF footer(0, page.height() - band * 0.7, page.width(), band * 0.7);
        painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("Generated on %1 by Aftershock %2").arg(model.generatedOn, model.version));
        painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter,
                         QStringLiteral("Page %1 of %2").arg(index + 1).arg(pages));
        painter.restore();

        painter.save();
        painter.translate(0, band - index * body.height());
        const QRectF clip(0, index * body.height(), body.width(), body.height());
        painter.setClipRect(clip);
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = clip;
        context.palette.setColor(QPalette::Text, Ink);
        document.documentLayout()->draw(&painter, context);
        painter.restore();
    }
}
} // namespace

bool PdfReportWriter::write(const ReportModel& model, QIODevice& device, QString* error)
{
    QPdfWriter writer(&device);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(MarginMillimetres, MarginMillimetres, MarginMillimetres, MarginMillimetres),
                          QPageLayout::Millimeter);
    writer.setTitle(model.title);
    writer.setCreator(QStringLiteral("Aftershock %1").arg(model.version));

    QTextDocument document;
    // Before the Markdown: its reader sizes headings, lists and code for the layout's device.
    document.documentLayout()->setPaintDevice(&writer);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(BodyPoints);
    document.setDefaultFont(font);
    QTextOption option = document.defaultTextOption();
    // A long URL or identifier breaks where it must rather than run off the page.
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    document.setDefaultTextOption(option);
    document.setDocumentMargin(0);
    const QRectF page = writer.pageLayout().paintRectPixels(writer.resolution());
    document.setPageSize(QSizeF(page.width(), page.height() - 2 * pointsToDevice(BandPoints, writer)));
    // Qt's own Markdown reader, not the HTML writer's output: its HTML importer, given cmark's
    // tables, lays some blocks out and then never paints them (seen with Qt 6.4.2).
    // One edit for the whole import, so that the document is laid out once, not once a block.
    QTextCursor importing(&document);
    importing.beginEditBlock();
    document.setMarkdown(forTextDocument(QString::fromUtf8(MarkdownReportWriter::write(model, ReportChart::imageName))),
                         QTextDocument::MarkdownDialectGitHub);
    importing.endEditBlock();
    // One edit for all the styling, so that the document is laid out once for it, not once a change.
    QTextCursor styling(&document);
    styling.beginEditBlock();
    fitTables(document);
    styleBlocks(document);
    drawEmojiAsImages(document);
    ChartTextObject::replaceImages(document, model.charts, ChartPalette::light(), ChartWidthPoints);
    styling.endEditBlock();

    // A page number in the contents can push what follows onto the next page: lay out again until
    // the numbers hold still.
    ContentsPages contents(document, devicePerFormatUnit(writer));
    for (int pass = 0; pass < LayoutPasses; ++pass) {
        if (!contents.update()) {
            break;
        }
    }

    QPainter painter;
    if (!painter.begin(&writer)) {
        *error = QStringLiteral("cannot start the PDF");
        return false;
    }
    // Images (the emoji) as Flate, not JPEG.
    painter.setRenderHint(QPainter::LosslessImageRendering);
    paintPages(document, writer, painter, model);
    painter.end();
    return true;
}
