#include "report/ReportCharts.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QTest>

namespace
{
// A 4 s load at 10 calls a second with a latency fault from 1 s to 2 s, two SLOs, and one expected
// limit; every call is due 100 ms after the one before.
Item loadItem()
{
    Item item;
    item.call.url = QStringLiteral("http://localhost:9090/users");
    Context context;
    Fault fault;
    fault.parameters = LatencyFault{.mean = 300};
    fault.period = Period{PeriodBound{PeriodBound::Unit::Percent, 25}, PeriodBound{PeriodBound::Unit::Percent, 25}};
    context.faults = {fault};
    context.strategy = LoadStrategy{.duration = 4000, .clients = 1, .rps = 10};
    context.slo = {Slo{SloType::Latency, QStringLiteral("p95 under 200 ms"), 95, 200},
                   Slo{SloType::Error, QStringLiteral("fewer than 5% errors"), 95, 5}};
    item.context = context;
    return item;
}

CallRecord call(quint32 index, double latencyMs, CallErrorClass errorClass = CallErrorClass::None, quint16 status = 200)
{
    CallRecord record;
    record.index = index;
    record.intendedStartUs = qint64{index} * 100000;
    record.startUs = record.intendedStartUs;
    record.latencyUs = static_cast<qint32>(latencyMs * 1000);
    record.errorClass = errorClass;
    record.status = errorClass == CallErrorClass::None ? status : 0;
    return record;
}

// 10 ms calls, 300 ms inside the window; the calls due at 1.5 s and 1.9 s time out after 500 ms,
// and the one due at 3.0 s is dropped.
ItemResult loadResult()
{
    ItemResult result;
    for (quint32 index = 0; index < 40; ++index) {
        const bool inWindow = index >= 10 && index < 20;
        if (index == 15 || index == 19) {
            result.calls.append(call(index, 500, CallErrorClass::Timeout));
        } else if (index == 30) {
            result.calls.append(call(index, 0, CallErrorClass::Dropped));
        } else {
            result.calls.append(call(index, inWindow ? 300 : 10));
        }
    }
    result.plannedCalls = 40;
    return result;
}

// By value: callers pass charts made on the spot, and a reference into one would dangle.
ReportChart::Series seriesNamed(const ReportChart& chart, const QString& name)
{
    const auto found = std::find_if(chart.series.begin(), chart.series.end(),
                                    [&name](const ReportChart::Series& series) { return series.name == name; });
    if (found == chart.series.end()) {
        qFatal("no series %s", qPrintable(name));
    }
    return *found;
}

// The series' value over time seconds (its steps hold a value across each bucket).
double valueAt(const ReportChart::Series& series, double seconds)
{
    for (qsizetype point = 0; point + 1 < series.points.size(); point += 2) {
        if (series.points.at(point).x() <= seconds && seconds < series.points.at(point + 1).x()) {
            return series.points.at(point).y();
        }
    }
    return -1;
}
} // namespace

// The charts built from a hand-made item: what each shows, and which items get which.
class TestReportCharts : public QObject
{
    Q_OBJECT

private slots:
    void niceStepsAreOneTwoOrFive();
    void loadItemsGetAllThreeCharts();
    void latencyChartShowsPercentilesWindowsThresholdsAndDots();
    void callsAreBucketedByWhenTheyWereDue();
    void errorsChartShowsErrorRateThroughputAndDrops();
    void ratesAreSteadyForASteadySchedule();
    void histogramCountsEveryAnsweredCall();
    void baselineIsADashedSeries();
    void manyCallsAreNotDrawnAsDots();
    void fewCallsOfSingleAndRepeatGetOnlyAHistogramOrNothing();
    void allFailedAndEmptyItemsGetWhatTheyCanShow();
    void damagedCallTimesKeepBucketsBounded();
};

void TestReportCharts::niceStepsAreOneTwoOrFive()
{
    QCOMPARE(ReportChart::niceStep(0.7), 1.0);
    QCOMPARE(ReportChart::niceStep(1.0), 1.0);
    QCOMPARE(ReportChart::niceStep(1.1), 2.0);
    QCOMPARE(ReportChart::niceStep(30), 50.0);
    QCOMPARE(ReportChart::niceStep(0.021), 0.05);
    QCOMPARE(ReportChart::niceStep(6000), 10000.0);
    QCOMPARE(ReportChart::niceStep(0), 1.0);
    QCOMPARE(ReportChart::niceStep(-3), 1.0);
    QCOMPARE(ReportChart::niceStep(std::numeric_limits<double>::quiet_NaN()), 1.0);
    QCOMPARE(ReportChart::niceStep(std::numeric_limits<double>::infinity()), 1.0);
}

