#include "proxy/MonotonicClock.h"
#include "runner/PreciseWakeTimer.h"

#include <QSignalSpy>
#include <QTest>

class TestPreciseWakeTimer : public QObject
{
    Q_OBJECT

private slots:
    void firesAtItsTimeNeverBefore();
    void aNewTimeReplacesTheOld();
    void aPastTimeFiresAtOnce();
    void stopKeepsItQuiet();
};

void TestPreciseWakeTimer::firesAtItsTimeNeverBefore()
{
    PreciseWakeTimer timer;
    QSignalSpy fired(&timer, &PreciseWakeTimer::timeout);
    // Off the millisecond grid on purpose: a QTimer could not aim here.
    const qint64 at = MonotonicClock::nowNs() + 20'345'678;
    timer.wakeAt(at);
    QVERIFY(timer.isActive());
    QVERIFY(fired.wait(5000));
    QVERIFY(MonotonicClock::nowNs() >= at);
    QCOMPARE(fired.size(), 1);
    QVERIFY(!timer.isActive());
}

void TestPreciseWakeTimer::aNewTimeReplacesTheOld()
{
    PreciseWakeTimer timer;
    QSignalSpy fired(&timer, &PreciseWakeTimer::timeout);
    timer.wakeAt(MonotonicClock::nowNs() + 3'600'000'000'000);
    const qint64 sooner = MonotonicClock::nowNs() + 10'000'000;
    timer.wakeAt(sooner);
    QVERIFY(fired.wait(5000));
    QVERIFY(MonotonicClock::nowNs() >= sooner);
}

void TestPreciseWakeTimer::aPastTimeFiresAtOnce()
{
    PreciseWakeTimer timer;
    QSignalSpy fired(&timer, &PreciseWakeTimer::timeout);
    timer.wakeAt(0);
    QVERIFY(fired.wait(5000));
}

void TestPreciseWakeTimer::stopKeepsItQuiet()
{
    // Stopped, then a second timer that fires later: the first has had every chance to.
    PreciseWakeTimer stopped;
    PreciseWakeTimer witness;
    QSignalSpy stoppedFired(&stopped, &PreciseWakeTimer::timeout);
    QSignalSpy witnessFired(&witness, &PreciseWakeTimer::timeout);
    const qint64 now = MonotonicClock::nowNs();
    stopped.wakeAt(now + 5'000'000);
    stopped.stop();
    witness.wakeAt(now + 30'000'000);
    QVERIFY(witnessFired.wait(5000));
    QCOMPARE(stoppedFired.size(), 0);
}

QTEST_GUILESS_MAIN(TestPreciseWakeTimer)
#include "TestPreciseWakeTimer.moc"
