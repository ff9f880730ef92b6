#pragma once

#include "report/ReportChart.h"
#include "runner/RunEvents.h"
#include "runner/RunResult.h"
#include "scenario/Scenario.h"

#include <QList>

// The charts the report shows for an item, built from its calls. Load items get latency over time
// and errors and throughput over time (with their fault windows and SLO lines); every item with at
// least MinimumHistogramCalls answered calls gets a latency histogram.
class ReportCharts
{
public:
    // At most this many calls are drawn one by one as dots on the latency chart.
    static constexpr int MaximumDotCalls = 200;
    static constexpr int MinimumHistogramCalls = 5;

    // baseline: the same item in an earlier run, whose p95 the latency chart shows dashed.
    static QList<ReportChart> forItem(const Item& item, const ItemResult& result, const ItemResult* baseline = nullptr);

    static ReportChart latencyOverTime(const Item& item, const ItemResult& result,
                                       const ItemResult* baseline = nullptr);
    static ReportChart errorsAndThroughput(const Item& item, const ItemResult& result);
    static ReportChart latencyHistogram(const Item& item, const ItemResult& result);

    // An item still running, from the time slices the runner sends (calls filed by when they
    // ended) over its planned span: the same charts, without dots.
    static ReportChart liveLatencyOverTime(const Item& item, const QList<TimeBucket>& buckets, double itemSpanMs);
    static ReportChart liveErrorsAndThroughput(const Item& item, const QList<TimeBucket>& buckets, double itemSpanMs);

    // The item's sent calls as dots, at most maximum: every failed one while they take up to half,
    // the others evenly spaced.
    static QList<ReportChart::Dot> dotsOf(const ItemResult& result, int maximum);
};
