#pragma once

#include "openapi/ScenarioFamily.h"
#include "scenario/Scenario.h"

// Builds the scenario of one family for one call: its faults, strategy, SLOs and expectation,
// with a title and a description of the real-world trouble it emulates, both following the
// intensities chosen.
class ScenarioFamilyBuilder
{
public:
    ScenarioFamilyBuilder(ScenarioIntensities intensities, SloTargets sloTargets);

    // upstream: the API's base URL, which gets the faults; successStatus: what the call
    // answers when all is well.
    Scenario build(ScenarioFamily family, const Call& call, const QString& upstream, int successStatus) const;
    QString title(ScenarioFamily family) const;
    QString description(ScenarioFamily family) const;

private:
    // What differs between families, put into an item by build().
    struct Shape
    {
        QList<Fault> faults;
        std::optional<Strategy> strategy;
        bool judgedBySlos = false;
        std::optional<int> timeoutMs;
        std::optional<Expectation> expect;
    };

    Shape shape(ScenarioFamily family, int successStatus) const;
    QList<Slo> slos() const;

    ScenarioIntensities m_intensities;
    SloTargets m_sloTargets;
};
