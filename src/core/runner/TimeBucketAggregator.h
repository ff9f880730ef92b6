#pragma once

#include "runner/CallRecord.h"
#include "runner/RunEvents.h"

#include <vector>

#include <QList>

// Sums up an item's calls in fixed time slices, by the time each call ended, for live charts.
class TimeBucketAggregator
{
public:
    static constexpr int DefaultLengthMs = 250;

    explicit TimeBucketAggregator(int lengthMs = DefaultLengthMs);

    // Starts on a new item.
    void reset(int scenarioIndex, int itemIndex);
    void add(const CallRecord& call);
    // The slices that changed since the last time, summarised, oldest first.
    QList<TimeBucket> takeChanged();

private:
    struct Slice
    {
        QList<double> latenciesMs;
        int failed = 0;
        int dropped = 0;
        bool changed = false;
    };

    int m_lengthMs;
    int m_scenarioIndex = 0;
    int m_itemIndex = 0;
    std::vector<Slice> m_slices;
    std::vector<int> m_changed;
};
