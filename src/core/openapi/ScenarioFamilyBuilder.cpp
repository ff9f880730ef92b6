#include "openapi/ScenarioFamilyBuilder.h"

#include "scenario/Duration.h"

namespace
{
// The load every windowed family runs: its windows are percents of it.
constexpr qint64 WindowedLoadMs = 10000;
constexpr double PacketLossStartPercent = 30;
constexpr double PacketLossLengthPercent = 40;
constexpr double BlackholeStartPercent = 45;
// A call that takes longer than this during a lossy or dark window has met the trouble.
constexpr int ShortTimeoutMs = 500;

Period window(double startPercent, double lengthPercent)
{
    return Period{PeriodBound{PeriodBound::Unit::Percent, startPercent},
                  PeriodBound{PeriodBound::Unit::Percent, lengthPercent}};
}

Fault latency(double mean, std::optional<double> stddev, std::optional<FaultSide> side,
              std::optional<FaultDirection> direction, std::optional<Period> period = std::nullopt)
{
    return Fault{LatencyFault{.mean = mean, .stddev = stddev}, side, direction, period};
}

Expectation expectStatus(int status, std::optional<double> responseTimeUnder = std::nullopt)
{
    return Expectation{status, responseTimeUnder, std::nullopt};
}

QString number(double value)
{
    return QString::number(value, 'g', 10);
}
} // namespace

ScenarioFamilyBuilder::ScenarioFamilyBuilder(ScenarioIntensities intensities, SloTargets sloTargets)
    : m_intensities(intensities)
    , m_sloTargets(sloTargets)
{ }

Scenario ScenarioFamilyBuilder::build(ScenarioFamily family, const Call& call, const QString& upstream,
                                      int successStatus) const
{
    const Shape parts = shape(family, successStatus);
    Item item;
    item.call = call;
    if (parts.timeoutMs) {
        item.call.timeout = parts.timeoutMs;
    }
    item.context = Context{{upstream}, parts.faults, parts.strategy, parts.judgedBySlos ? slos() : QList<Slo>()};
    item.expect = parts.expect;
    return Scenario{title(family), description(family), {item}, std::nullopt};
}

ScenarioFamilyBuilder::Shape ScenarioFamilyBuilder::shape(ScenarioFamily family, int successStatus) const
{
    const ScenarioIntensities& in = m_intensities;
    switch (family) {
    case ScenarioFamily::LatencySpike:
        return Shape{{latency(in.latencySpikeMs, in.latencySpikeMs / 8, FaultSide::Client, FaultDirection::Ingress)},
                     std::nullopt,
                     false,
                     std::nullopt,
                     expectStatus(successStatus)};
    case ScenarioFamily::StairStepLatency:
        return Shape{{latency(in.stairStepMs, in.stairStepMs * 0.3, FaultSide::Client, FaultDirection::Ingress)},
                     RepeatStrategy{static_cast<int>(in.stairStepCount), in.stairStepMs, true},
                     false,
                     std::nullopt,
                     expectStatus(successStatus)};
    case ScenarioFamily::LatencyPulses:
        return Shape{{latency(in.pulseLowMs, std::nullopt, std::nullopt, std::nullopt, window(10, 15)),
                      latency(in.pulseHighMs, std::nullopt, std::nullopt, std::nullopt, window(40, 15)),
                      latency(in.pulseLowMs, std::nullopt, std::nullopt, std::nullopt, window(70, 15))},
                     LoadStrategy{WindowedLoadMs, 3, 2},
                     true,
                     std::nullopt,
                     std::nullopt};
    case ScenarioFamily::PacketLoss:
        return Shape{{Fault{PacketLossFault{in.packetLossPercent / 100}, std::nullopt, FaultDirection::Egress,
                            window(PacketLossStartPercent, PacketLossLengthPercent)}},
                     LoadStrategy{WindowedLoadMs, 1, 2},
                     true,
                     ShortTimeoutMs,
                     expectStatus(successStatus, 100)};
    case ScenarioFamily::Jitter:
        return Shape{{Fault{JitterFault{in.jitterAmplitudeMs, in.jitterFrequencyHz}, FaultSide::Server,
                            FaultDirection::Ingress, std::nullopt}},
                     std::nullopt,
                     false,
                     std::nullopt,
                     expectStatus(successStatus)};
    case ScenarioFamily::BandwidthCap:
        return Shape{{Fault{BandwidthFault{in.bandwidthKBps, BandwidthUnit::KBps}, std::nullopt,
                            FaultDirection::Ingress, std::nullopt}},
                     LoadStrategy{15000, 2, 1},
                     true,
                     std::nullopt,
                     std::nullopt};
    case ScenarioFamily::RandomErrors:
        return Shape{
            {Fault{HttpErrorFault{500, in.errorPercent / 100, std::nullopt}, std::nullopt, std::nullopt, std::nullopt}},
            LoadStrategy{8000, 5, 4},
            true,
            std::nullopt,
            std::nullopt};
    case ScenarioFamily::Blackhole:
        return Shape{{Fault{BlackholeFault{}, std::nullopt, FaultDirection::Egress,
                            window(BlackholeStartPercent, in.blackholeMs * 100.0 / WindowedLoadMs)}},
                     LoadStrategy{WindowedLoadMs, 2, 3},
                     true,
                     ShortTimeoutMs,
                     std::nullopt};
    }
    return {};
}

