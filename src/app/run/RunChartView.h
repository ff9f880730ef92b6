#pragma once

#include "report/ChartPalette.h"
#include "report/ReportChart.h"

#include <QHash>
#include <QList>
#include <QtCharts/QChartView>

class QAreaSeries;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

// A report chart (ReportChart, the data the report's ChartPainter draws) shown with Qt Charts, in
// the report's colours, so that the run view looks like the report. Each showChart() replaces the
// points of the series already made (one pointsReplaced each, never point by point) and makes only
// those that are new; ranges are set here, not by Qt. A series' NaN breaks its line, as in the report.
class RunChartView final : public QChartView
{
    Q_OBJECT

public:
    explicit RunChartView(QWidget* parent = nullptr);

    void showChart(const ReportChart& chart);
    const ReportChart& shownChart() const
    {
        return m_shown;
    }
    void setPalette(const ChartPalette& palette);
    // The calls as dots (the chart's dots), when it has any.
    void setDotsVisible(bool visible);
    bool dotsVisible() const
    {
        return m_dotsVisible;
    }
    // The points now in the series named name (its segments joined), for tests.
    QList<QPointF> pointsOf(const QString& name) const;

protected:
    // A click picks the dot under it whatever lies above the dot (the percentile lines and the
    // fault bands take clicks too, and Qt Charts stacks them over the dots).
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

signals:
    // A call's dot was clicked.
    void callClicked(quint32 callIndex);

private:
    class DotsItem;
    struct Line
    {
        QList<QLineSeries*> segments;
    };
    struct Band
    {
        QAreaSeries* area = nullptr;
        QGraphicsSimpleTextItem* label = nullptr;
    };

    QValueAxis* axisFor(ReportChart::AxisSide side) const;
    QLineSeries* addLineSeries(const QString& name, ReportChart::AxisSide side);
    void showLine(const ReportChart::Series& series);
    void showBands();
    void showThresholds();
    void showDots();
    // The shown dot within reach of position (in the view), nearest first; null if none.
    const ReportChart::Dot* dotAt(const QPoint& position) const;
    void setRanges();
    // The band labels and the dots, where the plot area and the ranges put them now.
    void placeOverlays();
    void hideRepeatedLegendEntries();
    void applyPalette();

    QChart* m_chart;
    QValueAxis* m_xAxis;
    QValueAxis* m_yAxis;
    QValueAxis* m_secondYAxis;
    ChartPalette m_palette = ChartPalette::light();
    ReportChart m_shown;
    QHash<QString, Line> m_lines;
    QList<Band> m_bands;
    QList<QLineSeries*> m_thresholds;
    QScatterSeries* m_dots = nullptr;
    QScatterSeries* m_failedDots = nullptr;
    DotsItem* m_dotsItem = nullptr;
    bool m_dotsVisible = true;
    QPoint m_pressPosition;
};
