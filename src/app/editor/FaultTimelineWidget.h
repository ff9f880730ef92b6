#pragma once

#include "scenario/Scenario.h"

#include <optional>

#include <QWidget>

// Every fault of an item on one timeline of the run: a row per fault with the window it is active
// in. Dragging a window moves it; dragging either edge changes its start or its length. The keys
// do the same for the selected fault: Left and Right move it, with Shift they resize it.
class FaultTimelineWidget final : public QWidget
{
    Q_OBJECT

public:
    explicit FaultTimelineWidget(QWidget* parent = nullptr);

    // runMilliseconds: the load run's length; 0 when the strategy is not load, where a period has
    // no effect and the timeline only shows shares of a nominal run.
    void setFaults(const QList<Fault>& faults, qint64 runMilliseconds);
    void setSelectedFault(int index);
    int selectedFault() const;

    // The window of fault index on screen, for tests and accessibility: [left, right) in pixels.
    QRect windowRect(int index) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void faultSelected(int index);
    // When a drag ends, or on each key press.
    void periodEdited(int index, const Period& period);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    enum class DragPart { Body, StartEdge, EndEdge };
    struct Drag
    {
        int fault = -1;
        DragPart part = DragPart::Body;
        double pressFraction = 0;
        QPair<double, double> pressWindow;
    };

    QRect trackRect() const;
    QRect rowRect(int index) const;
    double fractionAt(int x) const;
    QPair<double, double> windowOf(int index) const;
    std::optional<DragPart> partAt(int index, const QPoint& point) const;
    int rowAt(const QPoint& point) const;
    // The period for a window, in the units the fault's period already uses (percent by default),
    // rounded to whole percents or tenths of a second.
    Period periodFor(int index, QPair<double, double> window) const;
    void moveWindow(int index, double startDelta, double endDelta);
    QString axisLabel(double fraction) const;
    QColor colorOf(FaultType type) const;

    QList<Fault> m_faults;
    qint64 m_runMilliseconds = 0;
    int m_selected = -1;
    std::optional<Drag> m_drag;
};