void TestReportCharts::loadItemsGetAllThreeCharts()
{
    const QList<ReportChart> charts = ReportCharts::forItem(loadItem(), loadResult());
    QCOMPARE(charts.size(), 3);
    QCOMPARE(charts.at(0).kind, ReportChart::Kind::LatencyOverTime);
    QCOMPARE(charts.at(1).kind, ReportChart::Kind::ErrorsAndThroughput);
    QCOMPARE(charts.at(2).kind, ReportChart::Kind::LatencyHistogram);
    QCOMPARE(charts.at(0).title, QStringLiteral("Latency over time: GET /users"));
}

void TestReportCharts::latencyChartShowsPercentilesWindowsThresholdsAndDots()
{
    const ReportChart chart = ReportCharts::latencyOverTime(loadItem(), loadResult());
    QCOMPARE(chart.xAxis.unit, QStringLiteral("s"));
    QCOMPARE(chart.yAxis.unit, QStringLiteral("ms"));
    QCOMPARE(chart.xMinimum, 0.0);
    QCOMPARE(chart.xMaximum, 4.0);
    QStringList names;
    for (const ReportChart::Series& series : chart.series) {
        names << series.name;
    }
    QCOMPARE(names, (QStringList{QStringLiteral("p99"), QStringLiteral("p95"), QStringLiteral("p50")}));
    const ReportChart::Series& p50 = seriesNamed(chart, QStringLiteral("p50"));
    QCOMPARE(valueAt(p50, 0.3), 10.0);
    QCOMPARE(valueAt(p50, 1.2), 300.0);
    QCOMPARE(valueAt(p50, 3.7), 10.0);
    QCOMPARE(valueAt(seriesNamed(chart, QStringLiteral("p99")), 1.6), 500.0); // the timeout

    QCOMPARE(chart.bands.size(), 1);
    QCOMPARE(chart.bands.first().begin, 1.0);
    QCOMPARE(chart.bands.first().end, 2.0);
    QCOMPARE(chart.bands.first().label, QStringLiteral("latency"));

    QCOMPARE(chart.thresholds.size(), 1);
    QCOMPARE(chart.thresholds.first().value, 200.0);
    QCOMPARE(chart.thresholds.first().label, QStringLiteral("p95 under 200 ms"));

    QCOMPARE(chart.dots.size(), 39); // the dropped call has no latency
    const auto failed = std::count_if(chart.dots.begin(), chart.dots.end(), [](const auto& dot) { return dot.failed; });
    QCOMPARE(failed, 2);
    const auto timeout = std::find_if(chart.dots.begin(), chart.dots.end(), [](const auto& dot) { return dot.failed; });
    QCOMPARE(timeout->x, 1.5);
    QCOMPARE(timeout->y, 500.0);
}

void TestReportCharts::callsAreBucketedByWhenTheyWereDue()
{
    // Due at 1.9 s, it ended at 2.4 s: its 500 ms belongs to the window's last bucket, not the next.
    const ReportChart chart = ReportCharts::latencyOverTime(loadItem(), loadResult());
    const ReportChart::Series& p99 = seriesNamed(chart, QStringLiteral("p99"));
    QCOMPARE(valueAt(p99, 1.9), 500.0);
    QCOMPARE(valueAt(p99, 2.1), 10.0);
    QCOMPARE(valueAt(p99, 2.4), 10.0);
}

