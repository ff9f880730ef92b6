#include "proxy/FaultShaper.h"

#include <algorithm>

FaultShaper::FaultShaper(FaultType type, FaultSide side, FaultDirection direction, FaultWindow window,
                         qint64 segmentBytes)
    : m_applied{type, side, direction, 0}
    , m_window(window)
    , m_segmentBytes(segmentBytes)
    // A fault drawn once a message draws at a message's start only: the bytes a tunnel carries
    // before its first exchange (a TLS handshake) pass undrawn. Segmented ones draw from the start.
    , m_segment(segmentBytes > 0 ? -1 : 0)
{ }

FaultShaper::Passage FaultShaper::pass(qint64 arrivalNs, qint64 offset, qint64 bytes, bool startsMessage)
{
    if (startsMessage) {
        m_segment = -1;
    }
    Passage passage{Passage::Outcome::Released, arrivalNs, bytes};
    if (m_window.contains(arrivalNs)) {
        // A fault whose window opens midway through a segment draws for that segment then.
        const qint64 segment = m_segmentBytes > 0 ? offset / m_segmentBytes : 0;
        const bool startsSegment = segment != m_segment;
        m_segment = segment;
        passage = shape(arrivalNs, bytes, startsSegment);
        passage.bytes = bytes;
    }
    passage.releaseNs = std::max(passage.releaseNs, m_lastReleaseNs);
    m_lastReleaseNs = passage.releaseNs;
    return passage;
}

qint64 FaultShaper::spanBytes(qint64 offset) const
{
    return m_segmentBytes > 0 ? m_segmentBytes - offset % m_segmentBytes : 0;
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

qint64 FaultShaper::delayedRelease(qint64 arrivalNs, qint64 delayNs, bool startsSegment)
{
    if (startsSegment) {
        m_segmentDelayNs = delayNs;
        return std::max(arrivalNs, m_lastReleaseNs) + delayNs;
    }
    return std::max(arrivalNs + m_segmentDelayNs, m_lastReleaseNs);
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
