#pragma once

#include "runner/RunResult.h"
#include "runner/SortedLatencies.h"
#include "scenario/Scenario.h"

// The numbers both reports show for an item: its calls' latencies, errors and expectation failures.
class ItemStatistics
{
public:
    ItemStatistics(const Item& item, const ItemResult& result);

    // Calls sent; dropped ones (load, past max_clients) are counted apart.
    qsizetype requests() const
    {
        return m_latencies.size();
    }
    qsizetype droppedCalls() const
    {
        return m_droppedCalls;
    }
    qsizetype failedCalls() const
    {
        return m_failedCalls;
    }
    qsizetype expectationFailures() const
    {
        return m_expectationFailures;
    }
    const SortedLatencies& latencies() const
    {
        return m_latencies;
    }
    // Load: how late each call was sent after it was due (its latency counts from when it was due);
    // empty for single and repeat.
    const SortedLatencies& scheduleSlips() const
    {
        return m_scheduleSlips;
    }
    bool passed() const
    {
        return m_passed;
    }

private:
    SortedLatencies m_latencies;
    SortedLatencies m_scheduleSlips;
    qsizetype m_failedCalls = 0;
    qsizetype m_droppedCalls = 0;
    qsizetype m_expectationFailures = 0;
    bool m_passed = true;
};
