#include "proxy/FaultPlan.h"

#include "proxy/BandwidthShaper.h"
#include "proxy/BlackholeShaper.h"
#include "proxy/JitterShaper.h"
#include "proxy/LatencyShaper.h"
#include "proxy/PacketLossShaper.h"

#include <cmath>

namespace
{
bool actsOn(const Fault& fault, FaultSide side, FaultDirection direction)
{
    const FaultDirection faultDirection = fault.directionOrDefault();
    return fault.sideOrDefault() == side && (faultDirection == direction || faultDirection == FaultDirection::Both);
}

std::unique_ptr<FaultShaper> makeShaper(const Fault& fault, FaultDirection direction, FaultWindow window,
                                        RandomEngine& random)
{
    switch (fault.type()) {
    case FaultType::Latency:
        return std::make_unique<LatencyShaper>(fault, direction, window, random);
    case FaultType::Jitter:
        return std::make_unique<JitterShaper>(fault, direction, window, random);
    case FaultType::Bandwidth:
        return std::make_unique<BandwidthShaper>(fault, direction, window);
    case FaultType::PacketLoss:
        return std::make_unique<PacketLossShaper>(fault, direction, window, random);
    case FaultType::Blackhole:
        return std::make_unique<BlackholeShaper>(fault, direction, window);
    case FaultType::HttpError:
        break; // acts on responses, not on bytes
    }
    return nullptr;
}
} // namespace

FaultPlan::FaultPlan(const QStringList& upstreams, const QList<Fault>& faults, std::optional<RunWindow> runWindow)
    : m_filter(upstreams)
    , m_faults(faults)
    , m_runWindow(runWindow)
{ }

bool FaultPlan::appliesTo(const UpstreamTarget& target) const
{
    return !m_faults.isEmpty() && m_filter.matches(target.host, target.port);
}

bool FaultPlan::hasFaults() const
{
    return !m_faults.isEmpty();
}

FaultPath FaultPlan::buildPath(ProxyFlow flow, RandomEngine& random) const
{
    FaultPath path;
    if (flow == ProxyFlow::Request) {
        appendStage(path, FaultSide::Client, FaultDirection::Ingress, random);
        appendStage(path, FaultSide::Server, FaultDirection::Egress, random);
    } else {
        appendStage(path, FaultSide::Server, FaultDirection::Ingress, random);
        appendStage(path, FaultSide::Client, FaultDirection::Egress, random);
    }
    return path;
}

std::optional<InjectedHttpError> FaultPlan::drawHttpError(qint64 nowNs, RandomEngine& random) const
{
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (const Fault& fault : m_faults) {
        const auto* error = std::get_if<HttpErrorFault>(&fault.parameters);
        if (!error || !windowOf(fault).contains(nowNs)) {
            continue;
        }
        // A probability of 0 never fires (toxiproxy#603 is the bug this avoids).
        if (unit(random) < error->probability) {
            return InjectedHttpError{error->statusCode,
                                     error->body ? std::optional<QByteArray>(error->body->toUtf8()) : std::nullopt};
        }
    }
    return std::nullopt;
}

FaultWindow FaultPlan::windowOf(const Fault& fault) const
{
    if (!fault.period || !m_runWindow) {
        return {};
    }
    const double durationNs = static_cast<double>(m_runWindow->durationNs);
    const auto [begin, end] = fault.period->window(durationNs / 1e6);
    return {m_runWindow->startNs + std::llround(begin * durationNs),
            m_runWindow->startNs + std::llround(end * durationNs)};
}

void FaultPlan::appendStage(FaultPath& path, FaultSide side, FaultDirection direction, RandomEngine& random) const
{
    for (const Fault& fault : m_faults) {
        if (actsOn(fault, side, direction)) {
            if (auto shaper = makeShaper(fault, direction, windowOf(fault), random)) {
                path.append(std::move(shaper));
            }
        }
    }
}
