#include "openapi/ScenarioFamily.h"

#include <cmath>

namespace
{
struct FamilyKey
{
    ScenarioFamily family;
    QLatin1String key;
};

constexpr FamilyKey FamilyKeys[] = {
    {ScenarioFamily::LatencySpike, QLatin1String("latency-spike")},
    {ScenarioFamily::StairStepLatency, QLatin1String("stair-step")},
    {ScenarioFamily::LatencyPulses, QLatin1String("latency-pulses")},
    {ScenarioFamily::PacketLoss, QLatin1String("packet-loss")},
    {ScenarioFamily::Jitter, QLatin1String("jitter")},
    {ScenarioFamily::BandwidthCap, QLatin1String("bandwidth-cap")},
    {ScenarioFamily::RandomErrors, QLatin1String("random-errors")},
    {ScenarioFamily::Blackhole, QLatin1String("blackhole")},
};
} // namespace

QList<ScenarioFamily> allScenarioFamilies()
{
    QList<ScenarioFamily> families;
    for (const FamilyKey& entry : FamilyKeys) {
        families << entry.family;
    }
    return families;
}

QString scenarioFamilyKey(ScenarioFamily family)
{
    for (const FamilyKey& entry : FamilyKeys) {
        if (entry.family == family) {
            return entry.key;
        }
    }
    return {};
}

std::optional<ScenarioFamily> scenarioFamilyFromKey(const QString& key)
{
    for (const FamilyKey& entry : FamilyKeys) {
        if (entry.key == key) {
            return entry.family;
        }
    }
    return std::nullopt;
}

const QList<IntensityParameter>& intensityParameters()
{
    // The black-hole window starts at 45% of a 10 s load, so it can last 5.5 s at most.
    static const QList<IntensityParameter> parameters{
        {QStringLiteral("latency-spike-ms"), QStringLiteral("Latency spike (ms)"), 1, 600000, false,
         &ScenarioIntensities::latencySpikeMs},
        {QStringLiteral("stair-step-ms"), QStringLiteral("Stair-step increment (ms)"), 1, 60000, false,
         &ScenarioIntensities::stairStepMs},
        {QStringLiteral("stair-step-count"), QStringLiteral("Stair-step calls"), 1, 100, true,
         &ScenarioIntensities::stairStepCount},
        {QStringLiteral("pulse-low-ms"), QStringLiteral("Smaller latency pulses (ms)"), 1, 600000, false,
         &ScenarioIntensities::pulseLowMs},
        {QStringLiteral("pulse-high-ms"), QStringLiteral("Middle latency pulse (ms)"), 1, 600000, false,
         &ScenarioIntensities::pulseHighMs},
        {QStringLiteral("packet-loss-percent"), QStringLiteral("Packet loss (%)"), 0.1, 100, false,
         &ScenarioIntensities::packetLossPercent},
        {QStringLiteral("jitter-ms"), QStringLiteral("Jitter amplitude (ms)"), 1, 60000, false,
         &ScenarioIntensities::jitterAmplitudeMs},
        {QStringLiteral("jitter-hz"), QStringLiteral("Jitter frequency (Hz)"), 0.1, 1000, false,
         &ScenarioIntensities::jitterFrequencyHz},
        {QStringLiteral("bandwidth-kbps"), QStringLiteral("Bandwidth cap (KBps)"), 1, 1000000, false,
         &ScenarioIntensities::bandwidthKBps},
        {QStringLiteral("error-percent"), QStringLiteral("Random 500 errors (% of calls)"), 0.1, 100, false,
         &ScenarioIntensities::errorPercent},
        {QStringLiteral("blackhole-ms"), QStringLiteral("Black-hole length (ms)"), 100, 5500, false,
         &ScenarioIntensities::blackholeMs},
    };
    return parameters;
}

QStringList validate(const ScenarioIntensities& intensities)
{
    QStringList problems;
    for (const IntensityParameter& parameter : intensityParameters()) {
        const double value = intensities.*parameter.member;
        if (!std::isfinite(value) || value < parameter.minimum || value > parameter.maximum) {
            problems << QStringLiteral("%1 must be between %2 and %3, not %4")
                            .arg(parameter.key)
                            .arg(parameter.minimum)
                            .arg(parameter.maximum)
                            .arg(value);
        } else if (parameter.wholeNumber && value != std::floor(value)) {
            problems << QStringLiteral("%1 must be a whole number, not %2").arg(parameter.key).arg(value);
        }
    }
    return problems;
}

QStringList validate(const SloTargets& targets)
{
    QStringList problems;
    if (!std::isfinite(targets.p95LatencyMs) || targets.p95LatencyMs <= 0) {
        problems << QStringLiteral("the p95 latency objective must be above 0 ms, not %1").arg(targets.p95LatencyMs);
    }
    if (!std::isfinite(targets.errorPercent) || targets.errorPercent <= 0 || targets.errorPercent > 100) {
        problems << QStringLiteral("the error objective must be above 0% and at most 100%, not %1")
                        .arg(targets.errorPercent);
    }
    return problems;
}
