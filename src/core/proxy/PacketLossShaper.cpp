#include "proxy/PacketLossShaper.h"

PacketLossShaper::PacketLossShaper(const Fault& fault, FaultDirection direction, FaultWindow window,
                                   RandomEngine& random)
    : FaultShaper(FaultType::PacketLoss, fault.sideOrDefault(), direction, window, SegmentBytes)
    , m_fixedProbability(std::get<PacketLossFault>(fault.parameters).probability)
    , m_random(random)
{ }

FaultShaper::Passage PacketLossShaper::shape(qint64 arrivalNs, qint64 bytes, bool startsSegment)
{
    qint64 delayNs = 0;
    if (startsSegment) {
        m_segmentLosses = 0;
        qint64 timeoutNs = FirstTimeoutNs;
        while (lose()) {
            if (++m_segmentLosses == ResetAfterLosses) {
                addAmount(static_cast<double>(bytes * m_segmentLosses));
                return {Passage::Outcome::Reset, delayedRelease(arrivalNs, delayNs, true)};
            }
            delayNs += timeoutNs;
            timeoutNs *= 2;
        }
    }
    if (m_segmentLosses > 0) {
        addAmount(static_cast<double>(bytes * m_segmentLosses));
    }
    return {Passage::Outcome::Released, delayedRelease(arrivalNs, delayNs, startsSegment)};
}

bool PacketLossShaper::lose()
{
    // The chain moves before the transmission draws, in this order on every compiler.
    const double chance = nextLossChance();
    return m_unit(m_random) < chance;
}

double PacketLossShaper::nextLossChance()
{
    if (m_fixedProbability) {
        return *m_fixedProbability;
    }
    const double draw = m_unit(m_random);
    double cumulative = 0;
    for (int next = 0; next < StateCount; ++next) {
        cumulative += StateTransitions[m_state][next];
        if (draw < cumulative) {
            m_state = next;
            break;
        }
    }
    return StateLossChance[m_state];
}