QList<Slo> ScenarioFamilyBuilder::slos() const
{
    return {Slo{SloType::Latency, QStringLiteral("P95 < %1ms").arg(number(m_sloTargets.p95LatencyMs)), 95,
                m_sloTargets.p95LatencyMs},
            Slo{SloType::Error, QStringLiteral("Errors < %1%").arg(number(m_sloTargets.errorPercent)), 99,
                m_sloTargets.errorPercent}};
}

QString ScenarioFamilyBuilder::title(ScenarioFamily family) const
{
    const ScenarioIntensities& in = m_intensities;
    switch (family) {
    case ScenarioFamily::LatencySpike:
        return QStringLiteral("Single high-latency spike (client ingress)");
    case ScenarioFamily::StairStepLatency:
        return QStringLiteral("Stair-step latency growth (%1 x %2 ms)")
            .arg(number(in.stairStepCount), number(in.stairStepMs));
    case ScenarioFamily::LatencyPulses:
        return QStringLiteral("Periodic %1-%2 ms latency pulses during load")
            .arg(number(in.pulseLowMs), number(in.pulseHighMs));
    case ScenarioFamily::PacketLoss:
        return QStringLiteral("%1% packet loss for %2")
            .arg(number(in.packetLossPercent), formatDuration(WindowedLoadMs * PacketLossLengthPercent / 100));
    case ScenarioFamily::Jitter:
        return QStringLiteral("High jitter (±%1ms @ %2Hz)")
            .arg(number(in.jitterAmplitudeMs), number(in.jitterFrequencyHz));
    case ScenarioFamily::BandwidthCap:
        return QStringLiteral("%1 KBps bandwidth cap").arg(number(in.bandwidthKBps));
    case ScenarioFamily::RandomErrors:
        return QStringLiteral("Random 500 errors (%1% of calls)").arg(number(in.errorPercent));
    case ScenarioFamily::Blackhole:
        return QStringLiteral("Full black-hole for %1").arg(formatDuration(in.blackholeMs));
    }
    return {};
}

QString ScenarioFamilyBuilder::description(ScenarioFamily family) const
{
    const ScenarioIntensities& in = m_intensities;
    switch (family) {
    case ScenarioFamily::LatencySpike:
        return QStringLiteral("One call whose answer reaches the client about %1 ms late, as when a phone's radio "
                              "wakes from idle, a laptop resumes from sleep or a garbage-collection pause stalls the "
                              "client. Does a single slow answer trip the caller's timeout or retry logic?")
            .arg(number(in.latencySpikeMs));
    case ScenarioFamily::StairStepLatency:
        return QStringLiteral("After a clean baseline call, each of %1 calls is %2 ms slower than the one before, as "
                              "when a queue slowly backs up or a dependency degrades under creeping congestion. "
                              "Shows the delay at which the client's timeouts start to fail calls.")
            .arg(number(in.stairStepCount), number(in.stairStepMs));
    case ScenarioFamily::LatencyPulses:
        return QStringLiteral("Three latency bursts (%1, %2 and %1 ms) at 10%, 40% and 70% of a 10 s load, like "
                              "periodic garbage collection, cron jobs or noisy neighbours on a shared host. Watch "
                              "whether the 95th percentile drifts and recovers between the bursts.")
            .arg(number(in.pulseLowMs), number(in.pulseHighMs));
    case ScenarioFamily::PacketLoss:
        return QStringLiteral("For 4 s in the middle of a 10 s load, %1% of the packets sent are lost, as on flaky "
                              "Wi-Fi, a congested cellular link or a failing switch port. TCP retransmissions turn "
                              "the loss into latency; calls give up after %2 ms.")
            .arg(number(in.packetLossPercent))
            .arg(ShortTimeoutMs);
    case ScenarioFamily::Jitter:
        return QStringLiteral("Reads from the API wait a random 0 to %1 ms, %2 times a second, like a bursty uplink, "
                              "an overloaded virtual network card or a busy load balancer. Tests how the client copes "
                              "with answers arriving unevenly.")
            .arg(number(in.jitterAmplitudeMs), number(in.jitterFrequencyHz));
    case ScenarioFamily::BandwidthCap:
        return QStringLiteral("Answers are throttled to %1 KBps during a 15 s load, as on a saturated 3G link, a "
                              "rate-limited egress or a shared office uplink. Large payloads show their cost.")
            .arg(number(in.bandwidthKBps));
    case ScenarioFamily::RandomErrors:
        return QStringLiteral("%1% of calls get a 500 during an 8 s load, as when one replica of several is unhealthy "
                              "or a database connection pool runs dry. Checks retries, circuit breakers and the "
                              "error budget.")
            .arg(number(in.errorPercent));
    case ScenarioFamily::Blackhole:
        return QStringLiteral("For %1 of a 10 s load the network swallows every request without an answer or a reset, "
                              "as when a router drops a route, a pod is evicted or a firewall silently discards "
                              "packets. Calls give up after %2 ms: does the client fail fast and recover?")
            .arg(formatDuration(in.blackholeMs))
            .arg(ShortTimeoutMs);
    }
    return {};
}
