#include "scenario/ScenarioKeys.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <QHash>

namespace
{
using Place = KeyPlace;
using Kind = ValueKind;

QList<ScenarioKey> buildTable()
{
    const double unbounded = std::numeric_limits<double>::infinity();
    const QStringList faultTypes{QStringLiteral("latency"),   QStringLiteral("jitter"),
                                 QStringLiteral("bandwidth"), QStringLiteral("packetloss"),
                                 QStringLiteral("httperror"), QStringLiteral("blackhole")};
    const QStringList strategyModes{QStringLiteral("single"), QStringLiteral("repeat"), QStringLiteral("load")};
    const QStringList latency{QStringLiteral("latency")};
    const QStringList jitter{QStringLiteral("jitter")};
    const QStringList bandwidth{QStringLiteral("bandwidth")};
    const QStringList packetLoss{QStringLiteral("packetloss")};
    const QStringList httpError{QStringLiteral("httperror")};
    // Side and direction act on the connection; an HTTP error acts on the response.
    const QStringList connectionFaults{QStringLiteral("latency"), QStringLiteral("jitter"), QStringLiteral("bandwidth"),
                                       QStringLiteral("packetloss"), QStringLiteral("blackhole")};
    const QStringList repeat{QStringLiteral("repeat")};
    const QStringList load{QStringLiteral("load")};
    const auto s = [](const char* text) {
        return QString::fromUtf8(text);
    };

    return {
        // Scenario
        {.place = Place::Scenario,
         .name = s("title"),
         .kind = Kind::Text,
         .description = s("Shown in runs and reports."),
         .required = true},
        {.place = Place::Scenario,
         .name = s("description"),
         .kind = Kind::Text,
         .description = s("What the scenario simulates.")},
        {.place = Place::Scenario,
         .name = s("items"),
         .kind = Kind::MappingList,
         .description = s("The calls to make, in order."),
         .required = true,
         .child = Place::Item},
        {.place = Place::Scenario,
         .name = s("config"),
         .kind = Kind::Mapping,
         .description = s("Settings for every call of the scenario."),
         .child = Place::Config},
        {.place = Place::Scenario,
         .name = s("context"),
         .kind = Kind::Mapping,
         .description = s("The seed guide's form: the context of every item that has none of its own."),
         .child = Place::Context},
        {.place = Place::Scenario,
         .name = s("expect"),
         .kind = Kind::Mapping,
         .description = s("The seed guide's form: the expectation of every item that has none of its own."),
         .child = Place::Expect},
        // Config
        {.place = Place::Config,
         .name = s("http"),
         .kind = Kind::Mapping,
         .description = s("HTTP settings."),
         .child = Place::ConfigHttp},
        {.place = Place::ConfigHttp,
         .name = s("headers"),
         .kind = Kind::TextMap,
         .description = s("Headers added to every call.")},
        {.place = Place::ConfigHttp,
         .name = s("paths"),
         .kind = Kind::Mapping,
         .description = s("URL path settings."),
         .child = Place::ConfigPaths},
        {.place = Place::ConfigPaths,
         .name = s("segments"),
         .kind = Kind::TextMap,
         .description = s("`{name}` in a call URL is replaced by its value.")},
        // Item
        {.place = Place::Item,
         .name = s("call"),
         .kind = Kind::Mapping,
         .description = s("The HTTP call to make."),
         .required = true,
         .child = Place::Call},
        {.place = Place::Item,
         .name = s("context"),
         .kind = Kind::Mapping,
         .description = s("Faults, strategy and SLOs of the call."),
         .child = Place::Context},
        {.place = Place::Item,
         .name = s("expect"),
         .kind = Kind::Mapping,
         .description = s("What a successful call looks like."),
         .child = Place::Expect},
        // Call
        {.place = Place::Call,
         .name = s("method"),
         .kind = Kind::HttpMethod,
         .description = s("The HTTP method."),
         .required = true},
        {.place = Place::Call,
         .name = s("url"),
         .kind = Kind::Url,
         .description = s("The URL to call; may hold `{segment}` placeholders."),
         .required = true},
        {.place = Place::Call, .name = s("headers"), .kind = Kind::TextMap, .description = s("Request headers.")},
        {.place = Place::Call, .name = s("body"), .kind = Kind::Text, .description = s("Request body, sent as is.")},
        {.place = Place::Call,
         .name = s("timeout"),
         .kind = Kind::Integer,
         .description = s("Timeout of the whole request, in milliseconds."),
         .minimum = 1,
         .maximum = 86400000},
        {.place = Place::Call,
         .name = s("meta"),
         .kind = Kind::Mapping,
         .description = s("Where the call comes from."),
         .child = Place::Meta,
         .nullable = true},
        {.place = Place::Meta,
         .name = s("operation_id"),
         .kind = Kind::Text,
         .description = s("The OpenAPI operationId of the call.")},
        // Context
        {.place = Place::Context,
         .name = s("upstreams"),
         .kind = Kind::Upstreams,
         .description = s("Hosts that get the faults: URLs or `host:port`, or `*` for all.")},
        {.place = Place::Context,
         .name = s("faults"),
         .kind = Kind::MappingList,
         .description = s("Faults to inject."),
         .child = Place::Fault},
        {.place = Place::Context,
         .name = s("strategy"),
         .kind = Kind::Mapping,
         .description = s("How to call: single (default), repeat or load."),
         .child = Place::Strategy,
         .nullable = true},
        {.place = Place::Context,
         .name = s("slo"),
         .kind = Kind::MappingList,
         .description = s("Service level objectives checked under load."),
         .child = Place::Slo},
        // Fault, common
        {.place = Place::Fault,
         .name = s("type"),
         .kind = Kind::Choice,
         .description = s("The kind of fault."),
         .required = true,
         .choices = faultTypes},
        {.place = Place::Fault,
         .name = s("side"),
         .kind = Kind::Choice,
         .description = s("client: app-to-proxy connection; server (default): proxy-to-upstream."),
         .variants = connectionFaults,
         .choices = {s("client"), s("server")}},
        {.place = Place::Fault,
         .name = s("direction"),
         .kind = Kind::Choice,
         .description = s("ingress (default): bytes read; egress: bytes written; both."),
         .variants = connectionFaults,
         .choices = {s("ingress"), s("egress"), s("both")}},
        {.place = Place::Fault,
         .name = s("period"),
         .kind = Kind::Period,
         .description = s("When the fault is on under load: `start:10%,duration:15%`.")},
        // Fault, by type
        {.place = Place::Fault,
         .name = s("distribution"),
         .kind = Kind::Choice,
         .description = s("Latency distribution (default normal)."),
         .variants = latency,
         .choices = {s("normal"), s("uniform"), s("pareto"), s("pareto-normal")}},
        {.place = Place::Fault,
         .name = s("mean"),
         .kind = Kind::Number,
         .description = s("Mean latency in milliseconds (default 100)."),
         .variants = latency,
         .minimum = 0,
         .maximum = 3600000},
        {.place = Place::Fault,
         .name = s("stddev"),
         .kind = Kind::Number,
         .description = s("Standard deviation in milliseconds (default 20)."),
         .variants = latency,
         .minimum = 0,
         .maximum = 3600000},
        {.place = Place::Fault,
         .name = s("min"),
         .kind = Kind::Number,
         .description = s("Least latency in milliseconds (uniform)."),
         .variants = latency,
         .minimum = 0,
         .maximum = 3600000},
        {.place = Place::Fault,
         .name = s("max"),
         .kind = Kind::Number,
         .description = s("Greatest latency in milliseconds (uniform)."),
         .variants = latency,
         .minimum = 0,
         .maximum = 3600000},
        {.place = Place::Fault,
         .name = s("shape"),
         .kind = Kind::Number,
         .description = s("Pareto shape."),
         .variants = latency,
         .minimum = 0,
         .maximum = unbounded},
        {.place = Place::Fault,
         .name = s("scale"),
         .kind = Kind::Number,
         .description = s("Pareto scale."),
         .variants = latency,
         .minimum = 0,
         .maximum = unbounded},
        {.place = Place::Fault,
         .name = s("global"),
         .kind = Kind::Boolean,
         .description = s("true (default): delay once per request; false: on every read or write."),
         .variants = latency},
        {.place = Place::Fault,
         .name = s("amplitude"),
         .kind = Kind::Number,
         .description = s("Each affected operation waits up to this many milliseconds."),
         .variants = jitter,
         .required = true,
         .minimum = 0,
         .maximum = 3600000},
        {.place = Place::Fault,
         .name = s("frequency"),
         .kind = Kind::Number,
         .description = s("Jitter events a second (Hz)."),
         .variants = jitter,
         .required = true,
         .minimum = 0,
         .maximum = 1000000},
        {.place = Place::Fault,
         .name = s("rate"),
         .kind = Kind::Number,
         .description = s("Bandwidth, in `unit`s."),
         .variants = bandwidth,
         .required = true,
         .minimum = 1,
         .maximum = 1e12},
        {.place = Place::Fault,
         .name = s("unit"),
         .kind = Kind::Choice,
         .description = s("Bytes a second: Bps (default), KBps, MBps or GBps."),
         .variants = bandwidth,
         .choices = {s("Bps"), s("KBps"), s("MBps"), s("GBps")}},
        {.place = Place::Fault,
         .name = s("probability"),
         .kind = Kind::Number,
         .description = s("A fixed loss chance instead of the five-state loss chain."),
         .variants = packetLoss,
         .minimum = 0,
         .maximum = 1},
        {.place = Place::Fault,
         .name = s("status_code"),
         .kind = Kind::Integer,
         .description = s("The HTTP status to answer with."),
         .variants = httpError,
         .required = true,
         .minimum = 100,
         .maximum = 599},
        {.place = Place::Fault,
         .name = s("probability"),
         .kind = Kind::Number,
         .description = s("The chance that a response is replaced."),
         .variants = httpError,
         .required = true,
         .minimum = 0,
         .maximum = 1},
        {.place = Place::Fault,
         .name = s("body"),
         .kind = Kind::Text,
         .description = s("Replaces the upstream's response body."),
         .variants = httpError},
        // Strategy
        {.place = Place::Strategy,
         .name = s("mode"),
         .kind = Kind::Choice,
         .description = s("How to call."),
         .required = true,
         .choices = strategyModes},
        {.place = Place::Strategy,
         .name = s("count"),
         .kind = Kind::Integer,
         .description = s("How many calls."),
         .variants = repeat,
         .required = true,
         .minimum = 1,
         .maximum = 1000000},
        {.place = Place::Strategy,
         .name = s("step"),
         .kind = Kind::Number,
         .description = s("Milliseconds added to the latency mean each call."),
         .variants = repeat,
         .required = true,
         .minimum = 0,
         .maximum = 3600000},
        {.place = Place::Strategy,
         .name = s("add_baseline_call"),
         .kind = Kind::Boolean,
         .description = s("One extra call first, with no fault."),
         .variants = repeat},
        {.place = Place::Strategy,
         .name = s("wait"),
         .kind = Kind::Integer,
         .description = s("Milliseconds between calls."),
         .variants = repeat,
         .minimum = 0,
         .maximum = 3600000},
        {.place = Place::Strategy,
         .name = s("failfast"),
         .kind = Kind::Boolean,
         .description = s("Stop at the first failed expectation."),
         .variants = repeat},
        {.place = Place::Strategy,
         .name = s("duration"),
         .kind = Kind::Duration,
         .description = s("How long the load runs: `10s`."),
         .variants = load,
         .required = true,
         .minimum = 1,
         .maximum = 86400000},
        {.place = Place::Strategy,
         .name = s("clients"),
         .kind = Kind::Integer,
         .description = s("Concurrent connections."),
         .variants = load,
         .required = true,
         .minimum = 1,
         .maximum = 10000},
        {.place = Place::Strategy,
         .name = s("rps"),
         .kind = Kind::Integer,
         .description = s("Calls a second for each client."),
         .variants = load,
         .required = true,
         .minimum = 1,
         .maximum = 1000000},
        {.place = Place::Strategy,
         .name = s("max_clients"),
         .kind = Kind::Integer,
         .description = s("Connections the load may open when a call is due and every one is busy (default 4 × "
                          "clients); past it, calls are dropped, never delayed."),
         .variants = load,
         .minimum = 1,
         .maximum = 100000},
        {.place = Place::Strategy,
         .name = s("steady_state"),
         .kind = Kind::Mapping,
         .description = s("Aftershock's own (fault ignores it): the same call at the same rate with no fault before "
                          "the faulted load and after it, each phase's SLOs evaluated on its own."),
         .variants = load,
         .child = Place::SteadyState},
        {.place = Place::SteadyState,
         .name = s("before"),
         .kind = Kind::Duration,
         .description = s("How long the load runs with no fault before the faulted load: `5s`."),
         .minimum = 0,
         .maximum = 86400000},
        {.place = Place::SteadyState,
         .name = s("after"),
         .kind = Kind::Duration,
         .description = s("How long the load runs with no fault after the faulted load: `10s`."),
         .minimum = 0,
         .maximum = 86400000},
        // SLO
        {.place = Place::Slo,
         .name = s("slo_type"),
         .kind = Kind::Choice,
         .description = s("latency: a percentile of total times; error: the percent of failed calls."),
         .required = true,
         .choices = {s("latency"), s("error")}},
        {.place = Place::Slo,
         .name = s("type"),
         .kind = Kind::Choice,
         .description = s("Another name for slo_type."),
         .choices = {s("latency"), s("error")},
         .aliasOf = s("slo_type")},
        {.place = Place::Slo, .name = s("title"), .kind = Kind::Text, .description = s("Shown in reports.")},
        {.place = Place::Slo,
         .name = s("objective"),
         .kind = Kind::Number,
         .description = s("The percentile, for latency."),
         .required = true,
         .minimum = 0,
         .maximum = 100},
        {.place = Place::Slo,
         .name = s("threshold"),
         .kind = Kind::Number,
         .description = s("Milliseconds (latency) or percent of failed calls (error)."),
         .required = true,
         .minimum = 0,
         .maximum = 3600000},
        // Expect
        {.place = Place::Expect,
         .name = s("status"),
         .kind = Kind::Integer,
         .description = s("The expected status."),
         .minimum = 100,
         .maximum = 599},
        {.place = Place::Expect,
         .name = s("response_time_under"),
         .kind = Kind::Number,
         .description = s("Most milliseconds the whole call may take."),
         .minimum = 0,
         .maximum = 86400000},
        {.place = Place::Expect,
         .name = s("all_slo_are_valid"),
         .kind = Kind::Boolean,
         .description = s("Every SLO holds (load).")},
    };
}

// Optimal string alignment distance: edits, with a swap of two neighbours counted as one.
int editDistance(const QString& a, const QString& b)
{
    const qsizetype rows = a.size() + 1;
    const qsizetype columns = b.size() + 1;
    std::vector<int> distance(static_cast<std::size_t>(rows * columns));
    const auto at = [&distance, columns](qsizetype row, qsizetype column) -> int& {
        return distance[static_cast<std::size_t>(row * columns + column)];
    };
    for (qsizetype row = 0; row < rows; ++row) {
        at(row, 0) = static_cast<int>(row);
    }
    for (qsizetype column = 0; column < columns; ++column) {
        at(0, column) = static_cast<int>(column);
    }
    for (qsizetype row = 1; row < rows; ++row) {
        for (qsizetype column = 1; column < columns; ++column) {
            const int cost = a[row - 1] == b[column - 1] ? 0 : 1;
            at(row, column)
                = std::min({at(row - 1, column) + 1, at(row, column - 1) + 1, at(row - 1, column - 1) + cost});
            if (row > 1 && column > 1 && a[row - 1] == b[column - 2] && a[row - 2] == b[column - 1]) {
                at(row, column) = std::min(at(row, column), at(row - 2, column - 2) + 1);
            }
        }
    }
    return at(rows - 1, columns - 1);
}

struct PlaceText
{
    const char* schemaName;
    const char* noun;
    const char* where;
};

const PlaceText& textOf(KeyPlace place)
{
    // In the order of KeyPlace.
    static const std::array<PlaceText, 13> texts{{
        {"scenario", "a scenario", "at the top of a scenario"},
        {"item", "an item", "in an item, beside `call`"},
        {"call", "`call`", "under `call`"},
        {"meta", "`meta`", "under `meta`"},
        {"context", "`context`", "under `context`"},
        {"fault", "a fault", "inside a fault"},
        {"strategy", "a strategy", "under `strategy`"},
        {"slo", "an SLO", "inside an SLO"},
        {"expect", "`expect`", "under `expect`"},
        {"config", "`config`", "under `config`"},
        {"configHttp", "`config.http`", "under `config.http`"},
        {"configPaths", "`config.http.paths`", "under `config.http.paths`"},
        {"steadyState", "`steady_state`", "under `strategy.steady_state`"},
    }};
    return texts.at(static_cast<std::size_t>(place));
}

QString formatBound(double value)
{
    return QString::number(value, 'g', 12);
}
} // namespace

