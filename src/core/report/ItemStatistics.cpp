#include "report/ItemStatistics.h"

#include "runner/TestVerdict.h"

#include <algorithm>

ItemStatistics::ItemStatistics(const Item& item, const ItemResult& result)
    : m_latencies(result.calls)
{
    m_failedCalls
        = std::count_if(result.calls.begin(), result.calls.end(), [](const CallRecord& call) { return call.failed(); });
    const TestVerdict::Tally tally = TestVerdict::tally(item, result);
    m_expectationFailures = TestVerdict::isLoad(item) ? 0 : tally.failed;
    m_passed = tally.failed == 0;
}
