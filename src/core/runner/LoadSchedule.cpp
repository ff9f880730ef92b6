#include "runner/LoadSchedule.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace
{
constexpr double NanosecondsPerSecond = 1e9;
} // namespace

LoadSchedule::LoadSchedule(int clients, double callsPerSecond, qint64 durationNs)
    : m_clients(std::max(clients, 1))
    , m_callsPerSecond(callsPerSecond > 0 ? callsPerSecond : 0)
    , m_durationNs(std::max<qint64>(durationNs, 0))
{
    // Calls due strictly before the end; the small slack keeps 10 s at 6/s from rounding to 61.
    const double due = static_cast<double>(m_durationNs) / NanosecondsPerSecond * totalRate();
    const double count = std::max(0.0, std::ceil(due - 1e-9));
    m_callCount = static_cast<quint32>(std::min<double>(count, std::numeric_limits<quint32>::max()));
}

quint32 LoadSchedule::callCount(int client) const
{
    if (client < 0 || client >= m_clients || static_cast<quint32>(client) >= m_callCount) {
        return 0;
    }
    return (m_callCount - static_cast<quint32>(client) + static_cast<quint32>(m_clients) - 1)
        / static_cast<quint32>(m_clients);
}

qint64 LoadSchedule::offsetNs(quint32 index) const
{
    return totalRate() > 0 ? std::llround(index * (NanosecondsPerSecond / totalRate())) : 0;
}