bool ScenarioKey::appliesTo(const QString& variant) const
{
    return variants.isEmpty() || variant.isEmpty() || variants.contains(variant);
}

QString ScenarioKey::rangeText() const
{
    if (std::isfinite(minimum) && std::isfinite(maximum)) {
        return QStringLiteral("from %1 to %2").arg(formatBound(minimum), formatBound(maximum));
    }
    if (std::isfinite(minimum)) {
        return QStringLiteral("%1 or more").arg(formatBound(minimum));
    }
    if (std::isfinite(maximum)) {
        return QStringLiteral("%1 or less").arg(formatBound(maximum));
    }
    return {};
}

const QList<ScenarioKey>& ScenarioKeys::all()
{
    static const QList<ScenarioKey> table = buildTable();
    return table;
}

const ScenarioKey* ScenarioKeys::find(KeyPlace place, const QString& name, const QString& variant)
{
    for (const ScenarioKey* key : at(place)) {
        if (key->name == name && key->appliesTo(variant)) {
            return key;
        }
    }
    return nullptr;
}

const QList<const ScenarioKey*>& ScenarioKeys::at(KeyPlace place)
{
    // Looked up for every key of every mapping read, so built once.
    static const QHash<KeyPlace, QList<const ScenarioKey*>> byPlace = [] {
        QHash<KeyPlace, QList<const ScenarioKey*>> index;
        for (const ScenarioKey& key : all()) {
            index[key.place].append(&key);
        }
        return index;
    }();
    static const QList<const ScenarioKey*> none;
    const auto found = byPlace.constFind(place);
    return found == byPlace.constEnd() ? none : *found;
}

