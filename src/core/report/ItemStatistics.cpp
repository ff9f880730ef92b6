#include "report/ItemStatistics.h"

#include "runner/TestVerdict.h"

#include <algorithm>

namespace
{
bool wasSent(const CallRecord& call)
{
    return call.errorClass != CallErrorClass::Dropped;
}

QList<double> scheduleSlipsOf(const Item& item, const CallRecords& calls)
{
    QList<double> slips;
    if (TestVerdict::isLoad(item)) {
        slips.reserve(calls.size());
        for (const CallRecord& call : calls) {
            if (wasSent(call)) {
                slips.append(std::max<qint64>(call.startUs - call.intendedStartUs, 0) / 1000.0);
            }
        }
    }
    return slips;
}
} // namespace

ItemStatistics::ItemStatistics(const Item& item, const ItemResult& result)
    : m_latencies(result.calls)
    , m_scheduleSlips(scheduleSlipsOf(item, result.calls))
{
    m_droppedCalls = result.calls.size() - m_latencies.size();
    m_failedCalls = std::count_if(result.calls.begin(), result.calls.end(),
                                  [](const CallRecord& call) { return wasSent(call) && call.failed(); });
    const TestVerdict::Tally tally = TestVerdict::tally(item, result);
    m_expectationFailures = TestVerdict::isLoad(item) ? 0 : tally.failed;
    m_passed = tally.failed == 0;
}