void TestReportCharts::errorsChartShowsErrorRateThroughputAndDrops()
{
    const ReportChart chart = ReportCharts::errorsAndThroughput(loadItem(), loadResult());
    QVERIFY(chart.hasSecondYAxis);
    QCOMPARE(chart.yAxis.unit, QStringLiteral("%"));
    QCOMPARE(chart.secondYAxis.unit, QStringLiteral("calls/s"));
    QCOMPARE(chart.series.size(), 3);
    const ReportChart::Series& errors = seriesNamed(chart, QStringLiteral("error rate"));
    QCOMPARE(errors.axis, ReportChart::AxisSide::Left);
    QCOMPARE(valueAt(errors, 0.3), 0.0);
    QVERIFY(valueAt(errors, 1.5) > 0);
    const ReportChart::Series& throughput = seriesNamed(chart, QStringLiteral("calls sent/s"));
    QCOMPARE(throughput.axis, ReportChart::AxisSide::Right);
    QCOMPARE(valueAt(throughput, 0.3), 10.0);
    const ReportChart::Series& dropped = seriesNamed(chart, QStringLiteral("dropped/s"));
    QVERIFY(valueAt(dropped, 3.0) > 0);
    QCOMPARE(valueAt(dropped, 0.3), 0.0);
    QCOMPARE(chart.bands.size(), 1);
    QCOMPARE(chart.thresholds.size(), 2);
    QCOMPARE(chart.thresholds.first().value, 5.0);
    QCOMPARE(chart.thresholds.first().label, QStringLiteral("fewer than 5% errors"));
    // The schedule's rate, for achieved against target: 1 client at 10 calls a second.
    QCOMPARE(chart.thresholds.last().value, 10.0);
    QCOMPARE(chart.thresholds.last().axis, ReportChart::AxisSide::Right);
    QCOMPARE(chart.thresholds.last().label, QStringLiteral("target 10 calls/s"));

    // Without drops there is no drop line.
    ItemResult result = loadResult();
    result.calls[30] = call(30, 10);
    QCOMPARE(ReportCharts::errorsAndThroughput(loadItem(), result).series.size(), 2);
}

void TestReportCharts::ratesAreSteadyForASteadySchedule()
{
    // A 0.8 s window gets the latency chart 250 ms buckets (2 or 3 calls each); rates would swing.
    Item item = loadItem();
    item.context->faults.first().period->duration = PeriodBound{PeriodBound::Unit::Percent, 20};
    ItemResult result;
    for (quint32 index = 0; index < 40; ++index) {
        result.calls.append(call(index, 10));
    }
    const ReportChart::Series& p95 = seriesNamed(ReportCharts::latencyOverTime(item, result), QStringLiteral("p95"));
    QCOMPARE(p95.points.at(1).x() - p95.points.at(0).x(), 0.25);
    const ReportChart::Series throughput
        = seriesNamed(ReportCharts::errorsAndThroughput(item, result), QStringLiteral("calls sent/s"));
    for (const QPointF& point : throughput.points) {
        QCOMPARE(point.y(), 10.0);
    }
}

void TestReportCharts::histogramCountsEveryAnsweredCall()
{
    Item item = loadItem();
    item.expect = Expectation{.responseTimeUnder = 400};
    const ReportChart chart = ReportCharts::latencyHistogram(item, loadResult());
    int counted = chart.callsBeyondBars;
    for (const ReportChart::Bar& bar : chart.bars) {
        QVERIFY(bar.upper > bar.lower);
        counted += bar.count;
    }
    QCOMPARE(counted, 37); // 40 calls less 2 timeouts and 1 dropped
    QCOMPARE(chart.bars.first().lower, 0.0);
    QVERIFY(chart.bars.last().upper > 300);
    QCOMPARE(chart.thresholds.size(), 2);
    QCOMPARE(chart.thresholds.at(0).axis, ReportChart::AxisSide::Bottom);
    QCOMPARE(chart.thresholds.at(0).value, 200.0);
    QCOMPARE(chart.thresholds.at(1).value, 400.0);
    QCOMPARE(chart.thresholds.at(1).label, QStringLiteral("expected under 400 ms"));

    // One call far out is counted past the bars instead of squashing them.
    ItemResult outlier = loadResult();
    outlier.calls[0] = call(0, 60000);
    const ReportChart squashed = ReportCharts::latencyHistogram(item, outlier);
    QCOMPARE(squashed.callsBeyondBars, 1);
    QVERIFY(squashed.bars.last().upper < 1000);
}

void TestReportCharts::baselineIsADashedSeries()
{
    ItemResult before = loadResult();
    for (CallRecord& record : before.calls) {
        record.latencyUs = 5000;
    }
    const ReportChart chart = ReportCharts::latencyOverTime(loadItem(), loadResult(), &before);
    const ReportChart::Series& baseline = seriesNamed(chart, QStringLiteral("baseline p95"));
    QVERIFY(baseline.dashed);
    QCOMPARE(baseline.colour, ReportChart::ColourRole::Baseline);
    QCOMPARE(valueAt(baseline, 1.2), 5.0);
    QCOMPARE(ReportCharts::forItem(loadItem(), loadResult(), &before).first().series.size(), 4);
    QCOMPARE(ReportCharts::forItem(loadItem(), loadResult()).first().series.size(), 3);
}

