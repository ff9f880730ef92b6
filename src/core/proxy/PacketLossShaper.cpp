#include "proxy/PacketLossShaper.h"

PacketLossShaper::PacketLossShaper(const Fault& fault, FaultDirection direction, FaultWindow window,
                                   RandomEngine& random)
    : FaultShaper(FaultType::PacketLoss, fault.sideOrDefault(), direction, window)
    , m_fixedProbability(std::get<PacketLossFault>(fault.parameters).probability)
    , m_random(random)
{ }

FaultShaper::Passage PacketLossShaper::shape(qint64 arrivalNs, qint64 bytes, bool)
{
    if (m_unit(m_random) < nextLossChance()) {
        addAmount(static_cast<double>(bytes));
        return {Passage::Outcome::Dropped, arrivalNs};
    }
    return {Passage::Outcome::Released, arrivalNs};
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
