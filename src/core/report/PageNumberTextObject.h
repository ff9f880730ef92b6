#pragma once

#include <QAbstractTextDocumentLayout>
#include <QList>
#include <QObject>
#include <QSizeF>
#include <QTextFormat>

class QTextCursor;
class QTextDocument;

// The page numbers of a PDF's contents, known only once the document is laid out: each is an
// object of a fixed width (four digits) in the text, so that setting the numbers afterwards moves
// nothing and needs no second layout. Drawn right-aligned in the entry's font.
class PageNumberTextObject final
    : public QObject
    , public QTextObjectInterface
{
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)

public:
    static constexpr int ObjectType = QTextFormat::UserObject + 2;

    // The handler for document's page numbers, owned by the document.
    static PageNumberTextObject* install(QTextDocument& document);

    // Inserts at cursor the number of the page of entry (counted from 0), in format's font and colour.
    static void insert(QTextCursor& cursor, int entry, const QTextCharFormat& format);

    // The pages of the entries, in order; an entry without one shows nothing.
    void setPages(const QList<int>& pages);

    QSizeF intrinsicSize(QTextDocument* document, int position, const QTextFormat& format) override;
    void drawObject(QPainter* painter, const QRectF& rect, QTextDocument* document, int position,
                    const QTextFormat& format) override;

private:
    explicit PageNumberTextObject(QObject* parent);

    QList<int> m_pages;
};
