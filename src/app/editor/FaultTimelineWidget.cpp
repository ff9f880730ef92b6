#include "editor/FaultTimelineWidget.h"

#include "editor/FaultDescriptions.h"
#include "shell/AppIcons.h"

#include <algorithm>
#include <cmath>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace
{
constexpr int LabelWidth = 180;
constexpr int RowHeight = 24;
constexpr int RowGap = 6;
constexpr int TopMargin = 6;
constexpr int RightMargin = 14;
constexpr int AxisHeight = 22;
constexpr int EdgeGrip = 6; // pixels either side of a window's edge that resize it
constexpr int IconSize = 16;
constexpr double MinimumShare = 0.01; // a window never shrinks below 1 % of the run
constexpr double KeyStep = 0.01;
// Without a load strategy periods have no effect; the timeline still shows them on a run this long.
constexpr double NominalRunMilliseconds = 10000;
constexpr double MillisecondsRounding = 100;

constexpr int AxisLabelWidth = 80;
constexpr int AxisIntervals = 4; // about as many lines on the axis, its ends included

QString secondsText(double milliseconds)
{
    return QObject::tr("%1 s").arg(QString::number(milliseconds / 1000.0, 'g', 3));
}

// Where the axis has its lines, as fractions of the run: the run's end, and before it round
// times (a step of 1, 2, 2.5 or 5 times a power of ten) when the run has a length, quarters when not.
QList<double> axisFractions(qint64 runMilliseconds)
{
    if (runMilliseconds <= 0) {
        return {0, 0.25, 0.5, 0.75, 1};
    }
    const double run = static_cast<double>(runMilliseconds);
    const double magnitude = std::pow(10.0, std::floor(std::log10(run / AxisIntervals)));
    double step = 10 * magnitude;
    for (const double multiple : {1.0, 2.0, 2.5, 5.0}) {
        if (run / (multiple * magnitude) <= AxisIntervals + 1) {
            step = multiple * magnitude;
            break;
        }
    }
    QList<double> fractions;
    for (int line = 0; line * step < run * (1 - MinimumShare); ++line) {
        fractions << line * step / run;
    }
    fractions << 1;
    return fractions;
}
} // namespace

FaultTimelineWidget::FaultTimelineWidget(QWidget* parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Fault timeline"));
    setAccessibleDescription(tr("Each fault's active window in the run. Up and Down select a fault, Left and Right "
                                "move its window, Shift with Left and Right changes its length."));
}

void FaultTimelineWidget::setFaults(const QList<Fault>& faults, qint64 runMilliseconds)
{
    m_faults = faults;
    m_runMilliseconds = runMilliseconds;
    m_drag.reset();
    if (m_selected >= m_faults.size()) {
        m_selected = static_cast<int>(m_faults.size()) - 1;
    }
    updateGeometry();
    update();
}

void FaultTimelineWidget::setSelectedFault(int index)
{
    m_selected = index;
    update();
}

int FaultTimelineWidget::selectedFault() const
{
    return m_selected;
}

QRect FaultTimelineWidget::windowRect(int index) const
{
    const QRect row = rowRect(index);
    const auto [begin, end] = windowOf(index);
    const int left = row.left() + static_cast<int>(std::lround(begin * row.width()));
    const int right = row.left() + static_cast<int>(std::lround(end * row.width()));
    return QRect(QPoint(left, row.top()), QPoint(std::max(right - 1, left), row.bottom()));
}

QSize FaultTimelineWidget::sizeHint() const
{
    const int rows = std::max(1, static_cast<int>(m_faults.size()));
    return {640, TopMargin + rows * (RowHeight + RowGap) + AxisHeight};
}

QSize FaultTimelineWidget::minimumSizeHint() const
{
    return {LabelWidth + 200, sizeHint().height()};
}

void FaultTimelineWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette& colors = palette();
    const QRect track = trackRect();

    if (m_faults.isEmpty()) {
        painter.setPen(colors.color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(0, 0, 0, -AxisHeight), Qt::AlignCenter,
                         tr("Add a fault to see when it is active during the run"));
    }

    // Lines at round times, and their labels; a label too close to the run's end gives way to it.
    for (const double fraction : axisFractions(m_runMilliseconds)) {
        const int x = track.left() + static_cast<int>(std::lround(fraction * track.width()));
        const bool first = fraction == 0;
        const bool last = fraction == 1;
        painter.setPen(QPen(colors.color(QPalette::Mid), 1, Qt::DotLine));
        painter.drawLine(x, track.top(), x, track.bottom() + 3);
        if (!last && track.right() - x < AxisLabelWidth * 3 / 4) {
            continue;
        }
        painter.setPen(colors.color(QPalette::PlaceholderText));
        const QRect centred(x - AxisLabelWidth / 2, track.bottom() + 4, AxisLabelWidth, AxisHeight - 4);
        const QRect label = first ? centred.translated(AxisLabelWidth / 2, 0)
                                  : (last ? centred.translated(-AxisLabelWidth / 2, 0) : centred);
        const Qt::Alignment alignment = first ? Qt::AlignLeft : (last ? Qt::AlignRight : Qt::AlignHCenter);
        painter.drawText(label, alignment | Qt::AlignTop, axisLabel(fraction));
    }

    for (int index = 0; index < m_faults.size(); ++index) {
        const Fault& fault = m_faults.at(index);
        const QRect row = rowRect(index);
        // The fault's name on the left.
        const QRect labelRect(0, row.top(), LabelWidth - 8, row.height());
        AppIcons::faultIcon(fault.type())
            .paint(&painter, QRect(labelRect.left() + 2, row.center().y() - IconSize / 2, IconSize, IconSize));
        painter.setPen(colors.color(index == m_selected ? QPalette::Text : QPalette::WindowText));
        QFont font = painter.font();
        font.setBold(index == m_selected);
        painter.setFont(font);
        const QRect textRect = labelRect.adjusted(IconSize + 8, 0, 0, 0);
        painter.drawText(
            textRect, Qt::AlignVCenter | Qt::AlignLeft,
            painter.fontMetrics().elidedText(FaultDescriptions::summary(fault), Qt::ElideRight, textRect.width()));
        font.setBold(false);
        painter.setFont(font);

        // The run, and the fault's window in it.
        painter.setPen(colors.color(QPalette::Mid));
        painter.setBrush(colors.brush(QPalette::Base));
        painter.drawRoundedRect(QRectF(row).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        QColor fill = colorOf(fault.type());
        fill.setAlphaF(fault.period ? 0.85f : 0.35f);
        const QRect window = windowRect(index);
        painter.setBrush(fill);
        painter.setPen(index == m_selected ? QPen(colors.color(QPalette::Highlight), 2) : QPen(fill.darker(130), 1));
        painter.drawRoundedRect(QRectF(window).adjusted(1, 2, -1, -2), 4, 4);
        const QString windowText = fault.period
            ? QStringLiteral("%1 – %2").arg(axisLabel(windowOf(index).first), axisLabel(windowOf(index).second))
            : tr("whole run");
        painter.setPen(colors.color(QPalette::Text));
        if (painter.fontMetrics().horizontalAdvance(windowText) + 12 < window.width()) {
            painter.drawText(window, Qt::AlignCenter, windowText);
        }
    }
    if (hasFocus() && m_selected >= 0 && m_selected < m_faults.size()) {
        painter.setPen(QPen(colors.color(QPalette::Highlight), 1, Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rowRect(m_selected).adjusted(-3, -2, 2, 1));
    }
}

void FaultTimelineWidget::mousePressEvent(QMouseEvent* event)
{
    const int row = rowAt(event->position().toPoint());
    if (row < 0 || event->button() != Qt::LeftButton) {
        return;
    }
    if (row != m_selected) {
        m_selected = row;
        emit faultSelected(row);
    }
    if (const std::optional<DragPart> part = partAt(row, event->position().toPoint())) {
        m_drag = Drag{row, *part, fractionAt(event->position().toPoint().x()), windowOf(row)};
        if (*part == DragPart::Body) {
            setCursor(Qt::ClosedHandCursor);
        }
    }
    update();
}

void FaultTimelineWidget::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint point = event->position().toPoint();
    if (!m_drag) {
        const int row = rowAt(point);
        const std::optional<DragPart> part = row >= 0 ? partAt(row, point) : std::nullopt;
        setCursor(!part ? Qt::ArrowCursor : (*part == DragPart::Body ? Qt::OpenHandCursor : Qt::SizeHorCursor));
        return;
    }
    const double delta = fractionAt(point.x()) - m_drag->pressFraction;
    auto [begin, end] = m_drag->pressWindow;
    switch (m_drag->part) {
    case DragPart::Body: {
        const double shift = std::clamp(delta, -begin, 1.0 - end);
        begin += shift;
        end += shift;
        break;
    }
    case DragPart::StartEdge:
        begin = std::clamp(begin + delta, 0.0, end - MinimumShare);
        break;
    case DragPart::EndEdge:
        end = std::clamp(end + delta, begin + MinimumShare, 1.0);
        break;
    }
    m_faults[m_drag->fault].period = periodFor(m_drag->fault, {begin, end});
    update();
}

void FaultTimelineWidget::mouseReleaseEvent(QMouseEvent* event)
{
    if (!m_drag) {
        return;
    }
    mouseMoveEvent(event); // the release point counts
    const Drag drag = *m_drag;
    m_drag.reset();
    setCursor(Qt::OpenHandCursor);
    if (windowOf(drag.fault) != drag.pressWindow && m_faults.at(drag.fault).period) {
        emit periodEdited(drag.fault, *m_faults.at(drag.fault).period);
    }
}

