#include "run/RunChartView.h"

#include <algorithm>
#include <cmath>

#include <QGraphicsItem>
#include <QGraphicsSimpleTextItem>
#include <QLineF>
#include <QMouseEvent>
#include <QPainter>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

namespace
{
// A threshold this many times above the data is left out of the range (as the report does), so
// that a far SLO line does not squash what was measured.
constexpr double ThresholdReach = 4;
constexpr double Headroom = 1.08;

struct Range
{
    double high = 0;
    bool empty = true;

    void include(double value)
    {
        if (std::isfinite(value)) {
            high = empty ? value : std::max(high, value);
            empty = false;
        }
    }
};

// The axis' top: a round number at or above high, so that ticks read at a glance; 1 when there is
// nothing above zero (a range of zero height draws nothing).
double niceTop(double high, std::optional<double> ceiling)
{
    if (!(high > 0)) {
        return 1;
    }
    const double step = ReportChart::niceStep(std::max(high * Headroom, 1e-3) / 5);
    const double top = std::ceil(high * Headroom / step) * step;
    return ceiling ? std::min(top, *ceiling) : top;
}

void setAxis(QValueAxis* axis, double low, double high, int ticks)
{
    axis->setTickInterval(ReportChart::niceStep((high - low) / ticks));
    axis->setRange(low, high);
}

QString axisTitle(const ReportChart::Axis& axis)
{
    return axis.unit.isEmpty() ? axis.label : QStringLiteral("%1 (%2)").arg(axis.label, axis.unit);
}
} // namespace

// The calls' dots, painted by one item: a QScatterSeries makes a graphics item a point, which took
// 75 ms for 2,000 dots on the GUI thread (bench/gui); this paints them in about a millisecond.
// The scatter series stay, empty, for the legend and the mapping of a click.
class RunChartView::DotsItem final : public QGraphicsItem
{
public:
    explicit DotsItem(QGraphicsItem* parent)
        : QGraphicsItem(parent)
    {
        // Over the series (Qt Charts puts them at 4), under the legend (5).
        setZValue(4.5);
        setFlag(ItemClipsToShape);
    }

    void show(QList<ReportChart::Dot> dots, const QColor& answered, const QColor& failed)
    {
        m_dots = std::move(dots);
        m_answered = answered;
        m_failed = failed;
        update();
    }

    // The plot area and the ranges it spans, as the axes hold them now.
    void place(const QRectF& plot, QPointF low, QPointF high)
    {
        if (plot != m_plot) {
            prepareGeometryChange();
            m_plot = plot;
        }
        m_low = low;
        m_high = high;
        update();
    }

    QRectF boundingRect() const override
    {
        return m_plot;
    }

    QPainterPath shape() const override
    {
        QPainterPath path;
        path.addRect(m_plot);
        return path;
    }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override
    {
        const double width = m_high.x() - m_low.x();
        const double height = m_high.y() - m_low.y();
        if (m_dots.isEmpty() || !(width > 0) || !(height > 0)) {
            return;
        }
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        // Answered calls first, so that a failed call is never hidden under them.
        for (const bool failed : {false, true}) {
            painter->setBrush(failed ? m_failed : m_answered);
            const qreal size = failed ? FailedSize : AnsweredSize;
            for (const ReportChart::Dot& dot : std::as_const(m_dots)) {
                if (dot.failed != failed) {
                    continue;
                }
                const QPointF centre(m_plot.left() + (dot.x - m_low.x()) / width * m_plot.width(),
                                     m_plot.bottom() - (dot.y - m_low.y()) / height * m_plot.height());
                const QRectF marker(centre.x() - size / 2, centre.y() - size / 2, size, size);
                if (failed) {
                    painter->drawRect(marker);
                } else {
                    painter->drawEllipse(marker);
                }
            }
        }
    }

    static constexpr qreal AnsweredSize = 6;
    static constexpr qreal FailedSize = 7;

private:
    QList<ReportChart::Dot> m_dots;
    QColor m_answered;
    QColor m_failed;
    QRectF m_plot;
    QPointF m_low;
    QPointF m_high;
};