QList<KeyPlace> ScenarioKeys::placesOf(const QString& name)
{
    QList<KeyPlace> places;
    for (const ScenarioKey& key : all()) {
        if (key.name == name && !places.contains(key.place)) {
            places.append(key.place);
        }
    }
    return places;
}

QString ScenarioKeys::closestName(KeyPlace place, const QString& misspelled)
{
    // A near miss is one edit away for short names, two for longer ones.
    const int limit = misspelled.size() <= 4 ? 1 : 2;
    const QString lowered = misspelled.toLower();
    QString best;
    int bestDistance = limit + 1;
    for (const ScenarioKey* key : at(place)) {
        const int distance = editDistance(lowered, key->name);
        if (distance < bestDistance) {
            best = key->name;
            bestDistance = distance;
        }
    }
    return best;
}

const QList<KeyPlace>& ScenarioKeys::places()
{
    static const QList<KeyPlace> all{KeyPlace::Scenario,   KeyPlace::Item,   KeyPlace::Call,     KeyPlace::Meta,
                                     KeyPlace::Context,    KeyPlace::Fault,  KeyPlace::Strategy, KeyPlace::SteadyState,
                                     KeyPlace::Slo,        KeyPlace::Expect, KeyPlace::Config,   KeyPlace::ConfigHttp,
                                     KeyPlace::ConfigPaths};
    return all;
}

QString ScenarioKeys::describe(KeyPlace place)
{
    return QString::fromUtf8(textOf(place).where);
}

QString ScenarioKeys::noun(KeyPlace place, const QString& variant)
{
    const QString noun = QString::fromUtf8(textOf(place).noun);
    const bool hasVariants = place == KeyPlace::Fault || place == KeyPlace::Strategy;
    return hasVariants && !variant.isEmpty() ? QStringLiteral("a %1 %2").arg(variant, noun.mid(2)) : noun;
}

QString ScenarioKeys::schemaName(KeyPlace place)
{
    return QString::fromUtf8(textOf(place).schemaName);
}
