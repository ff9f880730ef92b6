#pragma once

#include "runner/RunResult.h"
#include "runner/SortedLatencies.h"
#include "scenario/Scenario.h"

// The numbers both reports show for an item: its calls' latencies, errors and expectation failures.
class ItemStatistics
{
public:
    ItemStatistics(const Item& item, const ItemResult& result);

    qsizetype requests() const
    {
        return m_latencies.size();
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
    bool passed() const
    {
        return m_passed;
    }

private:
    SortedLatencies m_latencies;
    qsizetype m_failedCalls = 0;
    qsizetype m_expectationFailures = 0;
    bool m_passed = true;
};