RunChartView::RunChartView(QWidget* parent)
    // Given its chart at construction: setChart() would release, not delete, the default one.
    : QChartView(new QChart, parent)
    , m_chart(chart())
    , m_xAxis(new QValueAxis(m_chart))
    , m_yAxis(new QValueAxis(m_chart))
    , m_secondYAxis(new QValueAxis(m_chart))
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);
    m_chart->addAxis(m_secondYAxis, Qt::AlignRight);
    m_secondYAxis->setVisible(false);
    for (QValueAxis* axis : {m_xAxis, m_yAxis, m_secondYAxis}) {
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setTickType(QValueAxis::TicksDynamic);
    }
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
    connect(m_chart, &QChart::plotAreaChanged, this, &RunChartView::placeOverlays);
    applyPalette();
}

void RunChartView::setPalette(const ChartPalette& palette)
{
    m_palette = palette;
    applyPalette();
    showChart(m_shown);
}

void RunChartView::setDotsVisible(bool visible)
{
    m_dotsVisible = visible;
    showChart(m_shown);
}

void RunChartView::applyPalette()
{
    m_chart->setBackgroundBrush(m_palette.background);
    m_chart->setTitleBrush(m_palette.text);
    m_chart->legend()->setLabelColor(m_palette.text);
    for (QValueAxis* axis : {m_xAxis, m_yAxis, m_secondYAxis}) {
        axis->setLabelsColor(m_palette.mutedText);
        axis->setTitleBrush(m_palette.text);
        axis->setGridLineColor(m_palette.grid);
        axis->setLinePenColor(m_palette.axis);
    }
    // Made again in the new colours by the next showChart().
    for (Line& line : m_lines) {
        for (QLineSeries* segment : std::as_const(line.segments)) {
            m_chart->removeSeries(segment);
            delete segment;
        }
    }
    m_lines.clear();
}

QValueAxis* RunChartView::axisFor(ReportChart::AxisSide side) const
{
    return side == ReportChart::AxisSide::Right ? m_secondYAxis : m_yAxis;
}

QLineSeries* RunChartView::addLineSeries(const QString& name, ReportChart::AxisSide side)
{
    auto* series = new QLineSeries(m_chart);
    series->setName(name);
    m_chart->addSeries(series);
    series->attachAxis(m_xAxis);
    series->attachAxis(axisFor(side));
    return series;
}

void RunChartView::showChart(const ReportChart& chart)
{
    m_shown = chart;
    m_chart->setTitle(chart.title);
    m_xAxis->setTitleText(axisTitle(chart.xAxis));
    m_yAxis->setTitleText(axisTitle(chart.yAxis));
    m_secondYAxis->setTitleText(axisTitle(chart.secondYAxis));
    m_secondYAxis->setVisible(chart.hasSecondYAxis);
    // Bands, then thresholds, then the data: Qt Charts draws series in the order they were added,
    // and a measured line that runs along a threshold (the target rate) must stay in sight.
    showBands();
    showThresholds();
    for (const ReportChart::Series& series : chart.series) {
        showLine(series);
    }
    // A series the chart no longer has (dropped calls that stopped) is emptied, not removed, so
    // that the legend's order holds.
    for (auto line = m_lines.begin(); line != m_lines.end(); ++line) {
        const bool shown
            = std::any_of(chart.series.begin(), chart.series.end(),
                          [&line](const ReportChart::Series& series) { return series.name == line.key(); });
        for (QLineSeries* segment : std::as_const(line->segments)) {
            if (!shown) {
                segment->clear();
            }
            segment->setVisible(shown);
        }
    }
    showDots();
    setRanges();
    hideRepeatedLegendEntries();
    placeOverlays();
}

void RunChartView::hideRepeatedLegendEntries()
{
    // The legend makes a marker again for every series added: a band says what it is in its label,
    // and a line's later segments are the same line.
    for (const Band& band : std::as_const(m_bands)) {
        for (QLegendMarker* marker : m_chart->legend()->markers(band.area)) {
            marker->setVisible(false);
        }
    }
    for (const Line& line : std::as_const(m_lines)) {
        for (qsizetype index = 1; index < line.segments.size(); ++index) {
            for (QLegendMarker* marker : m_chart->legend()->markers(line.segments.at(index))) {
                marker->setVisible(false);
            }
        }
    }
    for (QScatterSeries* dots : {m_dots, m_failedDots}) {
        for (QLegendMarker* marker : m_chart->legend()->markers(dots)) {
            marker->setVisible(dots->isVisible());
        }
    }
}

