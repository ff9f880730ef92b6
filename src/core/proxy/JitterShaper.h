#pragma once

#include "proxy/FaultShaper.h"

// Jitter: at most `frequency` jitter events a second; a segment of OperationBytes whose first
// bytes meet one waits a uniform 0..amplitude before it goes on (SPEC.md: we differ from fault,
// which reads the frequency as a probability).
class JitterShaper : public FaultShaper
{
public:
    JitterShaper(const Fault& fault, FaultDirection direction, FaultWindow window, RandomEngine& random);

protected:
    Passage shape(qint64 arrivalNs, qint64 bytes, bool startsSegment) override;

private:
    std::uniform_real_distribution<double> m_amplitudeMs;
    qint64 m_eventSpacingNs;
    RandomEngine& m_random;
    qint64 m_nextEventNs = 0;
};
