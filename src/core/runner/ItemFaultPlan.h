#pragma once

#include "runner/LoadPhases.h"
#include "scenario/Scenario.h"

#include <QList>
#include <QStringList>

// Which of an item's faults act on each of its calls, and with what settings (SPEC.md §1,
// "Strategies" and "Periods"). The runner asks it what to give the proxy; the results writer and
// reader ask it again, so the three always agree.
class ItemFaultPlan
{
public:
    // Bit i of a mask stands for the item's fault i; faults past the 32nd are left out of masks.
    static constexpr int MaskBits = 32;

    explicit ItemFaultPlan(const Item& item);

    const QList<Fault>& faults() const
    {
        return m_faults;
    }
    const QStringList& upstreams() const
    {
        return m_upstreams;
    }
    // Single and repeat: the faults of the call at index. A repeat's baseline call has none; every
    // later call's latency faults have their mean grown by `step` once more than the call before.
    QList<Fault> faultsForCall(quint32 index) const;
    quint32 activeMaskForCall(quint32 index) const;
    // Load: the faults whose period covers offsetMs of a run lasting runMs.
    quint32 activeMaskAt(double offsetMs, double runMs) const;
    // Load: the faults acting on a call due offsetMs after the item's start: none in a steady-state
    // phase, otherwise those whose period covers it within the faulted phase.
    quint32 activeMaskAtDue(double offsetMs) const;
    // Load: the faults as the proxy gets them, their periods measured over the faulted phase. With a
    // steady state, a fault without a period is bounded to that phase, which the proxy would
    // otherwise apply from the first call to the last.
    QList<Fault> proxyFaults() const;
    // Load: when the last fault window ends, in ms from the item's start.
    double lastFaultEndMs() const;
    const LoadPhases& phases() const
    {
        return m_phases;
    }
    // The faults of a mask, with the settings the call at index had.
    QList<Fault> faultsInMask(quint32 mask, quint32 index) const;
    // Which of the item's faults a fault reported as applied to a call stands for: the first of
    // its type, preferring one active for the call (activeMask), then one on the same side and
    // direction. -1 when the item has no fault of that type.
    int indexOfApplied(FaultType type, FaultSide side, FaultDirection direction, quint32 activeMask) const;

private:
    bool isBaseline(quint32 index) const;
    Fault grownFault(const Fault& fault, quint32 index) const;

    QList<Fault> m_faults;
    QStringList m_upstreams;
    LoadPhases m_phases;
    bool m_hasBaseline = false;
    double m_step = 0;
};
