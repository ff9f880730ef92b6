#pragma once

#include "report/ChartPalette.h"
#include "report/ReportChart.h"

#include <QPainter>
#include <QRectF>
#include <QSizeF>

// Draws a ReportChart with QPainter, on any device: an image, an SVG generator, a PDF page. The
// chart is laid out on a canvas ReferenceWidth units wide scaled to the rectangle, so text keeps
// its size against the chart: at 16 cm wide in print the tick labels are about 7.5 pt.
class ChartPainter
{
public:
    static constexpr double ReferenceWidth = 600;
    static constexpr const char* FontFamily = "DejaVu Sans";
    // Height over width of a chart in the report, the same in every format.
    static constexpr double AspectRatio = 0.5625;
    // The size an SVG chart of the report is written at (CSS scales it).
    static constexpr QSizeF ReferenceSize{ReferenceWidth, ReferenceWidth* AspectRatio};

    static void paint(QPainter& painter, const QRectF& rectangle, const ReportChart& chart,
                      const ChartPalette& palette);
};
