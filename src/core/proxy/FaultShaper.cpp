#include "proxy/FaultShaper.h"

#include <algorithm>

FaultShaper::FaultShaper(FaultType type, FaultSide side, FaultDirection direction, FaultWindow window)
    : m_applied{type, side, direction, 0}
    , m_window(window)
{ }

FaultShaper::Passage FaultShaper::pass(qint64 arrivalNs, qint64 bytes, bool startsMessage)
{
    Passage passage{Passage::Outcome::Released, arrivalNs};
    if (m_window.contains(arrivalNs)) {
        passage = shape(arrivalNs, bytes, startsMessage);
    }
    passage.releaseNs = std::max(passage.releaseNs, m_lastReleaseNs);
    m_lastReleaseNs = passage.releaseNs;
    return passage;
}

qint64 FaultShaper::sliceBytes() const
{
    return 0;
}

std::optional<ProxyEvent::AppliedFault> FaultShaper::takeApplied()
{
    if (!m_fired) {
        return std::nullopt;
    }
    const ProxyEvent::AppliedFault applied = m_applied;
    m_applied.amount = 0;
    m_fired = false;
    return applied;
}

void FaultShaper::addAmount(double amount)
{
    m_applied.amount += amount;
    m_fired = true;
}

void FaultShaper::setAmount(double amount)
{
    m_applied.amount = amount;
    m_fired = true;
}
