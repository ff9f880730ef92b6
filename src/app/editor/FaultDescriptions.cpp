#include "editor/FaultDescriptions.h"

#include <QObject>

namespace
{
constexpr double PercentPerUnit = 100;
}

QString FaultDescriptions::title(FaultType type)
{
    switch (type) {
    case FaultType::Latency:
        return QObject::tr("Latency");
    case FaultType::Jitter:
        return QObject::tr("Jitter");
    case FaultType::Bandwidth:
        return QObject::tr("Bandwidth cap");
    case FaultType::PacketLoss:
        return QObject::tr("Packet loss");
    case FaultType::HttpError:
        return QObject::tr("HTTP error");
    case FaultType::Blackhole:
        return QObject::tr("Black-hole");
    }
    return {};
}

QString FaultDescriptions::summary(const Fault& fault)
{
    if (const auto* latency = std::get_if<LatencyFault>(&fault.parameters)) {
        return QObject::tr("latency %1 ms").arg(latency->meanOrDefault());
    }
    if (const auto* jitter = std::get_if<JitterFault>(&fault.parameters)) {
        return QObject::tr("jitter ±%1 ms at %2 Hz").arg(jitter->amplitude).arg(jitter->frequency);
    }
    if (const auto* bandwidth = std::get_if<BandwidthFault>(&fault.parameters)) {
        return QObject::tr("bandwidth %1 %2").arg(bandwidth->rate).arg(toString(bandwidth->unitOrDefault()));
    }
    if (const auto* loss = std::get_if<PacketLossFault>(&fault.parameters)) {
        return loss->probability ? QObject::tr("packet loss %1%").arg(*loss->probability * PercentPerUnit)
                                 : QObject::tr("packet loss (chain)");
    }
    if (const auto* error = std::get_if<HttpErrorFault>(&fault.parameters)) {
        return QObject::tr("HTTP %1 at %2%").arg(error->statusCode).arg(error->probability * PercentPerUnit);
    }
    return QObject::tr("black-hole");
}
