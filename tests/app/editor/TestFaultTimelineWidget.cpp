#include "editor/FaultTimelineWidget.h"

#include <QSignalSpy>
#include <QTest>

namespace
{
constexpr qint64 RunMs = 10000;

Fault latencyDuring(std::optional<PeriodBound> start, std::optional<PeriodBound> duration)
{
    Fault fault = makeDefaultFault(FaultType::Latency);
    fault.period = Period{start, duration};
    return fault;
}

PeriodBound percent(double value)
{
    return {PeriodBound::Unit::Percent, value};
}
} // namespace

// The timeline shows every fault's window, and dragging or the keys edit one window.
class TestFaultTimelineWidget : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void showsEveryWindowWhereItFalls();
    void draggingAWindowMovesItsStart();
    void draggingTheEndEdgeChangesItsLength();
    void draggingAWholeRunFaultGivesItAPeriod();
    void keysMoveAndResizeTheSelectedWindow();
    void millisecondBoundsStayInMilliseconds();

private:
    // The x of a share of the run, inside the track.
    int xAt(double share) const;
    Period lastEdit(const QSignalSpy& spy) const;
    void drag(const QPoint& from, const QPoint& to);

    std::unique_ptr<FaultTimelineWidget> m_timeline;
};

void TestFaultTimelineWidget::init()
{
    m_timeline = std::make_unique<FaultTimelineWidget>();
    m_timeline->resize(900, m_timeline->sizeHint().height());
    m_timeline->setFaults({latencyDuring(percent(10), percent(15)), latencyDuring(percent(40), percent(15)),
                           makeDefaultFault(FaultType::Blackhole)},
                          RunMs);
    m_timeline->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_timeline.get()));
}

void TestFaultTimelineWidget::showsEveryWindowWhereItFalls()
{
    const QRect first = m_timeline->windowRect(0);
    const QRect second = m_timeline->windowRect(1);
    const QRect wholeRun = m_timeline->windowRect(2);
    QVERIFY(first.top() < second.top() && second.top() < wholeRun.top());
    QVERIFY(qAbs(first.left() - xAt(0.10)) <= 1);
    QVERIFY(qAbs(first.right() - xAt(0.25)) <= 2);
    QVERIFY(qAbs(second.left() - xAt(0.40)) <= 1);
    QVERIFY(qAbs(wholeRun.left() - xAt(0)) <= 1);
    QVERIFY(qAbs(wholeRun.right() - xAt(1)) <= 2);
}

void TestFaultTimelineWidget::draggingAWindowMovesItsStart()
{
    QSignalSpy edited(m_timeline.get(), &FaultTimelineWidget::periodEdited);
    const QRect window = m_timeline->windowRect(0);
    drag(window.center(), window.center() + QPoint(xAt(0.30) - xAt(0.10), 0));
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.at(0).at(0).toInt(), 0);
    QCOMPARE(lastEdit(edited), (Period{percent(30), percent(15)}));
}

void TestFaultTimelineWidget::draggingTheEndEdgeChangesItsLength()
{
    QSignalSpy edited(m_timeline.get(), &FaultTimelineWidget::periodEdited);
    const QRect window = m_timeline->windowRect(1);
    const QPoint edge(window.right(), window.center().y());
    drag(edge, edge + QPoint(xAt(0.20) - xAt(0), 0));
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.at(0).at(0).toInt(), 1);
    QCOMPARE(lastEdit(edited), (Period{percent(40), percent(35)}));
}

void TestFaultTimelineWidget::draggingAWholeRunFaultGivesItAPeriod()
{
    QSignalSpy edited(m_timeline.get(), &FaultTimelineWidget::periodEdited);
    const QRect window = m_timeline->windowRect(2);
    const QPoint edge(window.right(), window.center().y());
    drag(edge, QPoint(xAt(0.5), edge.y()));
    QCOMPARE(edited.count(), 1);
    // From the start, so the start stays unwritten.
    QCOMPARE(lastEdit(edited), (Period{std::nullopt, percent(50)}));
}

void TestFaultTimelineWidget::keysMoveAndResizeTheSelectedWindow()
{
    QSignalSpy edited(m_timeline.get(), &FaultTimelineWidget::periodEdited);
    m_timeline->setFocus();
    m_timeline->setSelectedFault(0);
    QTest::keyClick(m_timeline.get(), Qt::Key_Right);
    QCOMPARE(lastEdit(edited), (Period{percent(11), percent(15)}));
    QTest::keyClick(m_timeline.get(), Qt::Key_Right, Qt::ShiftModifier);
    QCOMPARE(lastEdit(edited), (Period{percent(11), percent(16)}));
    QTest::keyClick(m_timeline.get(), Qt::Key_Down);
    QCOMPARE(m_timeline->selectedFault(), 1);
}

void TestFaultTimelineWidget::millisecondBoundsStayInMilliseconds()
{
    const PeriodBound twoSeconds{PeriodBound::Unit::Milliseconds, 2000};
    const PeriodBound oneSecond{PeriodBound::Unit::Milliseconds, 1000};
    m_timeline->setFaults({latencyDuring(twoSeconds, oneSecond), makeDefaultFault(FaultType::Blackhole),
                           makeDefaultFault(FaultType::Blackhole)},
                          RunMs);
    QSignalSpy edited(m_timeline.get(), &FaultTimelineWidget::periodEdited);
    const QRect window = m_timeline->windowRect(0);
    drag(window.center(), window.center() + QPoint(xAt(0.5) - xAt(0), 0));
    QCOMPARE(lastEdit(edited), (Period{PeriodBound{PeriodBound::Unit::Milliseconds, 7000}, oneSecond}));
}

int TestFaultTimelineWidget::xAt(double share) const
{
    // The track spans from the left edge of a whole-run window to its right edge.
    const QRect track = m_timeline->windowRect(2);
    return track.left() + qRound(share * (track.width()));
}

Period TestFaultTimelineWidget::lastEdit(const QSignalSpy& spy) const
{
    return spy.isEmpty() ? Period{} : spy.last().at(1).value<Period>();
}

void TestFaultTimelineWidget::drag(const QPoint& from, const QPoint& to)
{
    QTest::mousePress(m_timeline.get(), Qt::LeftButton, {}, from);
    QTest::mouseMove(m_timeline.get(), (from + to) / 2);
    QTest::mouseMove(m_timeline.get(), to);
    QTest::mouseRelease(m_timeline.get(), Qt::LeftButton, {}, to);
}

QTEST_MAIN(TestFaultTimelineWidget)
#include "TestFaultTimelineWidget.moc"
