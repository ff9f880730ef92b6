#include "report/ReportCharts.h"

#include "report/FailurePattern.h"
#include "report/ReportWording.h"
#include "runner/LoadPhases.h"
#include "runner/SortedLatencies.h"
#include "runner/TestVerdict.h"
#include "runner/TimeBucketAggregator.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace
{
// A chart of more buckets than this is a smear at 16 cm; fewer calls a bucket than this make its
// percentiles noise, unless that would leave fewer buckets than MinimumBuckets.
constexpr int MaximumBuckets = 150;
constexpr int MinimumBuckets = 10;
constexpr double MinimumCallsPerBucket = 5;
// Histogram: answered calls slower than this many times the p90 are told, not drawn.
constexpr double OutlierFactor = 10;
constexpr double Nothing = std::numeric_limits<double>::quiet_NaN();

double secondsOf(qint64 microseconds)
{
    return static_cast<double>(microseconds) / 1e6;
}

const LoadStrategy* loadOf(const Item& item)
{
    if (!TestVerdict::isLoad(item)) {
        return nullptr;
    }
    return std::get_if<LoadStrategy>(&*item.context->strategy);
}

// How long the item ran, in ms: its planned duration, or longer when calls were due later.
double spanMs(const Item& item, const ItemResult& result)
{
    double span = static_cast<double>(LoadPhases(item).totalMs());
    for (const CallRecord& call : result.calls) {
        span = std::max(span, static_cast<double>(call.intendedStartUs) / 1000.0);
    }
    return span;
}

// Buckets short enough to resolve the shortest fault window, and few enough to read.
int bucketLengthMs(double span, qsizetype calls, const QList<FailurePattern::Window>& windows)
{
    static constexpr int Lengths[]
        = {TimeBucketAggregator::DefaultLengthMs, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 300000};
    double shortestWindow = std::numeric_limits<double>::infinity();
    for (const FailurePattern::Window& window : windows) {
        shortestWindow = std::min(shortestWindow, window.endMs - window.beginMs);
    }
    for (std::size_t index = 0; index < std::size(Lengths); ++index) {
        const double buckets = std::max(span / Lengths[index], 1.0);
        if (buckets > MaximumBuckets) {
            continue;
        }
        const bool enoughCalls = calls / buckets >= MinimumCallsPerBucket || buckets <= MinimumBuckets;
        const bool nextBlursWindows = index + 1 < std::size(Lengths) && 2.0 * Lengths[index + 1] > shortestWindow;
        if (enoughCalls || nextBlursWindows) {
            return Lengths[index];
        }
    }
    // Past the longest length (a run of days, or a call time from a damaged file) buckets grow with
    // the span, so that there are never more than MaximumBuckets to hold.
    return static_cast<int>(std::clamp(std::ceil(span / MaximumBuckets), double{Lengths[std::size(Lengths) - 1]},
                                       double{std::numeric_limits<int>::max()}));
}

// The item's calls summed up by the time each was due, every slice from the first to the last,
// those without calls empty. The aggregator files a call by when it ended (a live chart learns of
// calls then); the report files it by when it was due, as the fault windows and FailurePattern do,
// so that a call hanging through a black-hole stays inside its window.
QList<TimeBucket> bucketsByDueTime(const ItemResult& result, int lengthMs, double itemSpanMs)
{
    TimeBucketAggregator aggregator(lengthMs);
    const qint64 lastDueUs = qint64{lengthMs} * 1000 * (MaximumBuckets + 1);
    for (CallRecord call : result.calls) {
        if (call.intendedStartUs < 0 || call.intendedStartUs > lastDueUs) {
            continue; // a damaged file's time, which no bucket holds
        }
        call.intendedStartUs -= call.latencyUs;
        aggregator.add(call);
    }
    QList<TimeBucket> buckets;
    for (const TimeBucket& bucket : aggregator.takeChanged()) {
        while (buckets.size() < bucket.index) {
            const auto index = static_cast<int>(buckets.size());
            buckets.append(TimeBucket{.index = index, .startMs = qint64{index} * lengthMs, .lengthMs = lengthMs});
        }
        buckets.append(bucket);
    }
    // The last bucket ends with the item, so that its rate counts only the time it covers.
    if (!buckets.isEmpty()) {
        TimeBucket& last = buckets.last();
        const double covered = itemSpanMs - static_cast<double>(last.startMs);
        if (covered > 0 && covered < last.lengthMs) {
            last.lengthMs = static_cast<int>(std::ceil(covered));
        }
    }
    return buckets;
}

// Each bucket's value held across its span (a step), so that a reader sees which stretch of time
// it sums up; NaN breaks the line.
void appendStep(ReportChart::Series& series, const TimeBucket& bucket, double value)
{
    series.points.append(QPointF(static_cast<double>(bucket.startMs) / 1000.0, value));
    series.points.append(QPointF(static_cast<double>(bucket.startMs + bucket.lengthMs) / 1000.0, value));
}

// A bucket without calls breaks the line: it has no latency to show.
ReportChart::Series latencySeries(const QList<TimeBucket>& buckets, const QString& name, ReportChart::ColourRole colour,
                                  double TimeBucket::*percentile, double width)
{
    ReportChart::Series series{.name = name, .colour = colour, .width = width};
    for (const TimeBucket& bucket : buckets) {
        appendStep(series, bucket, bucket.calls > 0 ? bucket.*percentile : Nothing);
    }
    return series;
}

QList<ReportChart::Band> bandsOf(const Item& item)
{
    QList<ReportChart::Band> bands;
    const LoadPhases phases(item);
    if (phases.beforeMs() > 0) {
        bands.append(ReportChart::Band{0, static_cast<double>(phases.beforeMs()) / 1000.0,
                                       QStringLiteral("steady state before"), ReportChart::Band::Kind::SteadyState});
    }
    if (phases.afterMs() > 0) {
        bands.append(ReportChart::Band{static_cast<double>(phases.beforeMs() + phases.faultedMs()) / 1000.0,
                                       static_cast<double>(phases.totalMs()) / 1000.0,
                                       QStringLiteral("steady state after"), ReportChart::Band::Kind::SteadyState});
    }
    for (const FailurePattern::Window& window : FailurePattern::windowsOf(item)) {
        bands.append(ReportChart::Band{window.beginMs / 1000.0, window.endMs / 1000.0, window.label});
    }
    return bands;
}

QList<Slo> slosOf(const Item& item, SloType type)
{
    QList<Slo> slos;
    if (item.context) {
        std::copy_if(item.context->slo.begin(), item.context->slo.end(), std::back_inserter(slos),
                     [type](const Slo& slo) { return slo.type == type; });
    }
    return slos;
}

QString sloLabel(const Slo& slo)
{
    if (!slo.title.isEmpty()) {
        return slo.title;
    }
    if (slo.type == SloType::Latency) {
        return QStringLiteral("p%1 under %2 ms").arg(slo.objective).arg(slo.threshold);
    }
    return QStringLiteral("errors under %1%").arg(slo.threshold);
}

// The latency lines a chart draws: the item's SLO thresholds and its expectation's limit.
QList<ReportChart::Threshold> latencyThresholds(const Item& item, ReportChart::AxisSide axis)
{
    QList<ReportChart::Threshold> thresholds;
    for (const Slo& slo : slosOf(item, SloType::Latency)) {
        thresholds.append(ReportChart::Threshold{slo.threshold, sloLabel(slo), axis});
    }
    if (item.expect && item.expect->responseTimeUnder) {
        thresholds.append(
            ReportChart::Threshold{*item.expect->responseTimeUnder,
                                   QStringLiteral("expected under %1 ms").arg(*item.expect->responseTimeUnder), axis});
    }
    return thresholds;
}

ReportChart timeChart(ReportChart::Kind kind, const QString& what, const Item& item, double itemSpanMs)
{
    ReportChart chart;
    chart.kind = kind;
    chart.title = QStringLiteral("%1: %2").arg(what, ReportWording::endpoint(item.call));
    chart.xAxis = ReportChart::Axis{QStringLiteral("Time since the start"), QStringLiteral("s")};
    chart.xMaximum = itemSpanMs / 1000.0;
    chart.bands = bandsOf(item);
    return chart;
}

ReportChart latencyChart(const Item& item, const QList<TimeBucket>& buckets, double itemSpanMs)
{
    ReportChart chart
        = timeChart(ReportChart::Kind::LatencyOverTime, QStringLiteral("Latency over time"), item, itemSpanMs);
    chart.yAxis = ReportChart::Axis{QStringLiteral("Latency"), QStringLiteral("ms")};
    // Highest first, as they stand in the plot, and widest: where percentiles are equal (a bucket of
    // few calls) each still shows as a rim around the next.
    chart.series = {
        latencySeries(buckets, QStringLiteral("p99"), ReportChart::ColourRole::Percentile99, &TimeBucket::p99Ms, 3.4),
        latencySeries(buckets, QStringLiteral("p95"), ReportChart::ColourRole::Percentile95, &TimeBucket::p95Ms, 2.2),
        latencySeries(buckets, QStringLiteral("p50"), ReportChart::ColourRole::Median, &TimeBucket::p50Ms, 1.2),
    };
    chart.thresholds = latencyThresholds(item, ReportChart::AxisSide::Left);
    return chart;
}

ReportChart ratesChart(const Item& item, const QList<TimeBucket>& buckets, double itemSpanMs)
{
    ReportChart chart
        = timeChart(ReportChart::Kind::ErrorsAndThroughput, QStringLiteral("Errors and throughput"), item, itemSpanMs);
    chart.yAxis = ReportChart::Axis{QStringLiteral("Error rate"), QStringLiteral("%"), 100.0};
    chart.secondYAxis = ReportChart::Axis{QStringLiteral("Throughput"), QStringLiteral("calls/s")};
    chart.hasSecondYAxis = true;
    ReportChart::Series errors{.name = QStringLiteral("error rate"), .colour = ReportChart::ColourRole::ErrorRate};
    ReportChart::Series throughput{.name = QStringLiteral("calls sent/s"),
                                   .colour = ReportChart::ColourRole::Throughput,
                                   .axis = ReportChart::AxisSide::Right};
    ReportChart::Series dropped{.name = QStringLiteral("dropped/s"),
                                .colour = ReportChart::ColourRole::Dropped,
                                .dashed = true,
                                .axis = ReportChart::AxisSide::Right};
    bool anyDropped = false;
    for (const TimeBucket& bucket : buckets) {
        appendStep(errors, bucket, bucket.calls > 0 ? bucket.errorRate() * 100.0 : Nothing);
        appendStep(throughput, bucket, bucket.callsPerSecond());
        appendStep(dropped, bucket, bucket.lengthMs > 0 ? bucket.dropped * 1000.0 / bucket.lengthMs : 0);
        anyDropped = anyDropped || bucket.dropped > 0;
    }
    chart.series = {errors, throughput};
    if (anyDropped) {
        chart.series.append(dropped);
    }
    for (const Slo& slo : slosOf(item, SloType::Error)) {
        chart.thresholds.append(ReportChart::Threshold{slo.threshold, sloLabel(slo), ReportChart::AxisSide::Left});
    }
    const LoadStrategy* load = loadOf(item);
    if (load && load->rps > 0 && load->clients > 0) {
        const double target = static_cast<double>(load->rps) * load->clients;
        chart.thresholds.append(ReportChart::Threshold{target, QStringLiteral("target %1 calls/s").arg(target),
                                                       ReportChart::AxisSide::Right});
    }
    return chart;
}

qsizetype sentCallCount(const ItemResult& result)
{
    return std::count_if(result.calls.begin(), result.calls.end(),
                         [](const CallRecord& call) { return call.errorClass != CallErrorClass::Dropped; });
}
} // namespace

