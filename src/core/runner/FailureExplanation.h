#pragma once

#include "runner/CallRecord.h"
#include "scenario/Scenario.h"

// Whether a failed call is explained by a fault the scenario injected (SPEC.md §2): a call that
// failed with nothing to explain it (refused, DNS, TLS, a broken response, or a timeout or reset
// while no fault touched it) fails its test, whatever the item's expectation or SLOs say.
class FailureExplanation
{
public:
    explicit FailureExplanation(const Item& item);

    bool isUnexplained(const CallRecord& call) const;
    // The answer depends on the faults the proxy reports having applied, which arrive after the
    // call: a failure that an active fault could explain.
    bool awaitsAppliedFaults(const CallRecord& call) const;

private:
    quint32 m_streamBreakingFaults = 0; // bit i: fault i can reset or stall a stream
};
