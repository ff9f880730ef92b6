#include "runner/SortedLatencies.h"

#include <QTest>

class TestSortedLatencies : public QObject
{
    Q_OBJECT

private slots:
    void percentilesFollowR6_data();
    void percentilesFollowR6();
    void singleValue();
    void emptySet();
    void countsAboveThreshold();
    void fromCalls();
};

void TestSortedLatencies::percentilesFollowR6_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<double>("percent");
    QTest::addColumn<double>("expected");
    const QList<double> oneToTen{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    // h = (n + 1) p; Python's statistics.quantiles(method="exclusive") gives the same values.
    QTest::newRow("p25 interpolates") << oneToTen << 25.0 << 2.75;
    QTest::newRow("p50") << oneToTen << 50.0 << 5.5;
    QTest::newRow("p95 clamps to the maximum") << oneToTen << 95.0 << 10.0;
    QTest::newRow("p5 clamps to the minimum") << oneToTen << 5.0 << 1.0;
    QTest::newRow("p40 of five") << QList<double>{50, 15, 40, 20, 35} << 40.0 << 26.0;
    QTest::newRow("p90 of five") << QList<double>{50, 15, 40, 20, 35} << 90.0 << 50.0;
}

void TestSortedLatencies::percentilesFollowR6()
{
    QFETCH(QList<double>, values);
    QFETCH(double, percent);
    QFETCH(double, expected);
    QCOMPARE(SortedLatencies(values).percentile(percent), expected);
}

void TestSortedLatencies::singleValue()
{
    const SortedLatencies latencies(QList<double>{42});
    QCOMPARE(latencies.percentile(1), 42.0);
    QCOMPARE(latencies.percentile(99), 42.0);
    QCOMPARE(latencies.mean(), 42.0);
}

void TestSortedLatencies::emptySet()
{
    const SortedLatencies latencies(QList<double>{});
    QVERIFY(latencies.isEmpty());
    QCOMPARE(latencies.percentile(95), 0.0);
    QCOMPARE(latencies.countAbove(1), 0);
    QCOMPARE(latencies.max(), 0.0);
}

void TestSortedLatencies::countsAboveThreshold()
{
    const SortedLatencies latencies(QList<double>{300, 100, 301, 300, 1000});
    QCOMPARE(latencies.countAbove(300), 2); // at the threshold is not over it
    QCOMPARE(latencies.countAbove(0), 5);
    QCOMPARE(latencies.min(), 100.0);
    QCOMPARE(latencies.max(), 1000.0);
}

void TestSortedLatencies::fromCalls()
{
    const CallRecords calls{CallRecord{.latencyUs = 2500}, CallRecord{.latencyUs = 500}};
    const SortedLatencies latencies(calls);
    QCOMPARE(latencies.min(), 0.5);
    QCOMPARE(latencies.max(), 2.5);
}

QTEST_GUILESS_MAIN(TestSortedLatencies)
#include "TestSortedLatencies.moc"
