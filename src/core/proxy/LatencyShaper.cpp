#include "proxy/LatencyShaper.h"

#include <cmath>

LatencyShaper::LatencyShaper(const Fault& fault, FaultDirection direction, FaultWindow window, RandomEngine& random)
    : FaultShaper(FaultType::Latency, fault.sideOrDefault(), direction, window,
                  std::get<LatencyFault>(fault.parameters).globalOrDefault() ? 0 : OperationBytes)
    , m_sampler(std::get<LatencyFault>(fault.parameters))
    , m_global(std::get<LatencyFault>(fault.parameters).globalOrDefault())
    , m_random(random)
{ }

FaultShaper::Passage LatencyShaper::shape(qint64 arrivalNs, qint64, bool startsSegment)
{
    qint64 delayNs = 0;
    if (startsSegment) {
        delayNs = drawDelayNs();
        addAmount(static_cast<double>(delayNs) / 1e6);
    }
    if (m_global) {
        if (startsSegment) {
            m_messageDelayNs = delayNs;
        }
        return {Passage::Outcome::Released, arrivalNs + m_messageDelayNs};
    }
    return {Passage::Outcome::Released, delayedRelease(arrivalNs, delayNs, startsSegment)};
}

qint64 LatencyShaper::drawDelayNs()
{
    return std::llround(m_sampler.sampleMilliseconds(m_random) * 1e6);
}
