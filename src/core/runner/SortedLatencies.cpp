#include "runner/SortedLatencies.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace
{
QList<double> latenciesOf(const CallRecords& calls)
{
    QList<double> values;
    values.reserve(calls.size());
    for (const CallRecord& call : calls) {
        if (call.errorClass != CallErrorClass::Dropped) {
            values.append(call.latencyMs());
        }
    }
    return values;
}
} // namespace

SortedLatencies::SortedLatencies(QList<double> milliseconds)
    : m_values(std::move(milliseconds))
{
    std::sort(m_values.begin(), m_values.end());
}

SortedLatencies::SortedLatencies(const CallRecords& calls)
    : SortedLatencies(latenciesOf(calls))
{ }

double SortedLatencies::percentile(double percent) const
{
    if (m_values.isEmpty()) {
        return 0;
    }
    const double n = static_cast<double>(m_values.size());
    const double h = (n + 1) * percent / 100.0;
    if (h <= 1) {
        return m_values.first();
    }
    if (h >= n) {
        return m_values.last();
    }
    const double below = std::floor(h);
    const auto lower = static_cast<qsizetype>(below) - 1; // h counts from 1
    const double fraction = h - below;
    return m_values.at(lower) + fraction * (m_values.at(lower + 1) - m_values.at(lower));
}

qsizetype SortedLatencies::highestPositionRead(double percent) const
{
    const qsizetype n = m_values.size();
    const double h = (static_cast<double>(n) + 1) * percent / 100.0;
    if (n == 0 || h <= 1) {
        return n == 0 ? -1 : 0;
    }
    if (h >= static_cast<double>(n)) {
        return n - 1;
    }
    const double below = std::floor(h);
    return static_cast<qsizetype>(below) - (h > below ? 0 : 1);
}

qsizetype SortedLatencies::countAbove(double threshold) const
{
    return m_values.end() - std::upper_bound(m_values.begin(), m_values.end(), threshold);
}

double SortedLatencies::min() const
{
    return m_values.isEmpty() ? 0 : m_values.first();
}

double SortedLatencies::max() const
{
    return m_values.isEmpty() ? 0 : m_values.last();
}

double SortedLatencies::mean() const
{
    return m_values.isEmpty() ? 0 : std::accumulate(m_values.begin(), m_values.end(), 0.0) / m_values.size();
}
