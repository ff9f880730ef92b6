#pragma once

#include "report/ChartPalette.h"
#include "report/ReportChart.h"

#include <QByteArray>
#include <QList>
#include <QSizeF>

// A chart as an <svg> element to put inside an HTML page: vectors and text, a viewBox so that CSS
// can scale it, the chart's title as its <title>, no XML prolog and no external references.
class ChartSvg
{
public:
    static QByteArray toSvg(const ReportChart& chart, QSizeF size, const ChartPalette& palette);
    // Each chart's, in order, drawn on every core: a thousand scenarios' reports have thousands.
    static QList<QByteArray> toSvg(const QList<ReportChart>& charts, QSizeF size, const ChartPalette& palette);
};
