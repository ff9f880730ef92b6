#include "runner/FailureExplanation.h"

#include "runner/ItemFaultPlan.h"

#include <algorithm>

FailureExplanation::FailureExplanation(const Item& item)
{
    if (!item.context) {
        return;
    }
    const QList<Fault>& faults = item.context->faults;
    for (qsizetype i = 0; i < std::min<qsizetype>(faults.size(), ItemFaultPlan::MaskBits); ++i) {
        const FaultType type = faults.at(i).type();
        if (type == FaultType::PacketLoss || type == FaultType::Blackhole) {
            m_streamBreakingFaults |= 1u << i;
        }
    }
}

bool FailureExplanation::isUnexplained(const CallRecord& call) const
{
    switch (call.errorClass) {
    case CallErrorClass::None:
    case CallErrorClass::Dropped: // the client's bound, reported on its own
        return false;
    case CallErrorClass::Timeout:
    case CallErrorClass::ProxyError: // the upstream gave no answer in time, or broke the link
        return call.appliedFaults == 0;
    case CallErrorClass::Reset:
        return (call.appliedFaults & m_streamBreakingFaults) == 0;
    case CallErrorClass::Refused:
    case CallErrorClass::Dns:
    case CallErrorClass::Tls:
    case CallErrorClass::InvalidResponse:
        return true;
    }
    return true;
}

bool FailureExplanation::awaitsAppliedFaults(const CallRecord& call) const
{
    switch (call.errorClass) {
    case CallErrorClass::Timeout:
    case CallErrorClass::ProxyError:
        return call.activeFaults != 0;
    case CallErrorClass::Reset:
        return (call.activeFaults & m_streamBreakingFaults) != 0;
    default:
        return false;
    }
}
