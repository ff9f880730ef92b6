#include "proxy/LatencyShaper.h"

#include <algorithm>
#include <cmath>

LatencyShaper::LatencyShaper(const Fault& fault, FaultDirection direction, FaultWindow window, RandomEngine& random)
    : FaultShaper(FaultType::Latency, fault.sideOrDefault(), direction, window)
    , m_sampler(std::get<LatencyFault>(fault.parameters))
    , m_global(std::get<LatencyFault>(fault.parameters).globalOrDefault())
    , m_random(random)
{ }

FaultShaper::Passage LatencyShaper::shape(qint64 arrivalNs, qint64, bool startsMessage)
{
    if (m_global) {
        // A shaper that joins a stream midway (faults changed live) starts with the next chunk.
        if (startsMessage || !m_hasMessageDelay) {
            m_messageDelayNs = drawDelayNs();
            m_hasMessageDelay = true;
            addAmount(static_cast<double>(m_messageDelayNs) / 1e6);
        }
        return {Passage::Outcome::Released, arrivalNs + m_messageDelayNs};
    }
    const qint64 delayNs = drawDelayNs();
    addAmount(static_cast<double>(delayNs) / 1e6);
    m_lastReleaseNs = std::max(arrivalNs, m_lastReleaseNs) + delayNs;
    return {Passage::Outcome::Released, m_lastReleaseNs};
}

qint64 LatencyShaper::drawDelayNs()
{
    return std::llround(m_sampler.sampleMilliseconds(m_random) * 1e6);
}
