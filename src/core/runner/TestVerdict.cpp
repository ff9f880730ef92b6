#include "runner/TestVerdict.h"

#include <algorithm>

bool TestVerdict::isLoad(const Item& item)
{
    return item.context && item.context->strategy && std::holds_alternative<LoadStrategy>(*item.context->strategy);
}

bool TestVerdict::callMeetsExpectation(const std::optional<Expectation>& expect, const CallRecord& call)
{
    if (!expect) {
        return true;
    }
    if (expect->status && (call.errorClass != CallErrorClass::None || call.status != *expect->status)) {
        return false;
    }
    return !expect->responseTimeUnder || call.latencyMs() <= *expect->responseTimeUnder;
}

bool TestVerdict::callPasses(const Item& item, const FailureExplanation& explanation, const CallRecord& call)
{
    return callMeetsExpectation(item.expect, call) && !explanation.isUnexplained(call);
}

qsizetype TestVerdict::unexplainedFailures(const Item& item, const CallRecords& calls)
{
    const FailureExplanation explanation(item);
    return std::count_if(calls.begin(), calls.end(),
                         [&explanation](const CallRecord& call) { return explanation.isUnexplained(call); });
}

bool TestVerdict::loadItemPasses(const Item& item, const ItemResult& result)
{
    return result.error.isEmpty() && sloMeetExpectation(item.expect, result.slo)
        && unexplainedFailures(item, result.calls) == 0;
}

bool TestVerdict::sloMeetExpectation(const std::optional<Expectation>& expect, const QList<SloResult>& slo)
{
    const bool allPass = std::all_of(slo.begin(), slo.end(), [](const SloResult& result) { return result.pass; });
    return allPass == (expect && expect->allSloAreValid ? *expect->allSloAreValid : true);
}

TestVerdict::Tally TestVerdict::tally(const Item& item, const ItemResult& result)
{
    if (!result.error.isEmpty()) {
        // Every test the item was to make failed: a call that could not be sent is no pass.
        const int tests = isLoad(item) ? 1 : static_cast<int>(result.plannedCalls);
        return {.run = tests, .failed = tests};
    }
    if (isLoad(item)) {
        return {.run = 1, .failed = loadItemPasses(item, result) ? 0 : 1};
    }
    const FailureExplanation explanation(item);
    Tally tally{.run = static_cast<int>(result.calls.size())};
    tally.failed
        = static_cast<int>(std::count_if(result.calls.begin(), result.calls.end(),
                                         [&](const CallRecord& call) { return !callPasses(item, explanation, call); }));
    return tally;
}

TestVerdict::Tally TestVerdict::tally(const RunResult& run)
{
    Tally total;
    for (const ScenarioResult& scenario : run.scenarios) {
        for (qsizetype i = 0; i < scenario.items.size() && i < scenario.scenario.items.size(); ++i) {
            const Tally item = tally(scenario.scenario.items.at(i), scenario.items.at(i));
            total.run += item.run;
            total.failed += item.failed;
        }
    }
    return total;
}
