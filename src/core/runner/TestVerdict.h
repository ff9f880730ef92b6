#pragma once

#include "runner/FailureExplanation.h"
#include "runner/RunResult.h"
#include "scenario/Scenario.h"

#include <optional>

// What counts as a test and whether it passed (SPEC.md §2): each call of a single or repeat item
// is checked against the item's expectation; a load item is one test, judged by its SLOs. Either
// fails when a call failed with no injected fault to explain it (FailureExplanation).
class TestVerdict
{
public:
    struct Tally
    {
        int run = 0;
        int failed = 0;
    };

    static bool isLoad(const Item& item);
    // The status matches (if one is expected) and the call took at most response_time_under (if
    // set). A call that got no response fails when a status is expected.
    static bool callMeetsExpectation(const std::optional<Expectation>& expect, const CallRecord& call);
    // A call's test: it meets the expectation and did not fail unexplained.
    static bool callPasses(const Item& item, const FailureExplanation& explanation, const CallRecord& call);
    // Every SLO held (SPEC.md §2: a breached SLO fails a load item), or, with all_slo_are_valid
    // set, the SLOs turned out as it says.
    static bool sloMeetExpectation(const std::optional<Expectation>& expect, const QList<SloResult>& slo);
    // A load item's test: its SLOs meet the expectation and none of its calls failed unexplained.
    static bool loadItemPasses(const Item& item, const ItemResult& result);
    static qsizetype unexplainedFailures(const Item& item, const CallRecords& calls);
    static Tally tally(const Item& item, const ItemResult& result);
    static Tally tally(const RunResult& run);
};
