#pragma once

// The scenario model: plain value types for everything a scenario file can say (SPEC.md §1).
// Optional keys are std::optional so that a saved file says what the user wrote and no more;
// defaults are applied by the code that acts on a value (the proxy, the runner), through the
// accessors below.

#include <optional>
#include <variant>

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

using HttpHeaders = QList<QPair<QString, QString>>;

enum class FaultSide { Client, Server };

enum class FaultDirection { Ingress, Egress, Both };

// One end of a fault period: a percent of the run (`10%`) or a duration in milliseconds.
struct PeriodBound
{
    enum class Unit { Percent, Milliseconds };
    Unit unit = Unit::Percent;
    double value = 0;

    bool operator==(const PeriodBound&) const = default;
};

// `period: start:10%,duration:15%`. No start means 0; no duration means to the end of the run.
struct Period
{
    std::optional<PeriodBound> start;
    std::optional<PeriodBound> duration;

    bool operator==(const Period&) const = default;

    // The window as fractions of a run of runMilliseconds: [begin, end), both in 0..1.
    QPair<double, double> window(double runMilliseconds) const;
};

enum class LatencyDistribution { Normal, Uniform, Pareto, ParetoNormal };

struct LatencyFault
{
    std::optional<LatencyDistribution> distribution;
    std::optional<double> mean; // ms
    std::optional<double> stddev; // ms
    std::optional<double> min; // ms, uniform
    std::optional<double> max; // ms, uniform
    std::optional<double> shape; // pareto
    std::optional<double> scale; // pareto
    std::optional<bool> global; // true: once per request or stream

    static constexpr double DefaultMean = 100;
    static constexpr double DefaultStddev = 20;
    LatencyDistribution distributionOrDefault() const
    {
        return distribution.value_or(LatencyDistribution::Normal);
    }
    double meanOrDefault() const
    {
        return mean.value_or(DefaultMean);
    }
    double stddevOrDefault() const
    {
        return stddev.value_or(DefaultStddev);
    }
    bool globalOrDefault() const
    {
        return global.value_or(true);
    }

    bool operator==(const LatencyFault&) const = default;
};

struct JitterFault
{
    double amplitude = 0; // ms: each affected operation waits a uniform 0..amplitude
    double frequency = 0; // Hz: jitter events a second

    bool operator==(const JitterFault&) const = default;
};

enum class BandwidthUnit { Bps, KBps, MBps, GBps };

struct BandwidthFault
{
    double rate = 0;
    std::optional<BandwidthUnit> unit;

    BandwidthUnit unitOrDefault() const
    {
        return unit.value_or(BandwidthUnit::Bps);
    }
    double bytesPerSecond() const;

    bool operator==(const BandwidthFault&) const = default;
};

struct PacketLossFault
{
    // Absent: the five-state loss chain of SPEC.md; present: a fixed loss chance.
    std::optional<double> probability;

    bool operator==(const PacketLossFault&) const = default;
};

struct HttpErrorFault
{
    int statusCode = 500;
    double probability = 0;
    std::optional<QString> body;

    bool operator==(const HttpErrorFault&) const = default;
};

struct BlackholeFault
{
    bool operator==(const BlackholeFault&) const = default;
};

using FaultParameters
    = std::variant<LatencyFault, JitterFault, BandwidthFault, PacketLossFault, HttpErrorFault, BlackholeFault>;

enum class FaultType { Latency, Jitter, Bandwidth, PacketLoss, HttpError, Blackhole };

struct Fault
{
    FaultParameters parameters;
    std::optional<FaultSide> side;
    std::optional<FaultDirection> direction;
    std::optional<Period> period;

    FaultType type() const
    {
        return static_cast<FaultType>(parameters.index());
    }
    FaultSide sideOrDefault() const
    {
        return side.value_or(FaultSide::Server);
    }
    FaultDirection directionOrDefault() const
    {
        return direction.value_or(FaultDirection::Ingress);
    }

    bool operator==(const Fault&) const = default;
};

struct SingleStrategy
{
    bool operator==(const SingleStrategy&) const = default;
};

