#pragma once

#include "report/ChartPalette.h"
#include "report/ReportChart.h"

#include <QAbstractTextDocumentLayout>
#include <QList>
#include <QObject>
#include <QSizeF>
#include <QTextFormat>

class QTextDocument;

// The report's charts inside a QTextDocument's flow, drawn by ChartPainter when the document is
// drawn: on a QPdfWriter they stay vectors and their text stays text (a picture would be a
// bitmap). The Markdown's images named ReportChart::imageName(N) become these objects.
class ChartTextObject final
    : public QObject
    , public QTextObjectInterface
{
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)

public:
    static constexpr int ObjectType = QTextFormat::UserObject + 1;

    // Each image ReportChart::imageName(N) of document becomes charts[N], widthInPoints wide (at most the page's
    // width) and as high as its shape; the handler drawing them is owned by the document.
    static void replaceImages(QTextDocument& document, const QList<ReportChart>& charts, const ChartPalette& palette,
                              double widthInPoints);

    QSizeF intrinsicSize(QTextDocument* document, int position, const QTextFormat& format) override;
    void drawObject(QPainter* painter, const QRectF& rect, QTextDocument* document, int position,
                    const QTextFormat& format) override;

private:
    ChartTextObject(const QList<ReportChart>& charts, const ChartPalette& palette, QObject* parent);

    QList<ReportChart> m_charts;
    ChartPalette m_palette;
};
