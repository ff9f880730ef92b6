#pragma once

#include "report/ChartPalette.h"

// The run views' colours follow the application's palette: the report's dark chart palette on a
// dark window, its light one otherwise, and failures in the palette's failure colour.
namespace RunPalette
{
ChartPalette chartPalette();
QColor failureText();
} // namespace RunPalette
