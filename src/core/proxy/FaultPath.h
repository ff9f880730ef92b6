#pragma once

#include "proxy/FaultShaper.h"

#include <memory>
#include <vector>

#include <QList>

// The faults one flow of bytes passes through, in order (for a request: the client side's
// ingress, then the server side's egress), as one shaper chain.
class FaultPath
{
public:
    void append(std::unique_ptr<FaultShaper> shaper);
    bool isEmpty() const;
    // The piece size that keeps every shaper smooth; 0: chunks may pass whole.
    qint64 sliceBytes() const;
    FaultShaper::Passage pass(qint64 arrivalNs, qint64 bytes, bool startsMessage);
    // What fired since the last call, with how much.
    QList<ProxyEvent::AppliedFault> takeApplied();

private:
    std::vector<std::unique_ptr<FaultShaper>> m_shapers;
};
