#pragma once

#include "proxy/FaultShaper.h"
#include "proxy/LatencySampler.h"

// Latency: with `global` (the default) one delay a message or stream, shifting all its bytes;
// otherwise every read or write waits its own delay, one after the other.
class LatencyShaper : public FaultShaper
{
public:
    LatencyShaper(const Fault& fault, FaultDirection direction, FaultWindow window, RandomEngine& random);

protected:
    Passage shape(qint64 arrivalNs, qint64 bytes, bool startsMessage) override;

private:
    qint64 drawDelayNs();

    LatencySampler m_sampler;
    bool m_global;
    RandomEngine& m_random;
    qint64 m_messageDelayNs = 0;
    bool m_hasMessageDelay = false;
    qint64 m_lastReleaseNs = 0;
};
