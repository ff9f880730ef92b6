#include "report/ChartTextObject.h"

#include "report/ChartPainter.h"

#include <algorithm>

#include <QPaintDevice>
#include <QPainter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

namespace
{
enum Property { ChartProperty = QTextFormat::UserProperty + 1, WidthProperty };

constexpr double PointsPerInch = 72;
// What a document without a paint device lays out in (Qt's screen default).
constexpr int DefaultDpi = 96;
} // namespace

ChartTextObject::ChartTextObject(const QList<ReportChart>& charts, const ChartPalette& palette, QObject* parent)
    : QObject(parent)
    , m_charts(charts)
    , m_palette(palette)
{ }

void ChartTextObject::replaceImages(QTextDocument& document, const QList<ReportChart>& charts,
                                    const ChartPalette& palette, double widthInPoints)
{
    document.documentLayout()->registerHandler(ObjectType, new ChartTextObject(charts, palette, &document));
    QTextCursor cursor(&document);
    // One edit block: the layout runs once for all the charts, not once for each.
    cursor.beginEditBlock();
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto fragment = block.begin(); !fragment.atEnd(); ++fragment) {
            const QTextCharFormat format = fragment.fragment().charFormat();
            if (!format.isImageFormat()) {
                continue;
            }
            const QString name = format.toImageFormat().name();
            const int index = ReportChart::indexOfImage(name);
            if (index < 0 || index >= charts.size()) {
                continue;
            }
            QTextCharFormat object;
            object.setObjectType(ObjectType);
            object.setProperty(ChartProperty, index);
            object.setProperty(WidthProperty, widthInPoints);
            cursor.setPosition(fragment.fragment().position());
            cursor.setPosition(fragment.fragment().position() + fragment.fragment().length(), QTextCursor::KeepAnchor);
            cursor.setCharFormat(object);
        }
    }
    cursor.endEditBlock();
}

QSizeF ChartTextObject::intrinsicSize(QTextDocument* document, int, const QTextFormat& format)
{
    const QPaintDevice* device = document->documentLayout()->paintDevice();
    const double dpi = device ? device->logicalDpiX() : DefaultDpi;
    double width = format.doubleProperty(WidthProperty) * dpi / PointsPerInch;
    const double pageWidth = document->pageSize().width() - 2 * document->documentMargin();
    if (pageWidth > 0) {
        width = std::min(width, pageWidth);
    }
    return {width, width * ChartPainter::AspectRatio};
}

void ChartTextObject::drawObject(QPainter* painter, const QRectF& rect, QTextDocument*, int, const QTextFormat& format)
{
    const int index = format.intProperty(ChartProperty);
    // The layout also asks for a chart that starts on the next page, just past this page's clip:
    // clipped away it would be unseen, yet its text would still be in the page's text.
    if (painter && painter->hasClipping() && !painter->clipBoundingRect().intersects(rect)) {
        return;
    }
    if (painter && index >= 0 && index < m_charts.size()) {
        ChartPainter::paint(*painter, rect, m_charts.at(index), m_palette);
    }
}