void RunChartView::showLine(const ReportChart::Series& series)
{
    QList<QList<QPointF>> parts(1);
    for (const QPointF& point : series.points) {
        if (std::isfinite(point.y())) {
            parts.last().append(point);
        } else if (!parts.last().isEmpty()) {
            parts.append(QList<QPointF>());
        }
    }
    Line& line = m_lines[series.name];
    while (line.segments.size() < parts.size()) {
        QLineSeries* segment = addLineSeries(series.name, series.axis);
        QPen pen(m_palette.colour(series.colour), series.width);
        pen.setStyle(series.dashed ? Qt::DashLine : Qt::SolidLine);
        pen.setCapStyle(Qt::FlatCap);
        segment->setPen(pen);
        line.segments.append(segment);
    }
    for (qsizetype index = 0; index < line.segments.size(); ++index) {
        line.segments.at(index)->replace(index < parts.size() ? parts.at(index) : QList<QPointF>());
    }
}

void RunChartView::showBands()
{
    while (m_bands.size() < m_shown.bands.size()) {
        auto* upper = new QLineSeries(m_chart);
        auto* lower = new QLineSeries(m_chart);
        Band band{.area = new QAreaSeries(upper, lower), .label = new QGraphicsSimpleTextItem(m_chart)};
        m_chart->addSeries(band.area);
        band.area->attachAxis(m_xAxis);
        band.area->attachAxis(m_yAxis);
        band.area->setPen(Qt::NoPen);
        band.label->setZValue(10);
        m_bands.append(band);
    }
    for (qsizetype index = 0; index < m_bands.size(); ++index) {
        const Band& band = m_bands.at(index);
        const bool shown = index < m_shown.bands.size();
        band.area->setVisible(shown);
        band.label->setVisible(shown);
        const bool steadyState = shown && m_shown.bands.at(index).kind == ReportChart::Band::Kind::SteadyState;
        band.area->setBrush(steadyState ? m_palette.steadyStateBand : m_palette.band);
        band.label->setBrush(steadyState ? m_palette.steadyStateBandText : m_palette.bandText);
        if (shown) {
            const ReportChart::Band& data = m_shown.bands.at(index);
            band.area->setName(data.label);
            band.label->setText(data.label);
        }
    }
}

void RunChartView::showThresholds()
{
    while (m_thresholds.size() < m_shown.thresholds.size()) {
        m_thresholds.append(nullptr);
    }
    for (qsizetype index = 0; index < m_thresholds.size(); ++index) {
        QLineSeries*& series = m_thresholds[index];
        if (index >= m_shown.thresholds.size()) {
            series->setVisible(false);
            continue;
        }
        const ReportChart::Threshold& threshold = m_shown.thresholds.at(index);
        // Made again when it moves to the other axis (a chart of another kind).
        if (series && !series->attachedAxes().contains(axisFor(threshold.axis))) {
            m_chart->removeSeries(series);
            delete series;
            series = nullptr;
        }
        if (!series) {
            series = addLineSeries(threshold.label, threshold.axis);
        }
        QPen pen(m_palette.threshold, 1.4);
        pen.setStyle(Qt::DashLine);
        series->setPen(pen);
        series->setName(threshold.label);
        series->setVisible(true);
        series->replace({QPointF(m_shown.xMinimum, threshold.value),
                         QPointF(std::max(m_shown.xMaximum, m_shown.xMinimum + 1e-3), threshold.value)});
    }
}

const ReportChart::Dot* RunChartView::dotAt(const QPoint& position) const
{
    if (!m_dotsVisible || !m_dots) {
        return nullptr;
    }
    // Distances in pixels: seconds and milliseconds do not compare.
    constexpr qreal Reach = 8;
    const QPointF clicked = m_chart->mapFromScene(mapToScene(position));
    const ReportChart::Dot* nearest = nullptr;
    qreal nearestDistance = Reach;
    for (const ReportChart::Dot& dot : std::as_const(m_shown.dots)) {
        const qreal distance = QLineF(clicked, m_chart->mapToPosition(QPointF(dot.x, dot.y), m_dots)).length();
        if (distance <= nearestDistance) {
            nearest = &dot;
            nearestDistance = distance;
        }
    }
    return nearest;
}

void RunChartView::mousePressEvent(QMouseEvent* event)
{
    m_pressPosition = event->pos();
    QChartView::mousePressEvent(event);
}

void RunChartView::mouseReleaseEvent(QMouseEvent* event)
{
    QChartView::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton || (event->pos() - m_pressPosition).manhattanLength() > 3) {
        return;
    }
    if (const ReportChart::Dot* dot = dotAt(event->pos())) {
        emit callClicked(dot->callIndex);
    }
}

