#include "scenario/Scenario.h"

#include <algorithm>
#include <array>

namespace
{
template<typename Enum, std::size_t N>
QString nameOf(const std::array<const char*, N>& names, Enum value)
{
    return QString::fromLatin1(names.at(static_cast<std::size_t>(value)));
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<const char*, N>& names, const QString& text)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (text.compare(QLatin1String(names[i]), Qt::CaseInsensitive) == 0) {
            return static_cast<Enum>(i);
        }
    }
    return std::nullopt;
}

constexpr std::array<const char*, 2> SideNames{"client", "server"};
constexpr std::array<const char*, 3> DirectionNames{"ingress", "egress", "both"};
constexpr std::array<const char*, 6> FaultTypeNames{"latency",    "jitter",    "bandwidth",
                                                    "packetloss", "httperror", "blackhole"};
constexpr std::array<const char*, 4> DistributionNames{"normal", "uniform", "pareto", "pareto-normal"};
constexpr std::array<const char*, 4> BandwidthUnitNames{"Bps", "KBps", "MBps", "GBps"};
constexpr std::array<const char*, 2> SloTypeNames{"latency", "error"};

double boundToMilliseconds(const PeriodBound& bound, double runMilliseconds)
{
    return bound.unit == PeriodBound::Unit::Percent ? bound.value / 100.0 * runMilliseconds : bound.value;
}
QString sideAndDirection(const Fault& fault)
{
    return QStringLiteral("%1 side, %2").arg(toString(fault.sideOrDefault()), toString(fault.directionOrDefault()));
}
} // namespace

QPair<double, double> Period::window(double runMilliseconds) const
{
    if (runMilliseconds <= 0) {
        return {0.0, 1.0};
    }
    const double begin = start ? boundToMilliseconds(*start, runMilliseconds) : 0.0;
    const double end = duration ? begin + boundToMilliseconds(*duration, runMilliseconds) : runMilliseconds;
    return {std::clamp(begin / runMilliseconds, 0.0, 1.0), std::clamp(end / runMilliseconds, 0.0, 1.0)};
}

double BandwidthFault::bytesPerSecond() const
{
    constexpr std::array<double, 4> factors{1.0, 1e3, 1e6, 1e9};
    return rate * factors.at(static_cast<std::size_t>(unitOrDefault()));
}

QString toString(FaultSide side)
{
    return nameOf(SideNames, side);
}

QString toString(FaultDirection direction)
{
    return nameOf(DirectionNames, direction);
}

QString toString(FaultType type)
{
    return nameOf(FaultTypeNames, type);
}

QString toString(LatencyDistribution distribution)
{
    return nameOf(DistributionNames, distribution);
}

QString toString(BandwidthUnit unit)
{
    return nameOf(BandwidthUnitNames, unit);
}

QString toString(SloType type)
{
    return nameOf(SloTypeNames, type);
}

QString strategyModeName(const Strategy& strategy)
{
    constexpr std::array<const char*, 3> names{"single", "repeat", "load"};
    return QString::fromLatin1(names.at(strategy.index()));
}

std::optional<FaultSide> faultSideFromString(const QString& text)
{
    return valueOf<FaultSide>(SideNames, text);
}

std::optional<FaultDirection> faultDirectionFromString(const QString& text)
{
    return valueOf<FaultDirection>(DirectionNames, text);
}

std::optional<FaultType> faultTypeFromString(const QString& text)
{
    return valueOf<FaultType>(FaultTypeNames, text);
}

std::optional<LatencyDistribution> latencyDistributionFromString(const QString& text)
{
    if (text.compare(QLatin1String("paretonormal"), Qt::CaseInsensitive) == 0) {
        return LatencyDistribution::ParetoNormal;
    }
    return valueOf<LatencyDistribution>(DistributionNames, text);
}

std::optional<BandwidthUnit> bandwidthUnitFromString(const QString& text)
{
    return valueOf<BandwidthUnit>(BandwidthUnitNames, text);
}

std::optional<SloType> sloTypeFromString(const QString& text)
{
    return valueOf<SloType>(SloTypeNames, text);
}

Fault makeDefaultFault(FaultType type)
{
    Fault fault;
    switch (type) {
    case FaultType::Latency:
        fault.parameters = LatencyFault{.mean = LatencyFault::DefaultMean, .stddev = LatencyFault::DefaultStddev};
        break;
    case FaultType::Jitter:
        fault.parameters = JitterFault{.amplitude = 50, .frequency = 5};
        break;
    case FaultType::Bandwidth:
        fault.parameters = BandwidthFault{.rate = 512, .unit = BandwidthUnit::KBps};
        break;
    case FaultType::PacketLoss:
        fault.parameters = PacketLossFault{};
        break;
    case FaultType::HttpError:
        fault.parameters = HttpErrorFault{.statusCode = 500, .probability = 0.05};
        break;
    case FaultType::Blackhole:
        fault.parameters = BlackholeFault{};
        break;
    }
    return fault;
}

QString describe(const Fault& fault)
{
    switch (fault.type()) {
    case FaultType::Latency: {
        const auto& latency = std::get<LatencyFault>(fault.parameters);
        return QStringLiteral("Latency (%1): %2, mean %3 ms, stddev %4 ms, %5")
            .arg(sideAndDirection(fault), toString(latency.distributionOrDefault()))
            .arg(latency.meanOrDefault())
            .arg(latency.stddevOrDefault())
            .arg(latency.globalOrDefault() ? QStringLiteral("once per request")
                                           : QStringLiteral("on every read or write"));
    }
    case FaultType::Jitter: {
        const auto& jitter = std::get<JitterFault>(fault.parameters);
        return QStringLiteral("Jitter (%1): up to %2 ms, %3 times a second")
            .arg(sideAndDirection(fault))
            .arg(jitter.amplitude)
            .arg(jitter.frequency);
    }
    case FaultType::Bandwidth: {
        const auto& bandwidth = std::get<BandwidthFault>(fault.parameters);
        return QStringLiteral("Bandwidth (%1): %2 %3")
            .arg(sideAndDirection(fault))
            .arg(bandwidth.rate)
            .arg(toString(bandwidth.unitOrDefault()));
    }
    case FaultType::PacketLoss: {
        const auto& loss = std::get<PacketLossFault>(fault.parameters);
        return QStringLiteral("Packet loss (%1): %2")
            .arg(sideAndDirection(fault),
                 loss.probability ? QStringLiteral("%1% of packets").arg(*loss.probability * 100)
                                  : QStringLiteral("five-state loss chain"));
    }
    case FaultType::HttpError: {
        const auto& error = std::get<HttpErrorFault>(fault.parameters);
        return QStringLiteral("HTTP error: status %1 on %2% of responses")
            .arg(error.statusCode)
            .arg(error.probability * 100);
    }
    case FaultType::Blackhole:
        return QStringLiteral("Black-hole (%1)").arg(sideAndDirection(fault));
    }
    return {};
}

QString resolvedUrl(const Scenario& scenario, const Call& call)
{
    QString url = call.url;
    if (scenario.config) {
        for (const auto& [name, value] : scenario.config->segments) {
            url.replace(QLatin1Char('{') + name + QLatin1Char('}'), value);
        }
    }
    return url;
}

HttpHeaders mergedHeaders(const Scenario& scenario, const Call& call)
{
    HttpHeaders merged = scenario.config ? scenario.config->headers : HttpHeaders{};
    for (const auto& header : call.headers) {
        merged.removeIf(
            [&header](const auto& existing) { return existing.first.compare(header.first, Qt::CaseInsensitive) == 0; });
        merged.append(header);
    }
    return merged;
}
