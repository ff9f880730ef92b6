#include "report/ChartPainter.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <QFontMetricsF>
#include <QLocale>
#include <QPainterPath>
#include <QPolygonF>

namespace
{
// Sizes in canvas units (ChartPainter::ReferenceWidth wide).
constexpr int TitleSize = 13;
constexpr int TextSize = 11;
constexpr int TickSize = 10;
constexpr double Padding = 8;
constexpr double Gap = 4;
constexpr double TickLength = 4;
constexpr double LineWidth = 1.6;
constexpr double SwatchWidth = 18;
constexpr double MinimumPlotSize = 8;
constexpr int MaximumTicks = 40;
constexpr double YHeadroom = 0.04;
// Band labels that do not fit side by side go on this many rows above the plot, then shortened.
constexpr int MaximumBandRows = 3;
constexpr double MinimumBandLabelWidth = 28;
// A threshold this many times above the data is told at the plot's edge instead of squashing the data.
constexpr double ThresholdReach = 4;
// Values past this (about 31,000 years in ms) are not data but garbage; they are clamped so that
// scales and coordinates stay finite.
constexpr double LargestValue = 1e15;

QFont chartFont(int pixelSize, bool bold = false)
{
    QFont font(QString::fromLatin1(ChartPainter::FontFamily));
    font.setPixelSize(pixelSize);
    font.setBold(bold);
    // The canvas is scaled to the device: unhinted glyphs keep the widths measured here.
    font.setHintingPreference(QFont::PreferNoHinting);
    return font;
}

struct Range
{
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();

    void include(double value)
    {
        if (std::isfinite(value)) {
            value = std::clamp(value, -LargestValue, LargestValue);
            low = std::min(low, value);
            high = std::max(high, value);
        }
    }
    bool isEmpty() const
    {
        return !(low <= high);
    }
};

// An axis's span and its 1-2-5 ticks.
struct Scale
{
    double low = 0;
    double high = 1;
    double step = 1;

