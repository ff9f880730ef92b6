#pragma once

#include "runner/CallRecord.h"
#include "runner/SloEvaluator.h"
#include "runner/TimeBucketAggregator.h"
#include "scenario/Scenario.h"

#include <optional>

#include <QList>

// How a load item with `steady_state` fared in each phase (LoadPhases): its SLOs evaluated over
// each phase's calls alone, and whether the service was healthy before and came back after.
struct SteadyStateResult
{
    QList<SloResult> before;
    QList<SloResult> during;
    QList<SloResult> after;
    qsizetype beforeCalls = 0;
    qsizetype duringCalls = 0;
    qsizetype afterCalls = 0;
    // The before phase met every SLO (or there was none): otherwise the test is void, its
    // baseline having failed with no fault at all.
    bool healthyBefore = true;
    // The after phase met every SLO and a recovery time was found.
    bool recovered = false;
    // From the end of the last fault window to the start of the bucket from which every later one
    // met the SLOs; only when recovered.
    std::optional<qint64> recoveredAfterMs;
};

class SteadyStateEvaluator
{
public:
    // Recovery is found on the live charts' time buckets, laid from the end of the last fault
    // window to the end of the after phase; a call counts in the bucket of its due time. A bucket
    // meets the SLOs when each, evaluated over that bucket's calls alone, passes; an empty bucket
    // says nothing against them.
    static constexpr int BucketLengthMs = TimeBucketAggregator::DefaultLengthMs;

    // Nothing for an item without a steady state.
    static std::optional<SteadyStateResult> evaluate(const Item& item, const CallRecords& calls);
    // The item's SLOs over the faulted phase: over every call without a steady state.
    static QList<SloResult> faultedPhaseSlo(const Item& item, const CallRecords& calls);
};
