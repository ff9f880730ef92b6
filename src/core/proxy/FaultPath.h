#pragma once

#include "proxy/FaultShaper.h"

#include <memory>
#include <vector>

#include <QList>

// The faults one flow of bytes passes through, in order (for a request: the client side's
// ingress, then the server side's egress), as one shaper chain. It counts each message's bytes,
// so that every fault draws at the same offsets however the bytes are handed to it.
class FaultPath
{
public:
    void append(std::unique_ptr<FaultShaper> shaper);
    bool isEmpty() const;
    // Takes the first of `bytes` bytes that reached the path at arrivalNs (startsMessage: the
    // first bytes of a request, a response or a tunnel's stream). The passage says how many it
    // covers: all, or up to the end of a fault's segment or bandwidth slice; pass the rest
    // again, with the same arrival time.
    FaultShaper::Passage pass(qint64 arrivalNs, qint64 bytes, bool startsMessage);
    // What fired since the last call, with how much.
    QList<ProxyEvent::AppliedFault> takeApplied();

private:
    std::vector<std::unique_ptr<FaultShaper>> m_shapers;
    qint64 m_offset = 0; // in the current message
};