void TestReportCharts::manyCallsAreNotDrawnAsDots()
{
    Item item = loadItem();
    item.context->strategy = LoadStrategy{.duration = 30000, .clients = 1, .rps = 10};
    ItemResult result;
    for (quint32 index = 0; index < 300; ++index) {
        result.calls.append(call(index, 10));
    }
    const ReportChart chart = ReportCharts::latencyOverTime(item, result);
    QVERIFY(chart.dots.isEmpty());
    QCOMPARE(valueAt(seriesNamed(chart, QStringLiteral("p95")), 15), 10.0);
    // Enough calls for buckets of 5 or more, and short enough to resolve the 7.5 s window.
    const ReportChart::Series& p95 = seriesNamed(chart, QStringLiteral("p95"));
    const double bucketSeconds = p95.points.at(1).x() - p95.points.at(0).x();
    QVERIFY2(bucketSeconds >= 0.5 && bucketSeconds <= 3.75, qPrintable(QString::number(bucketSeconds)));
    result.calls.resize(ReportCharts::MaximumDotCalls);
    QCOMPARE(ReportCharts::latencyOverTime(item, result).dots.size(), ReportCharts::MaximumDotCalls);
}

void TestReportCharts::fewCallsOfSingleAndRepeatGetOnlyAHistogramOrNothing()
{
    Item single;
    single.call.url = QStringLiteral("http://localhost:9090/");
    ItemResult one;
    one.calls = {call(0, 12)};
    QVERIFY(ReportCharts::forItem(single, one).isEmpty());

    Item repeat = single;
    repeat.context = Context{.strategy = RepeatStrategy{.count = 10}};
    ItemResult ten;
    for (quint32 index = 0; index < 10; ++index) {
        ten.calls.append(index % 3 == 0 ? call(index, 40, CallErrorClass::None, 500) : call(index, 12));
    }
    const QList<ReportChart> charts = ReportCharts::forItem(repeat, ten);
    QCOMPARE(charts.size(), 1);
    QCOMPARE(charts.first().kind, ReportChart::Kind::LatencyHistogram);

    ten.calls.resize(ReportCharts::MinimumHistogramCalls - 1);
    QVERIFY(ReportCharts::forItem(repeat, ten).isEmpty());
}

void TestReportCharts::allFailedAndEmptyItemsGetWhatTheyCanShow()
{
    ItemResult failed;
    for (quint32 index = 0; index < 20; ++index) {
        failed.calls.append(call(index, 500, CallErrorClass::Timeout));
    }
    const QList<ReportChart> charts = ReportCharts::forItem(loadItem(), failed);
    QCOMPARE(charts.size(), 2); // no answered call for a histogram
    QCOMPARE(valueAt(seriesNamed(charts.at(1), QStringLiteral("error rate")), 0.3), 100.0);

    ItemResult dropped;
    dropped.calls = {call(0, 0, CallErrorClass::Dropped)};
    const QList<ReportChart> onlyDrops = ReportCharts::forItem(loadItem(), dropped);
    QCOMPARE(onlyDrops.size(), 2);
    QVERIFY(std::isnan(valueAt(seriesNamed(onlyDrops.first(), QStringLiteral("p95")), 0.1)));

    ItemResult nothing;
    nothing.error = QStringLiteral("unsupported URL");
    QVERIFY(ReportCharts::forItem(loadItem(), nothing).isEmpty());
}

void TestReportCharts::damagedCallTimesKeepBucketsBounded()
{
    // results.json keeps intended_start as it finds it: a damaged file can put a call anywhere.
    ItemResult result = loadResult();
    result.calls[1].intendedStartUs = std::numeric_limits<qint64>::max() - 1;
    result.calls[2].intendedStartUs = std::numeric_limits<qint64>::min() + 1;
    result.calls[3].intendedStartUs = qint64{1} << 50;
    const QList<ReportChart> charts = ReportCharts::forItem(loadItem(), result);
    QCOMPARE(charts.size(), 3);
    for (const ReportChart& chart : charts) {
        for (const ReportChart::Series& series : chart.series) {
            QVERIFY2(series.points.size() <= 4 * 150, qPrintable(QString::number(series.points.size())));
        }
    }
}

QTEST_GUILESS_MAIN(TestReportCharts)
#include "TestReportCharts.moc"
