#pragma once

#include <optional>

#include <QList>
#include <QString>
#include <QStringList>

// The eight kinds of trouble generated for each operation (SPEC.md §6), in SPEC's order.
enum class ScenarioFamily {
    LatencySpike,
    StairStepLatency,
    LatencyPulses,
    PacketLoss,
    Jitter,
    BandwidthCap,
    RandomErrors,
    Blackhole,
};

QList<ScenarioFamily> allScenarioFamilies();
// The short name flags and settings use: `latency-spike`, `stair-step`, …
QString scenarioFamilyKey(ScenarioFamily family);
std::optional<ScenarioFamily> scenarioFamilyFromKey(const QString& key);

// How hard each family hits. The defaults are SPEC.md's; each family's title and description
// follow the numbers chosen.
struct ScenarioIntensities
{
    double latencySpikeMs = 800;
    double stairStepMs = 100;
    double stairStepCount = 5; // whole calls
    double pulseLowMs = 150;
    double pulseHighMs = 250;
    double packetLossPercent = 5;
    double jitterAmplitudeMs = 80;
    double jitterFrequencyHz = 8;
    double bandwidthKBps = 512;
    double errorPercent = 5;
    double blackholeMs = 1000;

    bool operator==(const ScenarioIntensities&) const = default;
};

// The objectives the load families are judged by: the 95th percentile latency and the error rate.
struct SloTargets
{
    double p95LatencyMs = 300;
    double errorPercent = 1;

    bool operator==(const SloTargets&) const = default;
};

// One adjustable number, described once for the command line's flags, the dialog's spin boxes
// and validation alike.
struct IntensityParameter
{
    QString key; // the flag's name: `latency-spike-ms`
    QString label; // for people: `Latency spike (ms)`
    double minimum = 0;
    double maximum = 0;
    bool wholeNumber = false;
    double ScenarioIntensities::*member = nullptr;
};

const QList<IntensityParameter>& intensityParameters();
// Why the intensities cannot be used, one message a problem; empty when they can.
QStringList validate(const ScenarioIntensities& intensities);
QStringList validate(const SloTargets& targets);
