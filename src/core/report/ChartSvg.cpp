#include "report/ChartSvg.h"

#include "report/ChartPainter.h"

#include <QBuffer>
#include <QPainter>
#include <QSvgGenerator>
#include <QtConcurrentMap>

QByteArray ChartSvg::toSvg(const ReportChart& chart, QSizeF size, const ChartPalette& palette)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(size.toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), size));
    {
        QPainter painter(&generator);
        ChartPainter::paint(painter, QRectF(QPointF(0, 0), size), chart, palette);
    }
    const QByteArray generated = buffer.data();
    // QSvgGenerator writes its title unescaped and its size in mm after an XML prolog: the element
    // is opened here instead, sized in CSS pixels, with the chart's title escaped.
    const qsizetype body = generated.indexOf("<defs>");
    if (body < 0) {
        const qsizetype start = generated.indexOf("<svg");
        return start < 0 ? generated : generated.mid(start);
    }
    const QString width = QString::number(size.width());
    const QString height = QString::number(size.height());
    const QString element = QStringLiteral("<svg width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
                                           "xmlns=\"http://www.w3.org/2000/svg\" version=\"1.2\" baseProfile=\"tiny\" "
                                           "role=\"img\">\n<title>%3</title>\n")
                                .arg(width, height, chart.title.toHtmlEscaped());
    return element.toUtf8() + generated.mid(body);
}

QList<QByteArray> ChartSvg::toSvg(const QList<ReportChart>& charts, QSizeF size, const ChartPalette& palette)
{
    return QtConcurrent::blockingMapped(
        charts, [size, &palette](const ReportChart& chart) { return toSvg(chart, size, palette); });
}
