#include "run/RunPalette.h"

#include <QApplication>
#include <QPalette>

namespace RunPalette
{
ChartPalette chartPalette()
{
    return QApplication::palette().color(QPalette::Window).lightness() < 128 ? ChartPalette::dark()
                                                                             : ChartPalette::light();
}

QColor failureText()
{
    return chartPalette().failedDot;
}
} // namespace RunPalette
