#pragma once

#include "report/ReportChart.h"

#include <QColor>

// The colours of a chart: light for print and light pages, dark for a dark page. Series colours
// differ in lightness as well as hue, and series also differ by dash or shape, so that a chart
// printed in grey stays readable.
struct ChartPalette
{
    QColor background;
    QColor text;
    QColor mutedText; // tick labels, notes
    QColor axis;
    QColor grid;
    QColor band; // a fault window's shade
    QColor bandText;
    QColor steadyStateBand; // a steady-state phase's: neutral, so that it never reads as a fault
    QColor steadyStateBandText;
    QColor threshold;
    QColor dot;
    QColor failedDot;
    QColor bar;
    QColor median;
    QColor percentile95;
    QColor percentile99;
    QColor baseline;
    QColor errorRate;
    QColor throughput;
    QColor dropped;

    QColor colour(ReportChart::ColourRole role) const;

    static ChartPalette light();
    static ChartPalette dark();
};
