#include "runner/TestVerdict.h"

#include <algorithm>

bool TestVerdict::isLoad(const Item& item)
{
    return item.context && item.context->strategy && std::holds_alternative<LoadStrategy>(*item.context->strategy);
}

bool TestVerdict::callPasses(const std::optional<Expectation>& expect, const CallRecord& call)
{
    if (!expect) {
        return true;
    }
    if (expect->status && (call.errorClass != CallErrorClass::None || call.status != *expect->status)) {
        return false;
    }
    return !expect->responseTimeUnder || call.latencyMs() <= *expect->responseTimeUnder;
}

bool TestVerdict::loadItemPasses(const std::optional<Expectation>& expect, const QList<SloResult>& slo)
{
    if (!expect || !expect->allSloAreValid) {
        return true;
    }
    const bool allPass = std::all_of(slo.begin(), slo.end(), [](const SloResult& result) { return result.pass; });
    return allPass == *expect->allSloAreValid;
}

TestVerdict::Tally TestVerdict::tally(const Item& item, const ItemResult& result)
{
    if (isLoad(item)) {
        return {.run = 1, .failed = loadItemPasses(item.expect, result.slo) ? 0 : 1};
    }
    Tally tally{.run = static_cast<int>(result.calls.size())};
    tally.failed
        = static_cast<int>(std::count_if(result.calls.begin(), result.calls.end(),
                                         [&item](const CallRecord& call) { return !callPasses(item.expect, call); }));
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
