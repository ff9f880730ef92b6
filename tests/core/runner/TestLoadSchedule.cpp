#include "runner/LoadSchedule.h"

#include <QTest>

class TestLoadSchedule : public QObject
{
    Q_OBJECT

private slots:
    void spreadsCallsEvenly();
    void countsCallsPerClient();
    void onlyCallsDueBeforeTheEnd();
    void emptySchedules();
};

void TestLoadSchedule::spreadsCallsEvenly()
{
    const LoadSchedule schedule(3, 2, 10'000'000'000);
    QCOMPARE(schedule.callCount(), 60u);
    QCOMPARE(schedule.totalRate(), 6.0);
    QCOMPARE(schedule.offsetNs(0), 0);
    QCOMPARE(schedule.offsetNs(1), 166'666'667);
    QCOMPARE(schedule.offsetNs(6), 1'000'000'000);
    // Each client keeps its own rate: its calls are 1 / rps apart.
    QCOMPARE(schedule.offsetNs(schedule.callIndex(1, 1)) - schedule.offsetNs(schedule.callIndex(1, 0)), 500'000'000);
}

void TestLoadSchedule::countsCallsPerClient()
{
    const LoadSchedule schedule(3, 2, 10'000'000'000);
    QCOMPARE(schedule.callCount(0) + schedule.callCount(1) + schedule.callCount(2), 60u);
    QCOMPARE(schedule.callCount(2), 20u);
    QCOMPARE(schedule.callIndex(1, 2), 7u);
    QCOMPARE(schedule.callCount(3), 0u);
    QCOMPARE(schedule.callCount(-1), 0u);
}

void TestLoadSchedule::onlyCallsDueBeforeTheEnd()
{
    const LoadSchedule schedule(1, 2, 1'200'000'000); // due at 0, 0.5 and 1.0 s
    QCOMPARE(schedule.callCount(), 3u);
    const LoadSchedule uneven(4, 1, 2'500'000'000); // 10 calls, 0.25 s apart
    QCOMPARE(uneven.callCount(), 10u);
    QCOMPARE(uneven.callCount(0), 3u);
    QCOMPARE(uneven.callCount(3), 2u);
}

void TestLoadSchedule::emptySchedules()
{
    QCOMPARE(LoadSchedule(1, 1, 0).callCount(), 0u);
    QCOMPARE(LoadSchedule(2, 0, 1'000'000'000).callCount(), 0u);
    QCOMPARE(LoadSchedule(0, 5, 1'000'000'000).clients(), 1);
}

QTEST_GUILESS_MAIN(TestLoadSchedule)
#include "TestLoadSchedule.moc"
