#include "runner/ItemFaultPlan.h"

#include <algorithm>

namespace
{
quint32 maskOfAll(qsizetype count)
{
    const auto bits = std::min<qsizetype>(count, ItemFaultPlan::MaskBits);
    return bits == ItemFaultPlan::MaskBits ? ~0u : (1u << bits) - 1u;
}
} // namespace

ItemFaultPlan::ItemFaultPlan(const Item& item)
{
    if (!item.context) {
        return;
    }
    m_faults = item.context->faults;
    m_upstreams = item.context->upstreams;
    m_phases = LoadPhases(item);
    if (item.context->strategy) {
        if (const auto* repeat = std::get_if<RepeatStrategy>(&*item.context->strategy)) {
            m_hasBaseline = repeat->addBaselineCall.value_or(false);
            m_step = repeat->step;
        }
    }
}

bool ItemFaultPlan::isBaseline(quint32 index) const
{
    return m_hasBaseline && index == 0;
}

Fault ItemFaultPlan::grownFault(const Fault& fault, quint32 index) const
{
    auto* latency = std::get_if<LatencyFault>(&fault.parameters);
    if (!latency || m_step == 0) {
        return fault;
    }
    const quint32 steps = m_hasBaseline ? index - 1 : index;
    Fault grown = fault;
    std::get<LatencyFault>(grown.parameters).mean = latency->meanOrDefault() + m_step * steps;
    return grown;
}

QList<Fault> ItemFaultPlan::faultsForCall(quint32 index) const
{
    return faultsInMask(activeMaskForCall(index), index);
}

quint32 ItemFaultPlan::activeMaskForCall(quint32 index) const
{
    return isBaseline(index) ? 0u : maskOfAll(m_faults.size());
}

quint32 ItemFaultPlan::activeMaskAt(double offsetMs, double runMs) const
{
    quint32 mask = 0;
    for (qsizetype i = 0; i < std::min<qsizetype>(m_faults.size(), MaskBits); ++i) {
        const auto& period = m_faults.at(i).period;
        if (!period) {
            mask |= 1u << i;
            continue;
        }
        const auto [begin, end] = period->window(runMs);
        const double fraction = runMs > 0 ? offsetMs / runMs : 0;
        if (fraction >= begin && fraction < end) {
            mask |= 1u << i;
        }
    }
    return mask;
}

quint32 ItemFaultPlan::activeMaskAtDue(double offsetMs) const
{
    if (m_phases.phaseAt(offsetMs) != LoadPhase::During) {
        return 0;
    }
    return activeMaskAt(offsetMs - static_cast<double>(m_phases.beforeMs()), static_cast<double>(m_phases.faultedMs()));
}

QList<Fault> ItemFaultPlan::proxyFaults() const
{
    if (!m_phases.hasSteadyState()) {
        return m_faults;
    }
    QList<Fault> bounded = m_faults;
    for (Fault& fault : bounded) {
        // An empty period is the whole run window, where no period at all is always.
        fault.period = fault.period.value_or(Period{});
    }
    return bounded;
}

double ItemFaultPlan::lastFaultEndMs() const
{
    const auto faultedMs = static_cast<double>(m_phases.faultedMs());
    double end = 0;
    for (const Fault& fault : m_faults) {
        end = std::max(end, fault.period ? fault.period->window(faultedMs).second * faultedMs : faultedMs);
    }
    return static_cast<double>(m_phases.beforeMs()) + end;
}

QList<Fault> ItemFaultPlan::faultsInMask(quint32 mask, quint32 index) const
{
    QList<Fault> faults;
    if (isBaseline(index)) {
        return faults;
    }
    for (qsizetype i = 0; i < m_faults.size(); ++i) {
        // Faults past the mask's reach are always configured: a mask cannot say otherwise.
        if (i >= MaskBits || (mask & (1u << i))) {
            faults.append(grownFault(m_faults.at(i), index));
        }
    }
    return faults;
}

int ItemFaultPlan::indexOfApplied(FaultType type, FaultSide side, FaultDirection direction, quint32 activeMask) const
{
    int best = -1;
    int bestScore = -1;
    for (qsizetype i = 0; i < std::min<qsizetype>(m_faults.size(), MaskBits); ++i) {
        const Fault& fault = m_faults.at(i);
        if (fault.type() != type) {
            continue;
        }
        const int score = static_cast<int>((activeMask >> i) & 1u) * 4 + (fault.sideOrDefault() == side ? 2 : 0)
            + (fault.directionOrDefault() == direction ? 1 : 0);
        if (score > bestScore) {
            best = static_cast<int>(i);
            bestScore = score;
        }
    }
    return best;
}
