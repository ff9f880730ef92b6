#pragma once

#include "proxy/FaultShaper.h"

#include <array>

// Packet loss on a TCP path (SPEC.md §1): each message is cut into segments of SegmentBytes, and
// each transmission of a segment is lost with a fixed `probability`, or, without one, with the
// chance of the state a five-state chain (excellent, good, fair, poor, bad) moves to before each
// transmission, starting in good. The proxy has already parsed the bytes and TCP would resend
// them, so a lost segment is not dropped: it is resent after a retransmission timeout,
// FirstTimeoutNs doubled for each consecutive loss of the same segment, delaying it and what
// follows; the ResetAfterLosses-th consecutive loss resets the connection instead. A probability
// of 0 loses nothing. The amount reported is the bytes of the lost transmissions.
class PacketLossShaper : public FaultShaper
{
public:
    static constexpr qint64 SegmentBytes = 1460; // the MSS of a 1,500-byte Ethernet MTU
    static constexpr qint64 FirstTimeoutNs = 200'000'000; // Linux's minimum RTO
    static constexpr int ResetAfterLosses = 7;
    static constexpr int StateCount = 5;
    static constexpr std::array<double, StateCount> StateLossChance{0.0, 0.1, 0.3, 0.6, 0.9};
    static constexpr std::array<std::array<double, StateCount>, StateCount> StateTransitions{{
        {0.9, 0.1, 0.0, 0.0, 0.0},
        {0.05, 0.9, 0.05, 0.0, 0.0},
        {0.0, 0.1, 0.8, 0.1, 0.0},
        {0.0, 0.0, 0.2, 0.7, 0.1},
        {0.0, 0.0, 0.0, 0.3, 0.7},
    }};

    PacketLossShaper(const Fault& fault, FaultDirection direction, FaultWindow window, RandomEngine& random);

protected:
    Passage shape(qint64 arrivalNs, qint64 bytes, bool startsSegment) override;

private:
    // Draws whether one transmission is lost.
    bool lose();
    double nextLossChance();

    std::optional<double> m_fixedProbability;
    RandomEngine& m_random;
    std::uniform_real_distribution<double> m_unit{0.0, 1.0};
    int m_state = 1; // good
    int m_segmentLosses = 0; // of the current segment
};
