#include "report/PageNumberTextObject.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QTextCursor>
#include <QTextDocument>

namespace
{
constexpr int EntryProperty = QTextFormat::UserProperty + 10;
const QString WidestNumber = QStringLiteral("0000");

QFont fontOn(const QTextFormat& format, QPaintDevice* device)
{
    const QFont font = format.toCharFormat().font();
    return device ? QFont(font, device) : font;
}
} // namespace

PageNumberTextObject::PageNumberTextObject(QObject* parent)
    : QObject(parent)
{ }

PageNumberTextObject* PageNumberTextObject::install(QTextDocument& document)
{
    auto* handler = new PageNumberTextObject(&document);
    document.documentLayout()->registerHandler(ObjectType, handler);
    return handler;
}

void PageNumberTextObject::insert(QTextCursor& cursor, int entry, const QTextCharFormat& format)
{
    QTextCharFormat object = format;
    object.setObjectType(ObjectType);
    object.setProperty(EntryProperty, entry);
    cursor.insertText(QString(QChar::ObjectReplacementCharacter), object);
}

void PageNumberTextObject::setPages(const QList<int>& pages)
{
    m_pages = pages;
}

// As high as the font's ascent: the layout stands an object on the line's baseline.
QSizeF PageNumberTextObject::intrinsicSize(QTextDocument* document, int, const QTextFormat& format)
{
    const QFontMetricsF metrics(fontOn(format, document->documentLayout()->paintDevice()));
    return {metrics.horizontalAdvance(WidestNumber), metrics.ascent()};
}

void PageNumberTextObject::drawObject(QPainter* painter, const QRectF& rect, QTextDocument*, int,
                                      const QTextFormat& format)
{
    const int entry = format.intProperty(EntryProperty);
    if (!painter || entry < 0 || entry >= m_pages.size()) {
        return;
    }
    const QString number = QString::number(m_pages.at(entry));
    const QFont font = fontOn(format, painter->device());
    painter->save();
    painter->setFont(font);
    painter->setPen(format.foreground().color());
    painter->drawText(QPointF(rect.right() - QFontMetricsF(font).horizontalAdvance(number), rect.bottom()), number);
    painter->restore();
}
