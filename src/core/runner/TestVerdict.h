#pragma once

#include "runner/RunResult.h"
#include "scenario/Scenario.h"

#include <optional>

// What counts as a test and whether it passed (SPEC.md §2): each call of a single or repeat item
// is checked against the item's expectation; a load item is one test, judged by its SLOs.
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
    static bool callPasses(const std::optional<Expectation>& expect, const CallRecord& call);
    // With all_slo_are_valid set, passes when whether every SLO passed matches it; otherwise a
    // load item always passes, its SLOs being reported on their own.
    static bool loadItemPasses(const std::optional<Expectation>& expect, const QList<SloResult>& slo);
    static Tally tally(const Item& item, const ItemResult& result);
    static Tally tally(const RunResult& run);
};