QList<ReportChart> ReportCharts::forItem(const Item& item, const ItemResult& result, const ItemResult* baseline)
{
    QList<ReportChart> charts;
    if (TestVerdict::isLoad(item) && !result.calls.isEmpty()) {
        charts.append(latencyOverTime(item, result, baseline));
        charts.append(errorsAndThroughput(item, result));
    }
    const auto answered = std::count_if(result.calls.begin(), result.calls.end(),
                                        [](const CallRecord& call) { return call.errorClass == CallErrorClass::None; });
    if (answered >= MinimumHistogramCalls) {
        charts.append(latencyHistogram(item, result));
    }
    return charts;
}

ReportChart ReportCharts::latencyOverTime(const Item& item, const ItemResult& result, const ItemResult* baseline)
{
    const double span = spanMs(item, result);
    const int lengthMs = bucketLengthMs(span, sentCallCount(result), FailurePattern::windowsOf(item));
    ReportChart chart = latencyChart(item, bucketsByDueTime(result, lengthMs, span), span);
    if (baseline) {
        ReportChart::Series before
            = latencySeries(bucketsByDueTime(*baseline, lengthMs, spanMs(item, *baseline)),
                            QStringLiteral("baseline p95"), ReportChart::ColourRole::Baseline, &TimeBucket::p95Ms, 1.6);
        before.dashed = true;
        chart.series.append(before);
        chart.xMaximum = std::max(chart.xMaximum, spanMs(item, *baseline) / 1000.0);
    }
    if (sentCallCount(result) <= MaximumDotCalls) {
        chart.dots = dotsOf(result, MaximumDotCalls);
    }
    return chart;
}

