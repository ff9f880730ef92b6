#pragma once

#include "proxy/FaultShaper.h"

// Bandwidth cap: bytes leave no faster than the rate, each piece when its last byte would have
// crossed a link of that speed. No burst builds up while the flow is idle. A rate of 0 is no cap.
// It draws nothing, so how finely it slices changes no other fault's draws.
class BandwidthShaper : public FaultShaper
{
public:
    BandwidthShaper(const Fault& fault, FaultDirection direction, FaultWindow window);

    // Pieces of about 10 ms of transfer keep the flow smooth without a timer a byte.
    qint64 spanBytes(qint64 offset) const override;

protected:
    Passage shape(qint64 arrivalNs, qint64 bytes, bool startsSegment) override;

private:
    double m_bytesPerSecond;
    double m_nextFreeNs = 0;
};
