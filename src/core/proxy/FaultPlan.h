#pragma once

#include "proxy/FaultPath.h"
#include "proxy/UpstreamTarget.h"
#include "scenario/UpstreamFilter.h"

#include <optional>

// The run that fault periods are measured against, on the monotonic clock.
struct RunWindow
{
    qint64 startNs = 0;
    qint64 durationNs = 0;
};

// The two flows of an exchange or tunnel: request bytes go from the client to the upstream (the
// client side's ingress, then the server side's egress); response bytes come back (the server
// side's ingress, then the client side's egress).
enum class ProxyFlow { Request, Response };

// An HTTP error fault that fired: the status and, when set, the body that replace the upstream's.
struct InjectedHttpError
{
    int statusCode = 500;
    std::optional<QByteArray> body;
};

// The faults in force, frozen: which traffic gets them and when each is active. Built whenever the
// faults or the run window change, and read from every worker thread without locking.
class FaultPlan
{
public:
    FaultPlan() = default;
    FaultPlan(const QStringList& upstreams, const QList<Fault>& faults, std::optional<RunWindow> runWindow);

    bool appliesTo(const UpstreamTarget& target) const;
    bool hasFaults() const;
    // Fresh shapers (with fresh state) for one flow of a connection that appliesTo.
    FaultPath buildPath(ProxyFlow flow, RandomEngine& random) const;
    // Draws the HTTP error faults active at nowNs; the first that fires answers.
    std::optional<InjectedHttpError> drawHttpError(qint64 nowNs, RandomEngine& random) const;

private:
    FaultWindow windowOf(const Fault& fault) const;
    void appendStage(FaultPath& path, FaultSide side, FaultDirection direction, RandomEngine& random) const;

    UpstreamFilter m_filter;
    QList<Fault> m_faults;
    std::optional<RunWindow> m_runWindow;
};