ReportChart ReportCharts::errorsAndThroughput(const Item& item, const ItemResult& result)
{
    // A rate of two or three calls a bucket swings with the schedule's phase (8, 12, 8 calls/s):
    // rates take buckets of enough calls even where that blurs a short window's edges.
    const double span = spanMs(item, result);
    const int lengthMs = bucketLengthMs(span, sentCallCount(result), {});
    return ratesChart(item, bucketsByDueTime(result, lengthMs, span), span);
}

ReportChart ReportCharts::liveLatencyOverTime(const Item& item, const QList<TimeBucket>& buckets, double itemSpanMs)
{
    return latencyChart(item, buckets, itemSpanMs);
}

ReportChart ReportCharts::liveErrorsAndThroughput(const Item& item, const QList<TimeBucket>& buckets, double itemSpanMs)
{
    return ratesChart(item, buckets, itemSpanMs);
}

QList<ReportChart::Dot> ReportCharts::dotsOf(const ItemResult& result, int maximum)
{
    QList<const CallRecord*> sent;
    sent.reserve(result.calls.size());
    for (const CallRecord& call : result.calls) {
        if (call.errorClass != CallErrorClass::Dropped) {
            sent.append(&call);
        }
    }
    // Every failed call while they fit (they are what a reader looks for), the rest evenly spaced.
    const auto failed = std::count_if(sent.begin(), sent.end(), [](const CallRecord* call) { return call->failed(); });
    const qsizetype room = std::max<qsizetype>(maximum - std::min<qsizetype>(failed, maximum / 2), 1);
    const qsizetype answered = sent.size() - failed;
    const double stride = answered > room ? static_cast<double>(answered) / room : 1.0;
    QList<ReportChart::Dot> dots;
    double next = 0;
    qsizetype answeredSeen = 0;
    qsizetype failedTaken = 0;
    for (const CallRecord* call : std::as_const(sent)) {
        bool take = false;
        if (call->failed()) {
            take = failedTaken++ < maximum / 2 || failed <= maximum / 2;
        } else if (answeredSeen++ >= next) {
            take = true;
            next += stride;
        }
        if (take && dots.size() < maximum) {
            dots.append(
                ReportChart::Dot{secondsOf(call->intendedStartUs), call->latencyMs(), call->failed(), call->index});
        }
    }
    return dots;
}

