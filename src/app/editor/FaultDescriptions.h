#pragma once

#include "scenario/Scenario.h"

#include <QString>

// The words the GUI uses for faults, so that the palette, the list and the timeline agree.
class FaultDescriptions
{
public:
    // Probabilities and shares are fractions of 1 in the scenario, percentages on screen.
    static constexpr double PercentPerUnit = 100;

    // "Latency", "Packet loss"...
    static QString title(FaultType type);
    // One line with the fault's main figure: "latency 150 ms", "HTTP 500 at 5%".
    static QString summary(const Fault& fault);
};
