#pragma once

#include "report/ReportChart.h"

#include <QList>
#include <QPointF>

// Hand-made charts the chart tests paint and write as SVG.
namespace ChartTestSupport
{
// An empty latency chart over 5 s, with its title and axes.
inline ReportChart latencyChart()
{
    ReportChart chart;
    chart.kind = ReportChart::Kind::LatencyOverTime;
    chart.title = QStringLiteral("Latency over time: GET /users");
    chart.xAxis = ReportChart::Axis{QStringLiteral("Time since the start"), QStringLiteral("s")};
    chart.yAxis = ReportChart::Axis{QStringLiteral("Latency"), QStringLiteral("ms")};
    chart.xMaximum = 5;
    return chart;
}

inline ReportChart::Series p95Series(QList<QPointF> points)
{
    return ReportChart::Series{
        .name = QStringLiteral("p95"), .colour = ReportChart::ColourRole::Percentile95, .points = std::move(points)};
}
} // namespace ChartTestSupport
