#include "runner/ProxyEventMatcher.h"

#include <algorithm>

namespace
{
CallErrorClass errorClassOf(ProxyEvent::UpstreamFailure failure)
{
    switch (failure) {
    case ProxyEvent::UpstreamFailure::Refused:
        return CallErrorClass::Refused;
    case ProxyEvent::UpstreamFailure::HostNotFound:
        return CallErrorClass::Dns;
    case ProxyEvent::UpstreamFailure::None:
    case ProxyEvent::UpstreamFailure::Other:
        break;
    }
    return CallErrorClass::ProxyError;
}
} // namespace

void ProxyEventMatcher::reset(const QByteArray& callIdPrefix, const ItemFaultPlan& plan)
{
    m_callIdPrefix = QString::fromLatin1(callIdPrefix);
    m_plan = plan;
    m_reports.clear();
    m_upstreamErrors.clear();
}

void ProxyEventMatcher::add(const QList<ProxyEvent>& events)
{
    for (const ProxyEvent& event : events) {
        if (m_callIdPrefix.isEmpty() || !event.callId.startsWith(m_callIdPrefix)) {
            continue; // another item's late event, or traffic that is not ours
        }
        bool isNumber = false;
        const quint32 index = QStringView(event.callId).mid(m_callIdPrefix.size()).toUInt(&isNumber);
        if (!isNumber) {
            continue;
        }
        for (const ProxyEvent::AppliedFault& fault : event.applied) {
            m_reports.push_back(Report{.callIndex = index, .fault = fault});
        }
        // Other errors the proxy logs (the client left, an injected error answered) say nothing
        // of the upstream: the call's own outcome stands.
        if (event.upstreamFailure != ProxyEvent::UpstreamFailure::None) {
            m_upstreamErrors.push_back(UpstreamError{.callIndex = index, .failure = event.upstreamFailure});
        }
    }
}

QList<AppliedFault> ProxyEventMatcher::resolve(CallRecords& calls) const
{
    QList<AppliedFault> applied;
    for (const Report& report : m_reports) {
        CallRecord* call = findCall(calls, report.callIndex);
        const int faultIndex = call
            ? m_plan.indexOfApplied(report.fault.type, report.fault.side, report.fault.direction, call->activeFaults)
            : -1;
        if (faultIndex < 0) {
            continue;
        }
        call->appliedFaults |= 1u << faultIndex;
        applied.append(AppliedFault{.callIndex = report.callIndex,
                                    .faultIndex = static_cast<quint8>(faultIndex),
                                    .amount = static_cast<float>(report.fault.amount)});
    }
    std::stable_sort(applied.begin(), applied.end(),
                     [](const AppliedFault& a, const AppliedFault& b) { return a.callIndex < b.callIndex; });
    for (const UpstreamError& error : m_upstreamErrors) {
        CallRecord* call = findCall(calls, error.callIndex);
        // The proxy's own 502 or 504 (or a broken exchange) stands for an upstream it could not reach.
        if (call && (call->status >= 500 || call->errorClass != CallErrorClass::None)
            && call->errorClass != CallErrorClass::Timeout) {
            call->errorClass = errorClassOf(error.failure);
            call->status = 0;
        }
    }
    return applied;
}
