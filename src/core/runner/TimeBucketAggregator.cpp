#include "runner/TimeBucketAggregator.h"

#include "runner/SortedLatencies.h"

#include <algorithm>

TimeBucketAggregator::TimeBucketAggregator(int lengthMs)
    : m_lengthMs(std::max(lengthMs, 1))
{ }

void TimeBucketAggregator::reset(int scenarioIndex, int itemIndex)
{
    m_scenarioIndex = scenarioIndex;
    m_itemIndex = itemIndex;
    m_slices.clear();
    m_changed.clear();
}

void TimeBucketAggregator::add(const CallRecord& call)
{
    const qint64 endUs = std::max<qint64>(call.intendedStartUs + call.latencyUs, 0);
    const auto index = static_cast<std::size_t>(endUs / 1000 / m_lengthMs);
    if (index >= m_slices.size()) {
        m_slices.resize(index + 1);
    }
    Slice& slice = m_slices[index];
    // A dropped call was never sent: it has no latency to chart, only a count.
    if (call.errorClass == CallErrorClass::Dropped) {
        ++slice.dropped;
    } else {
        slice.latenciesMs.append(call.latencyMs());
        slice.failed += call.failed() ? 1 : 0;
    }
    if (!slice.changed) {
        slice.changed = true;
        m_changed.push_back(static_cast<int>(index));
    }
}

QList<TimeBucket> TimeBucketAggregator::takeChanged()
{
    std::sort(m_changed.begin(), m_changed.end());
    QList<TimeBucket> buckets;
    buckets.reserve(static_cast<qsizetype>(m_changed.size()));
    for (const int index : m_changed) {
        Slice& slice = m_slices[static_cast<std::size_t>(index)];
        slice.changed = false;
        const SortedLatencies latencies(slice.latenciesMs);
        buckets.append(TimeBucket{.scenarioIndex = m_scenarioIndex,
                                  .itemIndex = m_itemIndex,
                                  .index = index,
                                  .startMs = static_cast<qint64>(index) * m_lengthMs,
                                  .lengthMs = m_lengthMs,
                                  .calls = static_cast<int>(latencies.size()),
                                  .failed = slice.failed,
                                  .p50Ms = latencies.percentile(50),
                                  .p95Ms = latencies.percentile(95),
                                  .p99Ms = latencies.percentile(99),
                                  .maxMs = latencies.max(),
                                  .dropped = slice.dropped});
    }
    m_changed.clear();
    return buckets;
}
