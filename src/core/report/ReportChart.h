#pragma once

#include <cmath>
#include <optional>

#include <QList>
#include <QPointF>
#include <QString>

// One chart of the report, as data: what ChartPainter draws, the same for every format. Time is in
// seconds from the item's start; latency in ms.
struct ReportChart
{
    enum class Kind {
        LatencyOverTime, // p50/p95/p99 per time bucket, calls as dots, fault windows, SLO lines
        ErrorsAndThroughput, // error rate (left axis, %) and calls a second (right axis)
        LatencyHistogram, // how many answered calls fell in each latency range
    };

    // Which palette colour a series is drawn in, so that light and dark charts pick their own.
    enum class ColourRole { Median, Percentile95, Percentile99, Baseline, ErrorRate, Throughput, Dropped };

    // The axis a series or threshold is measured on.
    enum class AxisSide { Left, Right, Bottom };

    struct Axis
    {
        QString label; // "Latency"
        QString unit; // "ms"; empty for a count
        std::optional<double> ceiling; // the axis never goes past it: 100 for a rate in %
    };

    struct Series
    {
        QString name; // the legend's text
        ColourRole colour = ColourRole::Median;
        QList<QPointF> points; // by x; a NaN y breaks the line (a bucket without answered calls)
        bool dashed = false;
        AxisSide axis = AxisSide::Left;
        // In canvas units (ChartPainter::ReferenceWidth wide). Wider lines drawn first stay in sight
        // as a rim where a later, narrower one runs on them.
        double width = 1.6;
    };

    struct Dot
    {
        double x = 0;
        double y = 0;
        bool failed = false;
        quint32 callIndex = 0; // the call it is, for a viewer that shows the call when clicked
    };

    // A shaded stretch of x: a fault's window, or a steady-state phase (no fault) before or after them.
    struct Band
    {
        enum class Kind { Fault, SteadyState };
        double begin = 0;
        double end = 0;
        QString label; // "black-hole", "steady state before"
        Kind kind = Kind::Fault;
    };

    // A line across the plot at a value: an SLO's threshold. On a histogram it stands at an x.
    struct Threshold
    {
        double value = 0;
        QString label; // "p95 under 300 ms"
        AxisSide axis = AxisSide::Left;
    };

    // Histogram: the calls with lower <= latency < upper.
    struct Bar
    {
        double lower = 0;
        double upper = 0;
        int count = 0;
    };

    Kind kind = Kind::LatencyOverTime;
    QString title;
    Axis xAxis;
    Axis yAxis;
    // ErrorsAndThroughput: calls a second, for the series and thresholds on AxisSide::Right.
    Axis secondYAxis;
    bool hasSecondYAxis = false;
    // The x range the chart must show even without data there: the item's planned duration.
    double xMinimum = 0;
    double xMaximum = 0;
    QList<Series> series;
    QList<Dot> dots;
    QList<Band> bands;
    QList<Threshold> thresholds;
    QList<Bar> bars;
    // Histogram: answered calls past the last bar, left out so that one outlier does not squash the rest.
    int callsBeyondBars = 0;

    // The name a writer gives chart index where it is to be drawn ("chart:3"), as a Markdown
    // image's link the HTML and PDF writers replace with the chart; and back, -1 for another name.
    static QString imageName(int index)
    {
        return QStringLiteral("chart:") + QString::number(index);
    }
    static int indexOfImage(const QString& name)
    {
        bool isNumber = false;
        const int index = name.startsWith(QLatin1String("chart:")) ? name.mid(6).toInt(&isNumber) : -1;
        return isNumber && index >= 0 ? index : -1;
    }

    // The smallest of 1, 2 or 5 times a power of ten that is at least rough: axis ticks and
    // histogram bins that people read at a glance. 1 for a rough that is not a positive number.
    static double niceStep(double rough)
    {
        if (!(rough > 0) || !std::isfinite(rough)) {
            return 1;
        }
        const double power = std::pow(10.0, std::floor(std::log10(rough)));
        for (const double factor : {1.0, 2.0, 5.0}) {
            if (factor * power >= rough * (1 - 1e-9)) {
                return factor * power;
            }
        }
        return 10 * power;
    }
};