    QList<double> ticks() const
    {
        QList<double> values;
        const double first = std::ceil(low / step - 1e-9) * step;
        const auto count
            = std::min<qint64>(static_cast<qint64>(std::floor((high - first) / step + 1e-9)), MaximumTicks);
        for (qint64 tick = 0; tick <= count; ++tick) {
            values.append(first + static_cast<double>(tick) * step);
        }
        return values;
    }
    bool contains(double value) const
    {
        return value >= low && value <= high;
    }
};

struct ScaleOptions
{
    bool fromZero = false; // data that is never negative starts at 0
    bool wholeNumbers = false; // counts
    bool tight = false; // ends at the data, not at the next tick: time and histogram axes
    double headroom = 0; // a share of the span kept free above the data, off the frame
    std::optional<double> ceiling;
};

Scale niceScale(Range range, double wantedTicks, const ScaleOptions& options)
{
    if (range.isEmpty()) {
        range = Range{0, 1};
    }
    if (options.fromZero && range.low >= 0) {
        range.low = 0;
    }
    if (options.fromZero && range.low == 0 && range.high == 0) {
        range.high = 1; // all zero: a unit span, with the zero line at the bottom
    } else {
        if (range.high - range.low <= 0) {
            const double half = std::max(std::abs(range.high) * 0.1, 0.5);
            range.low = options.fromZero && range.low >= 0 ? 0 : range.low - half;
            range.high += half;
        }
        range.high += (range.high - range.low) * options.headroom;
    }
    double step = ReportChart::niceStep((range.high - range.low) / std::clamp(wantedTicks, 2.0, 10.0));
    if (options.wholeNumbers) {
        step = std::max(step, 1.0);
    }
    Scale scale{range.low, range.high, step};
    if (!options.tight) {
        scale.low = std::floor(range.low / step) * step;
        scale.high = std::ceil(range.high / step) * step;
    }
    if (options.ceiling && *options.ceiling > scale.low) {
        scale.high = std::min(scale.high, *options.ceiling);
    }
    if (scale.high <= scale.low) {
        scale.high = scale.low + step;
    }
    return scale;
}

QString tickText(double value, double step)
{
    if (std::abs(value) < step * 1e-6) {
        value = 0; // no "-0"
    }
    if (std::abs(value) >= 1e7) {
        return QString::number(value, 'g', 3);
    }
    const int decimals = step >= 1 ? 0 : std::min(6, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
    return QLocale(QLocale::English).toString(value, 'f', decimals);
}

QString axisTitle(const ReportChart::Axis& axis)
{
    return axis.unit.isEmpty() ? axis.label : QStringLiteral("%1 (%2)").arg(axis.label, axis.unit);
}

bool overlapsAny(const QRectF& rectangle, const QList<QRectF>& placed)
{
    return std::any_of(placed.begin(), placed.end(),
                       [&rectangle](const QRectF& other) { return other.intersects(rectangle); });
}

// One chart being drawn: the layout, computed once, then each layer in order.
class Drawing
{
public:
    Drawing(QPainter& painter, const QSizeF& canvas, const ReportChart& chart, const ChartPalette& palette)
        : m_painter(painter)
        , m_canvas(canvas)
        , m_chart(chart)
        , m_palette(palette)
        , m_textFont(chartFont(TextSize))
        , m_tickFont(chartFont(TickSize))
        , m_text(m_textFont)
        , m_ticks(m_tickFont)
    { }

    void draw()
    {
        m_painter.fillRect(QRectF(QPointF(0, 0), m_canvas), m_palette.background);
        double top = Padding;
        top = drawTitle(top);
        top = drawLegend(top);
        layOut(top);
        drawGrid();
        drawBands();
        // Before the data, so that a line along zero (no errors) is not hidden under the axis.
        drawAxes();
        drawBars();
        drawDots();
        drawSeries();
        drawThresholds();
        drawBandLabels();
        drawEmptyNote();
    }

private:
    enum class Swatch { Line, DashedLine, Dot, FailedDot, Band, Threshold, Note };

    struct LegendEntry
    {
        Swatch swatch;
        QColor colour;
        QString text;
        double width = LineWidth;
    };

    struct BandLabel
    {
        QRectF rectangle;
        QString text;
        ReportChart::Band::Kind kind = ReportChart::Band::Kind::Fault;
    };

    bool isHistogram() const
    {
        return m_chart.kind == ReportChart::Kind::LatencyHistogram;
    }

    double x(double value) const
    {
        const double clamped = std::clamp(value, -LargestValue, LargestValue);
        return m_plot.left() + (clamped - m_x.low) / (m_x.high - m_x.low) * m_plot.width();
    }
    double y(double value, const Scale& scale) const
    {
        const double clamped = std::clamp(value, -LargestValue, LargestValue);
        return m_plot.bottom() - (clamped - scale.low) / (scale.high - scale.low) * m_plot.height();
    }
    const Scale& scaleOf(ReportChart::AxisSide axis) const
    {
        return axis == ReportChart::AxisSide::Right ? m_right : m_left;
    }

    double drawTitle(double top)
    {
        if (m_chart.title.isEmpty()) {
            return top;
        }
        const QFont font = chartFont(TitleSize, true);
        const QFontMetricsF metrics(font);
        m_painter.setFont(font);
        m_painter.setPen(m_palette.text);
        const QString title = metrics.elidedText(m_chart.title, Qt::ElideRight, m_canvas.width() - 2 * Padding);
        m_painter.drawText(QPointF(Padding, top + metrics.ascent()), title);
        return top + metrics.height() + Gap;
    }

    QList<LegendEntry> legendEntries() const
    {
        QList<LegendEntry> entries;
        for (const ReportChart::Series& series : m_chart.series) {
            QString name = series.name;
            if (m_chart.hasSecondYAxis && series.axis == ReportChart::AxisSide::Right) {
                name += QStringLiteral(" (right axis)");
            }
            entries.append({series.dashed ? Swatch::DashedLine : Swatch::Line, m_palette.colour(series.colour), name,
                            series.width});
        }
        const auto failed = std::count_if(m_chart.dots.begin(), m_chart.dots.end(),
                                          [](const ReportChart::Dot& dot) { return dot.failed; });
        if (failed < m_chart.dots.size()) {
            entries.append({Swatch::Dot, m_palette.dot, QStringLiteral("call")});
        }
        if (failed > 0) {
            entries.append({Swatch::FailedDot, m_palette.failedDot, QStringLiteral("failed call")});
        }
        if (!m_chart.bands.isEmpty()) {
            entries.append({Swatch::Band, m_palette.band, QStringLiteral("fault window")});
        }
        if (!m_chart.thresholds.isEmpty()) {
            entries.append({Swatch::Threshold, m_palette.threshold, QStringLiteral("threshold")});
        }
        if (m_chart.callsBeyondBars > 0) {
            entries.append({Swatch::Note, m_palette.mutedText,
                            QStringLiteral("%1 slower %2 not drawn")
                                .arg(m_chart.callsBeyondBars)
                                .arg(m_chart.callsBeyondBars == 1 ? QStringLiteral("call") : QStringLiteral("calls"))});
        }
        return entries;
    }

    void drawSwatch(const LegendEntry& entry, const QRectF& box)
    {
        const QPointF middle(box.left() + SwatchWidth / 2, box.center().y());
        switch (entry.swatch) {
        case Swatch::Line:
        case Swatch::DashedLine:
        case Swatch::Threshold:
            m_painter.setPen(linePen(entry.colour, entry.swatch != Swatch::Line, entry.width));
            m_painter.drawLine(QPointF(box.left(), middle.y()), QPointF(box.left() + SwatchWidth, middle.y()));
            break;
        case Swatch::Dot:
            drawDots({middle}, false);
            break;
        case Swatch::FailedDot:
            drawDots({middle}, true);
            break;
        case Swatch::Band:
            m_painter.fillRect(QRectF(box.left(), box.top() + 1, SwatchWidth, box.height() - 2), entry.colour);
            break;
        case Swatch::Note:
            break;
        }
    }

    double drawLegend(double top)
    {
        const QList<LegendEntry> entries = legendEntries();
        if (entries.isEmpty()) {
            return top;
        }
        m_painter.setFont(m_textFont);
        const double rowHeight = m_text.height();
        const double right = m_canvas.width() - Padding;
        double left = Padding;
        for (const LegendEntry& entry : entries) {
            const double swatch = entry.swatch == Swatch::Note ? 0 : SwatchWidth + Gap;
            const double width
                = swatch + std::min(m_text.horizontalAdvance(entry.text), m_canvas.width() - 2 * Padding - swatch);
            if (left > Padding && left + width > right) {
                left = Padding;
                top += rowHeight;
            }
            const QRectF box(left, top, width, rowHeight);
            drawSwatch(entry, box);
            m_painter.setPen(entry.swatch == Swatch::Note ? m_palette.mutedText : m_palette.text);
            m_painter.drawText(QPointF(left + swatch, top + m_text.ascent()),
                               m_text.elidedText(entry.text, Qt::ElideRight, width - swatch));
            left += width + 3 * Gap;
        }
        return top + rowHeight + Gap;
    }

    QPen linePen(const QColor& colour, bool dashed, double width = LineWidth) const
    {
        QPen pen(colour, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        if (dashed) {
            pen.setCapStyle(Qt::FlatCap);
            pen.setDashPattern({4, 2.5});
        }
        return pen;
    }

    // All dots of a kind as one path: one element in an SVG rather than one for each call.
    void drawDots(const QList<QPointF>& centres, bool failed)
    {
        QPainterPath path;
        path.setFillRule(Qt::WindingFill);
        for (const QPointF& centre : centres) {
            if (failed) {
                // A cross, not only a colour: failed calls stay apart in grey print.
                constexpr double Arm = 3;
                path.moveTo(centre + QPointF(-Arm, -Arm));
                path.lineTo(centre + QPointF(Arm, Arm));
                path.moveTo(centre + QPointF(-Arm, Arm));
                path.lineTo(centre + QPointF(Arm, -Arm));
            } else {
                path.addEllipse(centre, 2.3, 2.3);
            }
        }
        if (failed) {
            m_painter.strokePath(path, QPen(m_palette.failedDot, 1.4, Qt::SolidLine, Qt::RoundCap));
        } else {
            m_painter.fillPath(path, m_palette.dot);
        }
    }

    // The data's spans and the thresholds close enough to them to be drawn to scale.
    void computeScales(double plotWidth, double plotHeight)
    {
        Range xRange;
        Range left;
        Range right;
        if (m_chart.xMaximum > m_chart.xMinimum) {
            xRange.include(m_chart.xMinimum);
            xRange.include(m_chart.xMaximum);
        }
        for (const ReportChart::Series& series : m_chart.series) {
            for (const QPointF& point : series.points) {
                if (std::isfinite(point.y())) {
                    xRange.include(point.x());
                    (series.axis == ReportChart::AxisSide::Right ? right : left).include(point.y());
                }
            }
        }
        for (const ReportChart::Dot& dot : m_chart.dots) {
            xRange.include(dot.x);
            left.include(dot.y);
        }
        for (const ReportChart::Bar& bar : m_chart.bars) {
            xRange.include(bar.lower);
            xRange.include(bar.upper);
            left.include(bar.count);
        }
        if (xRange.isEmpty()) {
            for (const ReportChart::Band& band : m_chart.bands) {
                xRange.include(band.begin);
                xRange.include(band.end);
            }
        }
        const Range xData = xRange;
        const Range leftData = left;
        for (const ReportChart::Threshold& threshold : m_chart.thresholds) {
            Range& range = threshold.axis == ReportChart::AxisSide::Bottom ? xRange
                : threshold.axis == ReportChart::AxisSide::Right           ? right
                                                                           : left;
            const Range& data = threshold.axis == ReportChart::AxisSide::Bottom ? xData : leftData;
            if (data.isEmpty() || threshold.value <= ThresholdReach * std::max(data.high, 0.0)) {
                range.include(threshold.value);
            }
        }
        m_x = niceScale(xRange, plotWidth / 75, ScaleOptions{.fromZero = !isHistogram(), .tight = true});
        m_left = niceScale(left, plotHeight / 40,
                           ScaleOptions{.fromZero = true,
                                        .wholeNumbers = isHistogram(),
                                        .headroom = YHeadroom,
                                        .ceiling = m_chart.yAxis.ceiling});
        m_right
            = niceScale(right, plotHeight / 40,
                        ScaleOptions{.fromZero = true, .headroom = YHeadroom, .ceiling = m_chart.secondYAxis.ceiling});
    }

    double widestTick(const Scale& scale) const
    {
        double widest = 0;
        for (const double tick : scale.ticks()) {
            widest = std::max(widest, m_ticks.horizontalAdvance(tickText(tick, scale.step)));
        }
        return widest;
    }

    void layOut(double top)
    {
        const double axisTitleHeight = m_text.height();
        const double bottomMargin = TickLength + m_ticks.height() + Gap + axisTitleHeight + Padding;
        const double bandStripGuess = m_chart.bands.isEmpty() ? 0 : m_ticks.height() + Gap;
        computeScales(m_canvas.width() * 0.8, m_canvas.height() - top - bottomMargin - bandStripGuess);
        const double leftMargin = Padding + axisTitleHeight + Gap + widestTick(m_left) + TickLength + Gap;
        const QString lastX = tickText(m_x.ticks().constLast(), m_x.step);
        const double rightMargin = m_chart.hasSecondYAxis
            ? Padding + axisTitleHeight + Gap + widestTick(m_right) + TickLength + Gap
            : std::max(Padding, m_ticks.horizontalAdvance(lastX) / 2 + Gap);
        const double width = std::max(m_canvas.width() - leftMargin - rightMargin, MinimumPlotSize);
        m_plot = QRectF(leftMargin, top, width, 1);
        m_bandStripTop = top;
        layOutBandLabels();
        const double rows = m_bandLabels.isEmpty() ? 0 : m_bandRows;
        // Without band labels above it, room for half the top tick's label, which is centred on the frame.
        const double plotTop = top + (rows > 0 ? rows * (m_ticks.height() + 2) : m_ticks.height() / 2);
        const double height = std::max(m_canvas.height() - plotTop - bottomMargin, MinimumPlotSize);
        m_plot = QRectF(leftMargin, plotTop, width, height);
    }

    // Each visible band's label centred over it, on the first row where it meets no other, shortened
    // to the band's width when no row has room.
    void layOutBandLabels()
    {
        QList<ReportChart::Band> bands;
        for (const ReportChart::Band& band : m_chart.bands) {
            const double begin = std::max(std::min(band.begin, band.end), m_x.low);
            const double end = std::min(std::max(band.begin, band.end), m_x.high);
            if (std::isfinite(begin) && std::isfinite(end) && end > begin && !band.label.isEmpty()) {
                bands.append(ReportChart::Band{begin, end, band.label, band.kind});
            }
        }
        std::stable_sort(bands.begin(), bands.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
        QList<QList<QRectF>> rows(MaximumBandRows);
        const double rowHeight = m_ticks.height() + 2;
        m_bandRows = 0;
        for (const ReportChart::Band& band : bands) {
            const double bandWidth = x(band.end) - x(band.begin);
            const double centre = (x(band.begin) + x(band.end)) / 2;
            const QStringList candidates{
                band.label,
                m_ticks.elidedText(band.label, Qt::ElideRight, std::max(bandWidth, MinimumBandLabelWidth)),
            };
            std::optional<BandLabel> label;
            int row = 0;
            for (const QString& text : candidates) {
                const double width = std::min(m_ticks.horizontalAdvance(text) + Gap, m_plot.width());
                const double left = std::clamp(centre - width / 2, m_plot.left(), m_plot.right() - width);
                for (row = 0; row < MaximumBandRows && !label; ++row) {
                    const QRectF rectangle(left, m_bandStripTop + row * rowHeight, width, rowHeight);
                    if (!overlapsAny(rectangle.adjusted(-Gap / 2, 0, Gap / 2, 0), rows.at(row))) {
                        label = BandLabel{rectangle, text, band.kind};
                        rows[row].append(rectangle);
                        m_bandRows = std::max(m_bandRows, row + 1);
                    }
                }
                if (label) {
                    break;
                }
            }
            if (label) {
                m_bandLabels.append(*label);
            }
        }
    }

    void drawGrid()
    {
        QList<QLineF> lines;
        for (const double tick : m_left.ticks()) {
            const double at = y(tick, m_left);
            lines.append(QLineF(m_plot.left(), at, m_plot.right(), at));
        }
        for (const double tick : m_x.ticks()) {
            const double at = x(tick);
            lines.append(QLineF(at, m_plot.top(), at, m_plot.bottom()));
        }
        m_painter.setPen(QPen(m_palette.grid, 0.8));
        m_painter.drawLines(lines);
    }

    void drawBands()
    {
        for (const ReportChart::Band& band : m_chart.bands) {
            const double begin = std::max(std::min(band.begin, band.end), m_x.low);
            const double end = std::min(std::max(band.begin, band.end), m_x.high);
            if (!(end > begin)) {
                continue;
            }
            // The shade reaches up into the label strip, so that each label sits on its window.
            const double top = m_bandLabels.isEmpty() ? m_plot.top() : m_bandStripTop;
            const bool steadyState = band.kind == ReportChart::Band::Kind::SteadyState;
            m_painter.fillRect(QRectF(QPointF(x(begin), top), QPointF(x(end), m_plot.bottom())),
                               steadyState ? m_palette.steadyStateBand : m_palette.band);
        }
    }

    void drawBars()
    {
        m_painter.save();
        m_painter.setClipRect(m_plot, Qt::IntersectClip);
        for (const ReportChart::Bar& bar : m_chart.bars) {
            if (bar.count <= 0 || !(bar.upper > bar.lower)) {
                continue;
            }
            const QRectF rectangle(QPointF(x(bar.lower) + 0.5, y(bar.count, m_left)),
                                   QPointF(x(bar.upper) - 0.5, y(0, m_left)));
            m_painter.fillRect(rectangle, m_palette.bar);
        }
        m_painter.restore();
    }

    void drawDots()
    {
        m_painter.save();
        m_painter.setClipRect(m_plot.adjusted(-4, -4, 4, 4), Qt::IntersectClip);
        // Failed ones last, on top: they are what a reader looks for.
        for (const bool failed : {false, true}) {
            QList<QPointF> centres;
            for (const ReportChart::Dot& dot : m_chart.dots) {
                if (dot.failed == failed && std::isfinite(dot.x) && std::isfinite(dot.y)) {
                    centres.append(QPointF(x(dot.x), y(dot.y, m_left)));
                }
            }
            drawDots(centres, failed);
        }
        m_painter.restore();
    }

    void drawSeries()
    {
        m_painter.save();
        m_painter.setClipRect(m_plot.adjusted(-2, -2, 2, 2), Qt::IntersectClip);
        for (const ReportChart::Series& series : m_chart.series) {
            const Scale& scale = scaleOf(series.axis);
            const QColor colour = m_palette.colour(series.colour);
            QList<QPolygonF> pieces(1);
            for (const QPointF& point : series.points) {
                if (!std::isfinite(point.x()) || !std::isfinite(point.y())) {
                    if (!pieces.constLast().isEmpty()) {
                        pieces.append(QPolygonF());
                    }
                    continue;
                }
                pieces.last().append(QPointF(x(point.x()), y(point.y(), scale)));
            }
            for (const QPolygonF& piece : pieces) {
                if (piece.size() == 1) {
                    // A lone bucket between gaps would be no line at all.
                    m_painter.setPen(Qt::NoPen);
                    m_painter.setBrush(colour);
                    m_painter.drawEllipse(piece.first(), series.width * 1.2, series.width * 1.2);
                    m_painter.setBrush(Qt::NoBrush);
                } else if (piece.size() > 1) {
                    m_painter.setPen(linePen(colour, series.dashed, series.width));
                    m_painter.drawPolyline(piece);
                }
            }
        }
        m_painter.restore();
    }

    QRectF labelBox(const QString& text, double anchorX, double anchorY, bool above, bool alignRight) const
    {
        const double width = m_ticks.horizontalAdvance(text) + Gap;
        const double height = m_ticks.height();
        const double left = alignRight ? anchorX - width : anchorX;
        const double top = above ? anchorY - height - 1 : anchorY + 1;
        return QRectF(left, top, width, height);
    }

    void drawLabel(const QRectF& box, const QString& text, const QColor& colour)
    {
        // A halo of the background keeps the label readable over lines and dots.
        QColor halo = m_palette.background;
        halo.setAlphaF(0.85f);
        m_painter.fillRect(box, halo);
        m_painter.setFont(m_tickFont);
        m_painter.setPen(colour);
        m_painter.drawText(box, Qt::AlignCenter, text);
    }

    // The first of the candidate places that meets no label placed so far and stays in the plot;
    // none when every one is taken (the line stays, unlabelled), the first for the first label.
    std::optional<QRectF> freePlace(const QList<QRectF>& candidates, QList<QRectF>& placed) const
    {
        for (const QRectF& candidate : candidates) {
            if (!overlapsAny(candidate, placed) && m_plot.adjusted(-1, -1, 1, 1).contains(candidate)) {
                placed.append(candidate);
                return candidate;
            }
        }
        if (placed.isEmpty()) {
            placed.append(candidates.first());
            return candidates.first();
        }
        return std::nullopt;
    }

    void drawThresholdLabel(const std::optional<QRectF>& place, const QString& text)
    {
        if (place) {
            drawLabel(*place, text, m_palette.threshold);
        }
    }

    void drawThresholds()
    {
        QList<QRectF> placed;
        QList<const ReportChart::Threshold*> drawn;
        const double labelWidthLimit = m_plot.width() * 0.6;
        for (const ReportChart::Threshold& threshold : m_chart.thresholds) {
            const bool repeated = std::any_of(drawn.begin(), drawn.end(), [&threshold](const auto* other) {
                return other->value == threshold.value && other->axis == threshold.axis
                    && other->label == threshold.label;
            });
            if (!std::isfinite(threshold.value) || repeated) {
                continue;
            }
            drawn.append(&threshold);
            QString text = m_ticks.elidedText(threshold.label, Qt::ElideRight, labelWidthLimit);
            if (threshold.axis == ReportChart::AxisSide::Bottom) {
                const bool shown = m_x.contains(threshold.value);
                const double at = shown ? x(threshold.value) : m_plot.right();
                if (shown) {
                    m_painter.setPen(linePen(m_palette.threshold, true, 1.4));
                    m_painter.drawLine(QPointF(at, m_plot.top()), QPointF(at, m_plot.bottom()));
                } else {
                    text = QStringLiteral("→ ") + text;
                }
                QList<QRectF> candidates;
                for (int row = 0; row < 4; ++row) {
                    const double top = m_plot.top() + 1 + row * m_ticks.height();
                    candidates << labelBox(text, at + 2, top, false, false) << labelBox(text, at - 2, top, false, true);
                }
                drawThresholdLabel(freePlace(candidates, placed), text);
                continue;
            }
            const Scale& scale = scaleOf(threshold.axis);
            const bool shown = scale.contains(threshold.value);
            const double at = shown ? y(threshold.value, scale) : m_plot.top();
            if (shown) {
                m_painter.setPen(linePen(m_palette.threshold, true, 1.4));
                m_painter.drawLine(QPointF(m_plot.left(), at), QPointF(m_plot.right(), at));
            } else {
                text = QStringLiteral("↑ ") + text;
            }
            const double right = m_plot.right() - 2;
            const double left = m_plot.left() + 2;
            drawThresholdLabel(
                freePlace({labelBox(text, right, at, shown, true), labelBox(text, right, at, false, true),
                           labelBox(text, left, at, shown, false), labelBox(text, left, at, false, false)},
                          placed),
                text);
        }
    }

    void drawVerticalAxis(const Scale& scale, const ReportChart::Axis& axis, bool onRight)
    {
        const double edge = onRight ? m_plot.right() : m_plot.left();
        const double direction = onRight ? 1 : -1;
        // The lines first, then the labels: two runs of one pen each (in an SVG, two groups).
        QList<QLineF> lines{QLineF(edge, m_plot.top(), edge, m_plot.bottom())};
        for (const double tick : scale.ticks()) {
            const double at = y(tick, scale);
            lines.append(QLineF(edge, at, edge + direction * TickLength, at));
        }
        m_painter.setPen(QPen(m_palette.axis, 1));
        m_painter.drawLines(lines);
        m_painter.setFont(m_tickFont);
        m_painter.setPen(m_palette.mutedText);
        for (const double tick : scale.ticks()) {
            const QString text = tickText(tick, scale.step);
            const double width = m_ticks.horizontalAdvance(text);
            const double left = onRight ? edge + TickLength + Gap : edge - TickLength - Gap - width;
            m_painter.drawText(QPointF(left, y(tick, scale) + m_ticks.ascent() / 2 - 1), text);
        }
        const QString title = m_text.elidedText(axisTitle(axis), Qt::ElideRight, m_plot.height() + m_plot.top());
        const double middle
            = onRight ? m_canvas.width() - Padding - m_text.height() / 2 : Padding + m_text.height() / 2;
        m_painter.save();
        m_painter.translate(middle, m_plot.center().y());
        m_painter.rotate(onRight ? 90 : -90);
        m_painter.setFont(m_textFont);
        m_painter.setPen(m_palette.text);
        const double width = m_text.horizontalAdvance(title);
        m_painter.drawText(QPointF(-width / 2, m_text.ascent() - m_text.height() / 2), title);
        m_painter.restore();
    }

    void drawAxes()
    {
        drawVerticalAxis(m_left, m_chart.yAxis, false);
        if (m_chart.hasSecondYAxis) {
            drawVerticalAxis(m_right, m_chart.secondYAxis, true);
        }
        QList<QLineF> lines{QLineF(m_plot.bottomLeft(), m_plot.bottomRight())};
        for (const double tick : m_x.ticks()) {
            lines.append(QLineF(x(tick), m_plot.bottom(), x(tick), m_plot.bottom() + TickLength));
        }
        m_painter.setPen(QPen(m_palette.axis, 1));
        m_painter.drawLines(lines);
        m_painter.setFont(m_tickFont);
        m_painter.setPen(m_palette.mutedText);
        double lastRight = -std::numeric_limits<double>::infinity();
        for (const double tick : m_x.ticks()) {
            const double at = x(tick);
            const QString text = tickText(tick, m_x.step);
            const double width = m_ticks.horizontalAdvance(text);
            // Labels that would touch the previous one are left out; the tick stays.
            if (at - width / 2 < lastRight + Gap) {
                continue;
            }
            lastRight = at + width / 2;
            m_painter.drawText(QPointF(at - width / 2, m_plot.bottom() + TickLength + m_ticks.ascent()), text);
        }
        const QString title = m_text.elidedText(axisTitle(m_chart.xAxis), Qt::ElideRight, m_plot.width());
        m_painter.setFont(m_textFont);
        m_painter.setPen(m_palette.text);
        const double width = m_text.horizontalAdvance(title);
        m_painter.drawText(QPointF(m_plot.center().x() - width / 2,
                                   m_plot.bottom() + TickLength + m_ticks.height() + Gap + m_text.ascent()),
                           title);
    }

    void drawBandLabels()
    {
        m_painter.setFont(m_tickFont);
        for (const BandLabel& label : m_bandLabels) {
            m_painter.setPen(label.kind == ReportChart::Band::Kind::SteadyState ? m_palette.steadyStateBandText
                                                                                : m_palette.bandText);
            m_painter.drawText(label.rectangle, Qt::AlignCenter, label.text);
        }
    }

    void drawEmptyNote()
    {
        const bool anyPoint = std::any_of(m_chart.series.begin(), m_chart.series.end(), [](const auto& series) {
            return std::any_of(series.points.begin(), series.points.end(),
                               [](const QPointF& point) { return std::isfinite(point.y()); });
        });
        const bool anyBar = std::any_of(m_chart.bars.begin(), m_chart.bars.end(),
                                        [](const ReportChart::Bar& bar) { return bar.count > 0; });
        if (anyPoint || anyBar || !m_chart.dots.isEmpty()) {
            return;
        }
        m_painter.setFont(m_textFont);
        m_painter.setPen(m_palette.mutedText);
        m_painter.drawText(m_plot, Qt::AlignCenter, QStringLiteral("No calls to show"));
    }

    QPainter& m_painter;
    QSizeF m_canvas;
    const ReportChart& m_chart;
    const ChartPalette& m_palette;
    QFont m_textFont;
    QFont m_tickFont;
    QFontMetricsF m_text;
    QFontMetricsF m_ticks;
    Scale m_x;
    Scale m_left;
    Scale m_right;
    QRectF m_plot;
    double m_bandStripTop = 0;
    int m_bandRows = 0;
    QList<BandLabel> m_bandLabels;
};
} // namespace

void ChartPainter::paint(QPainter& painter, const QRectF& rectangle, const ReportChart& chart,
                         const ChartPalette& palette)
{
    if (!rectangle.isValid() || !std::isfinite(rectangle.width()) || !std::isfinite(rectangle.height())) {
        return;
    }
    const double scale = rectangle.width() / ReferenceWidth;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.translate(rectangle.topLeft());
    painter.scale(scale, scale);
    Drawing(painter, QSizeF(ReferenceWidth, rectangle.height() / scale), chart, palette).draw();
    painter.restore();
}
