#include "report/ChartPalette.h"

QColor ChartPalette::colour(ReportChart::ColourRole role) const
{
    switch (role) {
    case ReportChart::ColourRole::Median:
        return median;
    case ReportChart::ColourRole::Percentile95:
        return percentile95;
    case ReportChart::ColourRole::Percentile99:
        return percentile99;
    case ReportChart::ColourRole::Baseline:
        return baseline;
    case ReportChart::ColourRole::ErrorRate:
        return errorRate;
    case ReportChart::ColourRole::Throughput:
        return throughput;
    case ReportChart::ColourRole::Dropped:
        return dropped;
    }
    return text;
}

ChartPalette ChartPalette::light()
{
    return ChartPalette{.background = QColor(0xff, 0xff, 0xff),
                        .text = QColor(0x1f, 0x23, 0x28),
                        .mutedText = QColor(0x57, 0x60, 0x6a),
                        .axis = QColor(0x6e, 0x77, 0x81),
                        .grid = QColor(0xe4, 0xe7, 0xeb),
                        .band = QColor(0xf5, 0x9e, 0x0b, 0x38),
                        .bandText = QColor(0x8a, 0x4b, 0x00),
                        .steadyStateBand = QColor(0x6e, 0x77, 0x81, 0x1c),
                        .steadyStateBandText = QColor(0x57, 0x60, 0x6a),
                        .threshold = QColor(0xc6, 0x28, 0x28),
                        .dot = QColor(0x1f, 0x6f, 0xeb, 0x90),
                        .failedDot = QColor(0xc6, 0x28, 0x28),
                        .bar = QColor(0x3b, 0x82, 0xc4),
                        .median = QColor(0x7c, 0xb3, 0xe8),
                        .percentile95 = QColor(0x1f, 0x5f, 0xbf),
                        .percentile99 = QColor(0x5b, 0x21, 0x82),
                        .baseline = QColor(0x6e, 0x77, 0x81),
                        .errorRate = QColor(0xe6, 0x77, 0x00),
                        .throughput = QColor(0x1a, 0x7f, 0x37),
                        .dropped = QColor(0x82, 0x50, 0xdf)};
}

ChartPalette ChartPalette::dark()
{
    return ChartPalette{.background = QColor(0x0d, 0x11, 0x17),
                        .text = QColor(0xe6, 0xed, 0xf3),
                        .mutedText = QColor(0xa0, 0xa9, 0xb4),
                        .axis = QColor(0x8b, 0x94, 0x9e),
                        .grid = QColor(0x26, 0x2c, 0x34),
                        .band = QColor(0xf5, 0x9e, 0x0b, 0x40),
                        .bandText = QColor(0xf2, 0xc0, 0x6b),
                        .steadyStateBand = QColor(0x8b, 0x94, 0x9e, 0x24),
                        .steadyStateBandText = QColor(0xa0, 0xa9, 0xb4),
                        .threshold = QColor(0xff, 0x7b, 0x72),
                        .dot = QColor(0x79, 0xc0, 0xff, 0xa0),
                        .failedDot = QColor(0xff, 0x7b, 0x72),
                        .bar = QColor(0x58, 0xa6, 0xff),
                        .median = QColor(0x9e, 0xcb, 0xff),
                        .percentile95 = QColor(0x58, 0xa6, 0xff),
                        .percentile99 = QColor(0xd2, 0xa8, 0xff),
                        .baseline = QColor(0xa0, 0xa9, 0xb4),
                        .errorRate = QColor(0xff, 0xa6, 0x57),
                        .throughput = QColor(0x56, 0xd3, 0x64),
                        .dropped = QColor(0xd2, 0xa8, 0xff)};
}
