#pragma once

#include "proxy/FaultShaper.h"

#include <array>

// Packet loss: each read or write is lost with a fixed `probability`, or, without one, with the
// chance of the state a five-state chain (excellent, good, fair, poor, bad; SPEC.md §1) moves to
// before each operation, starting in good. A probability of 0 loses nothing.
class PacketLossShaper : public FaultShaper
{
public:
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
    Passage shape(qint64 arrivalNs, qint64 bytes, bool startsMessage) override;

private:
    double nextLossChance();

    std::optional<double> m_fixedProbability;
    RandomEngine& m_random;
    std::uniform_real_distribution<double> m_unit{0.0, 1.0};
    int m_state = 1; // good
};
