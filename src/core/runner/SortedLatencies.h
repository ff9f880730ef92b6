#pragma once

#include "runner/CallRecord.h"

#include <QList>

// The latencies of a set of calls, sorted once, for exact percentiles and threshold counts.
class SortedLatencies
{
public:
    explicit SortedLatencies(QList<double> milliseconds);
    // The calls that were sent: a dropped call has no latency.
    explicit SortedLatencies(const CallRecords& calls);

    bool isEmpty() const
    {
        return m_values.isEmpty();
    }
    qsizetype size() const
    {
        return m_values.size();
    }
    // R-6 (SPEC.md §2): h = (n + 1) p, clamped to the smallest and largest value, interpolated
    // between the neighbours around h. percent is 0..100. Undefined (0) for an empty set.
    double percentile(double percent) const;
    // The position (from 0) of the largest value percentile(percent) reads; -1 for an empty set.
    qsizetype highestPositionRead(double percent) const;
    // How many values are strictly above threshold.
    qsizetype countAbove(double threshold) const;
    double min() const;
    double max() const;
    double mean() const;

private:
    QList<double> m_values;
};