ReportChart ReportCharts::latencyHistogram(const Item& item, const ItemResult& result)
{
    ReportChart chart;
    chart.kind = ReportChart::Kind::LatencyHistogram;
    chart.title = QStringLiteral("Latency distribution: %1").arg(ReportWording::endpoint(item.call));
    chart.xAxis = ReportChart::Axis{QStringLiteral("Latency"), QStringLiteral("ms")};
    chart.yAxis = ReportChart::Axis{QStringLiteral("Answered calls"), QString()};
    chart.thresholds = latencyThresholds(item, ReportChart::AxisSide::Bottom);
    QList<double> answered;
    for (const CallRecord& call : result.calls) {
        if (call.errorClass == CallErrorClass::None) {
            answered.append(call.latencyMs());
        }
    }
    const SortedLatencies latencies(answered);
    if (latencies.isEmpty()) {
        return chart;
    }
    // A few calls far out (a hang that got its answer late) would squash the rest into one bar:
    // past OutlierFactor times the p90 they are counted, not drawn.
    const double cutoff = latencies.percentile(90) * OutlierFactor;
    const double lowest = latencies.min();
    double highest = lowest;
    for (const double latency : answered) {
        if (latency <= cutoff || cutoff <= 0) {
            highest = std::max(highest, latency);
        }
    }
    const double bins = std::clamp(2.0 * std::ceil(std::sqrt(static_cast<double>(latencies.size()))), 5.0, 30.0);
    const double width = ReportChart::niceStep(std::max((highest - lowest) / bins, 0.01));
    const double first = std::floor(lowest / width) * width;
    const auto count = static_cast<qsizetype>(std::floor((highest - first) / width)) + 1;
    for (qsizetype bar = 0; bar < count; ++bar) {
        chart.bars.append(ReportChart::Bar{first + bar * width, first + (bar + 1) * width, 0});
    }
    for (const double latency : answered) {
        const auto bar = std::max<qsizetype>(static_cast<qsizetype>(std::floor((latency - first) / width)), 0);
        if (bar < count) {
            ++chart.bars[bar].count;
        } else {
            ++chart.callsBeyondBars;
        }
    }
    chart.xMinimum = first;
    chart.xMaximum = first + count * width;
    return chart;
}
