#include "proxy/JitterShaper.h"

#include <algorithm>
#include <cmath>

JitterShaper::JitterShaper(const Fault& fault, FaultDirection direction, FaultWindow window, RandomEngine& random)
    : FaultShaper(FaultType::Jitter, fault.sideOrDefault(), direction, window, OperationBytes)
    , m_amplitudeMs(0.0, std::max(0.0, std::get<JitterFault>(fault.parameters).amplitude))
    , m_random(random)
{
    const double frequency = std::get<JitterFault>(fault.parameters).frequency;
    // A frequency of 0 means no jitter at all.
    m_eventSpacingNs = frequency > 0 ? std::llround(1e9 / frequency) : -1;
}

FaultShaper::Passage JitterShaper::shape(qint64 arrivalNs, qint64, bool startsSegment)
{
    qint64 delayNs = 0;
    if (startsSegment) {
        // Every segment draws, whether the clock brings it an event or not, so that the draws of
        // the faults after it on the same engine never depend on timing.
        const qint64 drawnNs = std::llround(m_amplitudeMs(m_random) * 1e6);
        if (m_eventSpacingNs >= 0 && arrivalNs >= m_nextEventNs) {
            m_nextEventNs = arrivalNs + m_eventSpacingNs;
            delayNs = drawnNs;
            addAmount(static_cast<double>(delayNs) / 1e6);
        }
    }
    return {Passage::Outcome::Released, delayedRelease(arrivalNs, delayNs, startsSegment)};
}
