#pragma once

#include "runner/CallRecord.h"
#include "scenario/Scenario.h"

#include <optional>

#include <QJsonArray>
#include <QList>

// How one SLO fared over an item's calls (SPEC.md §2).
struct SloResult
{
    Slo slo;
    std::optional<double> observed; // ms, or percent of failed calls; nothing without calls
    double margin = 0; // threshold minus observed: positive is headroom, negative a breach
    qsizetype overThreshold = 0; // calls slower than the threshold (or with no response), or failed calls
    // Latency: calls that got no response, which count as over any threshold (SPEC.md §2).
    qsizetype noResponse = 0;
    // Latency: the percentile fell among calls that got no response, so the latency is at least
    // observed (how long they waited) and the SLO fails.
    bool observedIsLowerBound = false;
    bool pass = false;
};

// Evaluates an item's SLOs over its calls, exactly as SPEC.md §2 says.
class SloEvaluator
{
public:
    static QList<SloResult> evaluate(const QList<Slo>& slos, const CallRecords& calls);
    static SloResult evaluate(const Slo& slo, const CallRecords& calls);
};

// As results.json and the run store keep them: {title, type, objective, threshold, observed,
// margin, over_threshold, no_response, observed_is_lower_bound, pass}, observed and margin null
// without calls.
QJsonArray toJson(const QList<SloResult>& results);