void RunChartView::showDots()
{
    if (!m_dots) {
        m_dotsItem = new DotsItem(m_chart);
        m_dots = new QScatterSeries(m_chart);
        m_dots->setName(tr("calls"));
        m_failedDots = new QScatterSeries(m_chart);
        m_failedDots->setName(tr("failed calls"));
        m_failedDots->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        for (QScatterSeries* series : {m_dots, m_failedDots}) {
            m_chart->addSeries(series);
            series->attachAxis(m_xAxis);
            series->attachAxis(m_yAxis);
            series->setPen(Qt::NoPen);
        }
    }
    m_dots->setMarkerSize(DotsItem::AnsweredSize);
    m_failedDots->setMarkerSize(DotsItem::FailedSize);
    m_dots->setBrush(m_palette.dot);
    m_failedDots->setBrush(m_palette.failedDot);
    const QList<ReportChart::Dot> dots = m_dotsVisible ? m_shown.dots : QList<ReportChart::Dot>{};
    m_dotsItem->show(dots, m_palette.dot, m_palette.failedDot);
    const auto anyFailed = [&dots](bool failed) {
        return std::any_of(dots.begin(), dots.end(),
                           [failed](const ReportChart::Dot& dot) { return dot.failed == failed; });
    };
    m_dots->setVisible(anyFailed(false));
    m_failedDots->setVisible(anyFailed(true));
}

void RunChartView::setRanges()
{
    Range x;
    Range left;
    Range right;
    x.include(m_shown.xMaximum);
    for (const ReportChart::Series& series : std::as_const(m_shown.series)) {
        Range& range = series.axis == ReportChart::AxisSide::Right ? right : left;
        for (const QPointF& point : series.points) {
            x.include(point.x());
            range.include(point.y());
        }
    }
    if (m_dotsVisible) {
        for (const ReportChart::Dot& dot : std::as_const(m_shown.dots)) {
            left.include(dot.y);
        }
    }
    for (const ReportChart::Threshold& threshold : std::as_const(m_shown.thresholds)) {
        Range& range = threshold.axis == ReportChart::AxisSide::Right ? right : left;
        // With nothing measured above zero yet (no errors), the line is what gives the axis its scale.
        if (range.empty || range.high <= 0 || threshold.value <= ThresholdReach * range.high) {
            range.include(threshold.value);
        }
    }
    const double xHigh = std::max(x.empty ? 1.0 : x.high, m_shown.xMinimum + 1e-3);
    const double leftTop = niceTop(left.empty ? 1.0 : left.high, m_shown.yAxis.ceiling);
    const double rightTop = niceTop(right.empty ? 1.0 : right.high, m_shown.secondYAxis.ceiling);
    // The interval before the range: a new range under the old interval would make one tick item
    // for each old step (thousands, when ms grow from 1 to 1,000).
    setAxis(m_xAxis, m_shown.xMinimum, xHigh, 8);
    setAxis(m_yAxis, 0, leftTop, 5);
    setAxis(m_secondYAxis, 0, rightTop, 5);
    for (qsizetype index = 0; index < m_shown.bands.size() && index < m_bands.size(); ++index) {
        const ReportChart::Band& band = m_shown.bands.at(index);
        const double end = std::min(band.end, xHigh);
        m_bands.at(index).area->upperSeries()->replace({QPointF(band.begin, leftTop), QPointF(end, leftTop)});
        m_bands.at(index).area->lowerSeries()->replace({QPointF(band.begin, 0), QPointF(end, 0)});
    }
}

void RunChartView::placeOverlays()
{
    // From the plot area and the x range set here: the chart's own mapping lags a range change
    // until its next layout.
    const QRectF plot = m_chart->plotArea();
    const double span = m_xAxis->max() - m_xAxis->min();
    for (qsizetype index = 0; index < m_shown.bands.size() && index < m_bands.size(); ++index) {
        const double begin = std::max(m_shown.bands.at(index).begin, m_xAxis->min());
        const double x = plot.left() + (span > 0 ? (begin - m_xAxis->min()) / span * plot.width() : 0);
        m_bands.at(index).label->setPos(QPointF(x + 3, plot.top() + 2));
    }
    if (m_dotsItem) {
        m_dotsItem->place(plot, QPointF(m_xAxis->min(), m_yAxis->min()), QPointF(m_xAxis->max(), m_yAxis->max()));
    }
}

QList<QPointF> RunChartView::pointsOf(const QString& name) const
{
    QList<QPointF> points;
    for (QLineSeries* segment : m_lines.value(name).segments) {
        points.append(segment->points());
    }
    return points;
}
