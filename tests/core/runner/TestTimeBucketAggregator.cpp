#include "runner/TimeBucketAggregator.h"

#include <QTest>

class TestTimeBucketAggregator : public QObject
{
    Q_OBJECT

private slots:
    void bucketsCallsByTheirEnd();
    void sendsOnlyChangedBuckets();
    void countsDroppedCallsWithoutChartingThem();
};

void TestTimeBucketAggregator::bucketsCallsByTheirEnd()
{
    TimeBucketAggregator aggregator(250);
    aggregator.reset(1, 2);
    aggregator.add(CallRecord{.intendedStartUs = 0, .latencyUs = 100'000, .status = 200});
    aggregator.add(CallRecord{.intendedStartUs = 100'000, .latencyUs = 100'000, .status = 500});
    // Starts in the first slice but ends in the third.
    aggregator.add(CallRecord{.intendedStartUs = 200'000, .latencyUs = 400'000, .status = 200});
    const QList<TimeBucket> buckets = aggregator.takeChanged();
    QCOMPARE(buckets.size(), 2);
    QCOMPARE(buckets.at(0).scenarioIndex, 1);
    QCOMPARE(buckets.at(0).itemIndex, 2);
    QCOMPARE(buckets.at(0).index, 0);
    QCOMPARE(buckets.at(0).calls, 2);
    QCOMPARE(buckets.at(0).failed, 1);
    QCOMPARE(buckets.at(0).errorRate(), 0.5);
    QCOMPARE(buckets.at(0).callsPerSecond(), 8.0);
    QCOMPARE(buckets.at(0).p50Ms, 100.0);
    QCOMPARE(buckets.at(1).index, 2);
    QCOMPARE(buckets.at(1).startMs, 500);
    QCOMPARE(buckets.at(1).maxMs, 400.0);
}

void TestTimeBucketAggregator::sendsOnlyChangedBuckets()
{
    TimeBucketAggregator aggregator(250);
    aggregator.add(CallRecord{.latencyUs = 1000});
    QCOMPARE(aggregator.takeChanged().size(), 1);
    QVERIFY(aggregator.takeChanged().isEmpty());
    aggregator.add(CallRecord{.latencyUs = 3000});
    const QList<TimeBucket> again = aggregator.takeChanged();
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.first().calls, 2); // a late call updates the slice already sent
    aggregator.reset(0, 1);
    QVERIFY(aggregator.takeChanged().isEmpty());
}

void TestTimeBucketAggregator::countsDroppedCallsWithoutChartingThem()
{
    TimeBucketAggregator aggregator(250);
    aggregator.add(CallRecord{.intendedStartUs = 0, .latencyUs = 200'000, .status = 200});
    aggregator.add(CallRecord{.intendedStartUs = 10'000, .errorClass = CallErrorClass::Dropped});
    const QList<TimeBucket> buckets = aggregator.takeChanged();
    QCOMPARE(buckets.size(), 1);
    QCOMPARE(buckets.at(0).calls, 1);
    QCOMPARE(buckets.at(0).dropped, 1);
    QCOMPARE(buckets.at(0).failed, 0);
    QCOMPARE(buckets.at(0).p50Ms, 200.0); // a never-sent call does not pull the latency down
}

QTEST_GUILESS_MAIN(TestTimeBucketAggregator)
#include "TestTimeBucketAggregator.moc"
