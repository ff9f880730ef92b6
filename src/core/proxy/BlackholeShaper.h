#pragma once

#include "proxy/FaultShaper.h"

// Black-hole: while active, every byte vanishes, and the flow will not close either, so that the
// peer meets its own timeout.
class BlackholeShaper : public FaultShaper
{
public:
    BlackholeShaper(const Fault& fault, FaultDirection direction, FaultWindow window);

protected:
    Passage shape(qint64 arrivalNs, qint64 bytes, bool startsSegment) override;
};