struct RepeatStrategy
{
    int count = 1;
    double step = 0; // ms added to the latency mean each call
    std::optional<bool> addBaselineCall;
    std::optional<int> wait; // ms between calls
    std::optional<bool> failfast;

    bool operator==(const RepeatStrategy&) const = default;
};

// `steady_state` of a load (ours): the same call at the same rate with no fault, before the faulted
// load and after it, so that a run tells whether the service was healthy before and came back.
struct SteadyState
{
    qint64 beforeMs = 0; // `before`; an absent key is 0
    qint64 afterMs = 0; // `after`

    bool operator==(const SteadyState&) const = default;
};

struct LoadStrategy
{
    qint64 duration = 0; // ms
    int clients = 1;
    int rps = 1; // calls a second for each client
    // Connections the load may open when a call is due and every one is busy; past it, calls are
    // dropped. Absent: 4 × clients.
    std::optional<int> maxClients;
    std::optional<SteadyState> steadyState;

    int maxClientsOrDefault() const
    {
        return maxClients.value_or(4 * clients);
    }

    bool operator==(const LoadStrategy&) const = default;
};

using Strategy = std::variant<SingleStrategy, RepeatStrategy, LoadStrategy>;

enum class SloType { Latency, Error };

struct Slo
{
    SloType type = SloType::Latency;
    QString title;
    double objective = 0;
    double threshold = 0;

    bool operator==(const Slo&) const = default;
};

struct Expectation
{
    std::optional<int> status;
    std::optional<double> responseTimeUnder; // ms
    std::optional<bool> allSloAreValid;

    bool operator==(const Expectation&) const = default;
};

struct Call
{
    QString method = QStringLiteral("GET");
    QString url;
    HttpHeaders headers;
    std::optional<QString> body;
    std::optional<int> timeout; // ms, whole request
    std::optional<QString> operationId; // meta.operation_id

    bool operator==(const Call&) const = default;
};

struct Context
{
    QStringList upstreams;
    QList<Fault> faults;
    std::optional<Strategy> strategy; // absent: single
    QList<Slo> slo;

    bool operator==(const Context&) const = default;
};

struct Item
{
    Call call;
    std::optional<Context> context;
    std::optional<Expectation> expect;

    bool operator==(const Item&) const = default;
};

struct ScenarioConfig
{
    HttpHeaders headers; // config.http.headers
    QList<QPair<QString, QString>> segments; // config.http.paths.segments

    bool operator==(const ScenarioConfig&) const = default;
};

struct Scenario
{
    QString title;
    std::optional<QString> description;
    QList<Item> items;
    std::optional<ScenarioConfig> config;

    bool operator==(const Scenario&) const = default;
};

// Names as they are written in scenario files.
QString toString(FaultSide side);
QString toString(FaultDirection direction);
QString toString(FaultType type);
// For people: "Latency (server side, ingress): normal, mean 800 ms, stddev 100 ms, once per request".
QString describe(const Fault& fault);
QString toString(LatencyDistribution distribution);
QString toString(BandwidthUnit unit);
QString toString(SloType type);
QString strategyModeName(const Strategy& strategy);

std::optional<FaultSide> faultSideFromString(const QString& text);
std::optional<FaultDirection> faultDirectionFromString(const QString& text);
std::optional<FaultType> faultTypeFromString(const QString& text);
std::optional<LatencyDistribution> latencyDistributionFromString(const QString& text);
std::optional<BandwidthUnit> bandwidthUnitFromString(const QString& text);
std::optional<SloType> sloTypeFromString(const QString& text);

// A fault of the given type with the defaults a new fault gets in the editor.
Fault makeDefaultFault(FaultType type);

// The call URL with every `{segment}` replaced by the scenario's value for it.
QString resolvedUrl(const Scenario& scenario, const Call& call);
// The headers a call is sent with: config.http.headers first, then the call's, a later header
// replacing an earlier one of the same name.
HttpHeaders mergedHeaders(const Scenario& scenario, const Call& call);
