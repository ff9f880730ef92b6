#pragma once

#include "proxy/ProxyEngine.h"
#include "runner/ItemFaultPlan.h"
#include "runner/RunResult.h"

#include <vector>

#include <QByteArray>
#include <QList>

// Ties the proxy's events to the calls of the item under way, by the call id the runner sends in
// `x-aftershock-call-id`: which faults the proxy applied to each call, and which calls failed
// because the proxy could not reach the upstream (refused, no such host, other trouble).
class ProxyEventMatcher
{
public:
    // Starts on a new item whose call ids begin with callIdPrefix.
    void reset(const QByteArray& callIdPrefix, const ItemFaultPlan& plan);
    void add(const QList<ProxyEvent>& events);
    // Sets each call's applied faults (see ItemFaultPlan::indexOfApplied) and, for a call that got
    // no usable response from an upstream the proxy could not reach, the error class that says
    // why; a call's own timeout stays a timeout. Returns the applied faults in call order.
    QList<AppliedFault> resolve(CallRecords& calls) const;

private:
    struct Report
    {
        quint32 callIndex = 0;
        ProxyEvent::AppliedFault fault;
    };
    QString m_callIdPrefix;
    ItemFaultPlan m_plan{Item{}};
    std::vector<Report> m_reports;
    struct UpstreamError
    {
        quint32 callIndex = 0;
        ProxyEvent::UpstreamFailure failure = ProxyEvent::UpstreamFailure::Other;
    };
    std::vector<UpstreamError> m_upstreamErrors;
};
