#pragma once

#include "proxy/FaultShaper.h"
#include "proxy/LatencySampler.h"

// Latency: with `global` (the default) one delay a message or stream, shifting all its bytes;
// otherwise one delay each OperationBytes of a message, the segments waiting one after the other.
class LatencyShaper : public FaultShaper
{
public:
    LatencyShaper(const Fault& fault, FaultDirection direction, FaultWindow window, RandomEngine& random);

protected:
    Passage shape(qint64 arrivalNs, qint64 bytes, bool startsSegment) override;

private:
    qint64 drawDelayNs();

    LatencySampler m_sampler;
    bool m_global;
    RandomEngine& m_random;
    qint64 m_messageDelayNs = 0;
};
