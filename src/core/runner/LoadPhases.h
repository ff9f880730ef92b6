#pragma once

#include "runner/CallRecord.h"
#include "scenario/Scenario.h"

#include <QString>

// The phases of a load item with `steady_state` (SPEC.md §1): `before` ms of the call with no
// fault, the faulted load of `duration`, then `after` ms with no fault, on one schedule. A call
// belongs to the phase of its due time. Without a steady state the whole load is the faulted phase.
enum class LoadPhase { Before, During, After };

QString toString(LoadPhase phase);

class LoadPhases
{
public:
    LoadPhases() = default;
    explicit LoadPhases(const LoadStrategy& load);
    // Anything but a load has one phase of no length.
    explicit LoadPhases(const Item& item);

    bool hasSteadyState() const
    {
        return m_hasSteadyState;
    }
    qint64 beforeMs() const
    {
        return m_beforeMs;
    }
    qint64 faultedMs() const
    {
        return m_faultedMs;
    }
    qint64 afterMs() const
    {
        return m_afterMs;
    }
    qint64 totalMs() const
    {
        return m_beforeMs + m_faultedMs + m_afterMs;
    }
    // The phase of a call due offsetMs after the item's start.
    LoadPhase phaseAt(double offsetMs) const;
    LoadPhase phaseOf(const CallRecord& call) const
    {
        return phaseAt(static_cast<double>(call.intendedStartUs) / 1000.0);
    }
    CallRecords callsIn(LoadPhase phase, const CallRecords& calls) const;

private:
    bool m_hasSteadyState = false;
    qint64 m_beforeMs = 0;
    qint64 m_faultedMs = 0;
    qint64 m_afterMs = 0;
};