void FaultTimelineWidget::keyPressEvent(QKeyEvent* event)
{
    const bool resize = event->modifiers() & Qt::ShiftModifier;
    switch (event->key()) {
    case Qt::Key_Up:
    case Qt::Key_Down:
        if (!m_faults.isEmpty()) {
            const int step = event->key() == Qt::Key_Up ? -1 : 1;
            m_selected = std::clamp(m_selected + step, 0, static_cast<int>(m_faults.size()) - 1);
            emit faultSelected(m_selected);
            update();
        }
        return;
    case Qt::Key_Left:
        moveWindow(m_selected, resize ? 0 : -KeyStep, -KeyStep);
        return;
    case Qt::Key_Right:
        moveWindow(m_selected, resize ? 0 : KeyStep, KeyStep);
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

QRect FaultTimelineWidget::trackRect() const
{
    const int rows = std::max(1, static_cast<int>(m_faults.size()));
    return QRect(LabelWidth, TopMargin, std::max(width() - LabelWidth - RightMargin, 1),
                 rows * (RowHeight + RowGap) - RowGap);
}

QRect FaultTimelineWidget::rowRect(int index) const
{
    const QRect track = trackRect();
    return QRect(track.left(), track.top() + index * (RowHeight + RowGap), track.width(), RowHeight);
}

double FaultTimelineWidget::fractionAt(int x) const
{
    const QRect track = trackRect();
    return std::clamp(static_cast<double>(x - track.left()) / track.width(), 0.0, 1.0);
}

QPair<double, double> FaultTimelineWidget::windowOf(int index) const
{
    const Fault& fault = m_faults.at(index);
    const double run = m_runMilliseconds > 0 ? static_cast<double>(m_runMilliseconds) : NominalRunMilliseconds;
    return fault.period ? fault.period->window(run) : QPair<double, double>(0.0, 1.0);
}

std::optional<FaultTimelineWidget::DragPart> FaultTimelineWidget::partAt(int index, const QPoint& point) const
{
    const QRect window = windowRect(index);
    if (point.x() < window.left() - EdgeGrip || point.x() > window.right() + EdgeGrip) {
        return std::nullopt;
    }
    // A narrow window is all body, so that it can still be moved.
    if (window.width() > 3 * EdgeGrip) {
        if (std::abs(point.x() - window.left()) <= EdgeGrip) {
            return DragPart::StartEdge;
        }
        if (std::abs(point.x() - window.right()) <= EdgeGrip) {
            return DragPart::EndEdge;
        }
    }
    return DragPart::Body;
}

int FaultTimelineWidget::rowAt(const QPoint& point) const
{
    for (int index = 0; index < m_faults.size(); ++index) {
        const QRect row = rowRect(index);
        if (point.y() >= row.top() && point.y() <= row.bottom() && point.x() >= 0) {
            return index;
        }
    }
    return -1;
}

Period FaultTimelineWidget::periodFor(int index, QPair<double, double> window) const
{
    const std::optional<Period>& current = m_faults.at(index).period;
    const double run = m_runMilliseconds > 0 ? static_cast<double>(m_runMilliseconds) : NominalRunMilliseconds;
    const auto boundFor = [run](double share, const std::optional<PeriodBound>& was) {
        const PeriodBound::Unit unit = was ? was->unit : PeriodBound::Unit::Percent;
        const double value = unit == PeriodBound::Unit::Percent
            ? std::round(share * FaultDescriptions::PercentPerUnit)
            : std::round(share * run / MillisecondsRounding) * MillisecondsRounding;
        return PeriodBound{unit, value};
    };
    const std::optional<PeriodBound> wasStart = current ? current->start : std::nullopt;
    const std::optional<PeriodBound> wasDuration = current ? current->duration : std::nullopt;
    Period period;
    // A bound the file leaves out stays out while it keeps its meaning (from the start, to the end).
    if (wasStart || boundFor(window.first, wasStart).value > 0) {
        period.start = boundFor(window.first, wasStart);
    }
    if (wasDuration || window.second < 1.0 - MinimumShare / 2) {
        period.duration = boundFor(window.second - window.first, wasDuration);
    }
    return period;
}

void FaultTimelineWidget::moveWindow(int index, double startDelta, double endDelta)
{
    if (index < 0 || index >= m_faults.size()) {
        return;
    }
    auto [begin, end] = windowOf(index);
    if (startDelta == endDelta) {
        const double shift = std::clamp(startDelta, -begin, 1.0 - end);
        begin += shift;
        end += shift;
    } else {
        end = std::clamp(end + endDelta, begin + MinimumShare, 1.0);
    }
    const Period period = periodFor(index, {begin, end});
    if (m_faults.at(index).period != period) {
        m_faults[index].period = period;
        update();
        emit periodEdited(index, period);
    }
}

QString FaultTimelineWidget::axisLabel(double fraction) const
{
    if (m_runMilliseconds > 0) {
        return secondsText(fraction * static_cast<double>(m_runMilliseconds));
    }
    return QStringLiteral("%1%").arg(std::lround(fraction * FaultDescriptions::PercentPerUnit));
}

QColor FaultTimelineWidget::colorOf(FaultType type) const
{
    // A hue per kind, as the palette icons use; lighter on a dark base so that text stays readable.
    static constexpr int Hues[] = {30, 330, 190, 265, 0, 215};
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const int saturation = type == FaultType::Blackhole ? 60 : 170;
    return QColor::fromHsl(Hues[static_cast<int>(type)], saturation, dark ? 110 : 175);
}
