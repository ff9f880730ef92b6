#include "scenario/ScenarioDocumentReader.h"

#include "scenario/KeyMoveFix.h"
#include "scenario/UpstreamFilter.h"

#include <cmath>

#include <QUrl>

namespace
{
// The value of a variant key (fault `type`, strategy `mode`) when it is one of its choices, so
// that the keys of that variant are checked; otherwise every key is let through.
QString knownVariant(const YAML::Node& node, KeyPlace place, const char* key)
{
    const QString value = MappingReader::rawScalar(node, key);
    const ScenarioKey* variantKey = ScenarioKeys::find(place, QString::fromLatin1(key));
    return variantKey && variantKey->choices.contains(value) ? value : QString();
}

// The mode the context's calls run in, or nothing when a `strategy` was put inside a fault and
// the mode is not known (warnings that depend on it would only add noise to that error).
QString strategyModeOf(const Context& context, const MappingReader& mapping)
{
    if (context.strategy) {
        return strategyModeName(*context.strategy);
    }
    const MappingEntry* faults = mapping.entry(QStringLiteral("faults"));
    if (faults && faults->value.IsSequence()) {
        for (const YAML::Node& fault : faults->value) {
            for (auto it = fault.begin(); fault.IsMap() && it != fault.end(); ++it) {
                if (it->first.IsScalar() && it->first.Scalar() == "strategy") {
                    return {};
                }
            }
        }
    }
    return QStringLiteral("single");
}

// The key node of name in a mapping node, if it has one.
std::optional<YAML::Node> keyOf(const YAML::Node& mapping, const char* name)
{
    if (!mapping.IsDefined() || !mapping.IsMap()) {
        return std::nullopt;
    }
    for (auto it = mapping.begin(); it != mapping.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == name) {
            return it->first;
        }
    }
    return std::nullopt;
}

std::optional<int> toInt(const std::optional<qint64>& value)
{
    return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}
} // namespace

ScenarioDocumentReader::ScenarioDocumentReader(YamlDocumentContext& context)
    : m_context(context)
{ }

Scenario ScenarioDocumentReader::read(const YAML::Node& root, QList<int>& itemLines)
{
    Scenario scenario;
    const MappingReader mapping(m_context, root, KeyPlace::Scenario, {}, nullptr);
    if (!mapping.isMapping()) {
        return scenario;
    }
    scenario.title = mapping.text(QStringLiteral("title")).value_or(QString());
    scenario.description = mapping.text(QStringLiteral("description"));
    QList<YAML::Node> itemNodes;
    if (const std::optional<YAML::Node> items = mapping.sequence(QStringLiteral("items"))) {
        if (items->size() == 0) {
            m_context.error(*items, QStringLiteral("empty-items"),
                            QStringLiteral("`items` is empty: a scenario needs at least one call"));
        }
        for (const YAML::Node& node : *items) {
            if (!m_context.spend(1)) {
                break;
            }
            itemNodes.append(node);
            itemLines.append(m_context.lineOf(node.Mark()));
            scenario.items.append(readItem(node, mapping));
        }
    }
    if (const std::optional<YAML::Node> config = mapping.value(QStringLiteral("config"))) {
        scenario.config = readConfig(*config, mapping);
    }
    applyItemDefaults(mapping, itemNodes, scenario);
    checkFaultsReachTheirCalls(root, itemNodes, scenario);
    return scenario;
}

Item ScenarioDocumentReader::readItem(const YAML::Node& node, const MappingReader& parent)
{
    Item item;
    const MappingReader mapping(m_context, node, KeyPlace::Item, {}, &parent);
    if (!mapping.isMapping()) {
        return item;
    }
    if (const std::optional<YAML::Node> call = mapping.value(QStringLiteral("call"))) {
        item.call = readCall(*call, mapping);
    }
    if (const std::optional<YAML::Node> context = mapping.value(QStringLiteral("context"))) {
        item.context = readContext(*context, mapping);
    }
    if (const std::optional<YAML::Node> expect = mapping.value(QStringLiteral("expect"))) {
        item.expect = readExpect(*expect, mapping);
    }
    return item;
}

Call ScenarioDocumentReader::readCall(const YAML::Node& node, const MappingReader& parent)
{
    Call call;
    const MappingReader mapping(m_context, node, KeyPlace::Call, {}, &parent);
    if (!mapping.isMapping()) {
        return call;
    }
    call.method = mapping.httpMethod(QStringLiteral("method")).value_or(call.method);
    call.url = mapping.url(QStringLiteral("url")).value_or(QString());
    call.headers = mapping.textMap(QStringLiteral("headers")).value_or(HttpHeaders());
    call.body = mapping.text(QStringLiteral("body"));
    call.timeout = toInt(mapping.integer(QStringLiteral("timeout")));
    if (const std::optional<YAML::Node> meta = mapping.value(QStringLiteral("meta"))) {
        const MappingReader metaMapping(m_context, *meta, KeyPlace::Meta, {}, &mapping);
        call.operationId = metaMapping.isMapping() ? metaMapping.text(QStringLiteral("operation_id")) : std::nullopt;
    }
    return call;
}

Context ScenarioDocumentReader::readContext(const YAML::Node& node, const MappingReader& parent)
{
    Context context;
    const MappingReader mapping(m_context, node, KeyPlace::Context, {}, &parent);
    if (!mapping.isMapping()) {
        return context;
    }
    context.upstreams = mapping.upstreams(QStringLiteral("upstreams")).value_or(QStringList());
    if (const std::optional<YAML::Node> strategy = mapping.value(QStringLiteral("strategy"))) {
        context.strategy = readStrategy(*strategy, mapping);
    }
    const QString mode = strategyModeOf(context, mapping);
    if (const std::optional<YAML::Node> faults = mapping.sequence(QStringLiteral("faults"))) {
        for (const YAML::Node& faultNode : *faults) {
            if (!m_context.spend(1)) {
                break;
            }
            if (const std::optional<Fault> fault = readFault(faultNode, mapping, mode)) {
                context.faults.append(*fault);
            }
        }
    }
    if (const std::optional<YAML::Node> slos = mapping.sequence(QStringLiteral("slo"))) {
        for (const YAML::Node& sloNode : *slos) {
            if (!m_context.spend(1)) {
                break;
            }
            if (const std::optional<Slo> slo = readSlo(sloNode, mapping)) {
                context.slo.append(*slo);
            }
        }
    }
    return context;
}

std::optional<Strategy> ScenarioDocumentReader::readStrategy(const YAML::Node& node, const MappingReader& parent)
{
    const MappingReader mapping(m_context, node, KeyPlace::Strategy, knownVariant(node, KeyPlace::Strategy, "mode"),
                                &parent);
    const std::optional<QString> mode = mapping.isMapping() ? mapping.choice(QStringLiteral("mode")) : std::nullopt;
    if (!mode) {
        return std::nullopt;
    }
    if (*mode == QLatin1String("repeat")) {
        return RepeatStrategy{.count = toInt(mapping.integer(QStringLiteral("count"))).value_or(1),
                              .step = mapping.number(QStringLiteral("step")).value_or(0),
                              .addBaselineCall = mapping.boolean(QStringLiteral("add_baseline_call")),
                              .wait = toInt(mapping.integer(QStringLiteral("wait"))),
                              .failfast = mapping.boolean(QStringLiteral("failfast"))};
    }
    if (*mode == QLatin1String("load")) {
        LoadStrategy load{.duration
                          = std::llround(mapping.durationMilliseconds(QStringLiteral("duration")).value_or(0)),
                          .clients = toInt(mapping.integer(QStringLiteral("clients"))).value_or(1),
                          .rps = toInt(mapping.integer(QStringLiteral("rps"))).value_or(1),
                          .maxClients = toInt(mapping.integer(QStringLiteral("max_clients")))};
        if (const std::optional<YAML::Node> steadyState = mapping.value(QStringLiteral("steady_state"))) {
            load.steadyState = readSteadyState(*steadyState, mapping);
        }
        return load;
    }
    return SingleStrategy{};
}

std::optional<SteadyState> ScenarioDocumentReader::readSteadyState(const YAML::Node& node, const MappingReader& parent)
{
    const MappingReader mapping(m_context, node, KeyPlace::SteadyState, {}, &parent);
    if (!mapping.isMapping()) {
        return std::nullopt;
    }
    const MappingEntry* key = parent.entry(QStringLiteral("steady_state"));
    const std::optional<double> before = mapping.durationMilliseconds(QStringLiteral("before"));
    const std::optional<double> after = mapping.durationMilliseconds(QStringLiteral("after"));
    if (!mapping.entry(QStringLiteral("before")) && !mapping.entry(QStringLiteral("after"))) {
        m_context.error(key->value, QStringLiteral("empty-steady-state"),
                        QStringLiteral("`steady_state` needs `before`, `after` or both, such as `{before: 5s, after: "
                                       "10s}`"));
        return std::nullopt;
    }
    // Files are shared with fault, which would run this load with no steady state at all.
    m_context.warning(key->key, QStringLiteral("ours-only"),
                      QStringLiteral("`steady_state` is Aftershock's own: fault ignores it and runs only the faulted "
                                     "load"));
    return SteadyState{.beforeMs = std::llround(before.value_or(0)), .afterMs = std::llround(after.value_or(0))};
}

std::optional<Fault> ScenarioDocumentReader::readFault(const YAML::Node& node, const MappingReader& parent,
                                                       const QString& strategyMode)
{
    const MappingReader mapping(m_context, node, KeyPlace::Fault, knownVariant(node, KeyPlace::Fault, "type"), &parent);
    const std::optional<QString> typeName = mapping.isMapping() ? mapping.choice(QStringLiteral("type")) : std::nullopt;
    if (!typeName) {
        return std::nullopt;
    }
    Fault fault;
    fault.parameters = readFaultParameters(*faultTypeFromString(*typeName), mapping);
    if (const std::optional<QString> side = mapping.choice(QStringLiteral("side"))) {
        fault.side = faultSideFromString(*side);
    }
    if (const std::optional<QString> direction = mapping.choice(QStringLiteral("direction"))) {
        fault.direction = faultDirectionFromString(*direction);
    }
    fault.period = mapping.period(QStringLiteral("period"));
    if (fault.period && !strategyMode.isEmpty() && strategyMode != QLatin1String("load")) {
        m_context.warning(mapping.entry(QStringLiteral("period"))->key, QStringLiteral("period-ignored"),
                          QStringLiteral("`period` applies under a load strategy; with %1 the fault is on for the "
                                         "whole call")
                              .arg(strategyMode));
    }
    return fault;
}

FaultParameters ScenarioDocumentReader::readFaultParameters(FaultType type, const MappingReader& fault)
{
    switch (type) {
    case FaultType::Latency: {
        LatencyFault latency{.mean = fault.number(QStringLiteral("mean")),
                             .stddev = fault.number(QStringLiteral("stddev")),
                             .min = fault.number(QStringLiteral("min")),
                             .max = fault.number(QStringLiteral("max")),
                             .shape = fault.number(QStringLiteral("shape")),
                             .scale = fault.number(QStringLiteral("scale")),
                             .global = fault.boolean(QStringLiteral("global"))};
        if (const std::optional<QString> distribution = fault.choice(QStringLiteral("distribution"))) {
            latency.distribution = latencyDistributionFromString(*distribution);
        }
        if (latency.min && latency.max && *latency.min > *latency.max) {
            m_context.error(
                fault.entry(QStringLiteral("min"))->value, QStringLiteral("out-of-range"),
                QStringLiteral("`min` (%1) is greater than `max` (%2)").arg(*latency.min).arg(*latency.max));
        }
        return latency;
    }
    case FaultType::Jitter:
        return JitterFault{.amplitude = fault.number(QStringLiteral("amplitude")).value_or(0),
                           .frequency = fault.number(QStringLiteral("frequency")).value_or(0)};
    case FaultType::Bandwidth: {
        BandwidthFault bandwidth{.rate = fault.number(QStringLiteral("rate")).value_or(0)};
        if (const std::optional<QString> unit = fault.choice(QStringLiteral("unit"))) {
            bandwidth.unit = bandwidthUnitFromString(*unit);
        }
        return bandwidth;
    }
    case FaultType::PacketLoss:
        return PacketLossFault{.probability = fault.number(QStringLiteral("probability"))};
    case FaultType::HttpError:
        return HttpErrorFault{.statusCode = toInt(fault.integer(QStringLiteral("status_code"))).value_or(500),
                              .probability = fault.number(QStringLiteral("probability")).value_or(0),
                              .body = fault.text(QStringLiteral("body"))};
    case FaultType::Blackhole:
        break;
    }
    return BlackholeFault{};
}

std::optional<Slo> ScenarioDocumentReader::readSlo(const YAML::Node& node, const MappingReader& parent)
{
    const MappingReader mapping(m_context, node, KeyPlace::Slo, {}, &parent);
    const std::optional<QString> type = mapping.isMapping() ? mapping.choice(QStringLiteral("slo_type")) : std::nullopt;
    if (!type) {
        return std::nullopt;
    }
    return Slo{.type = *sloTypeFromString(*type),
               .title = mapping.text(QStringLiteral("title")).value_or(QString()),
               .objective = mapping.number(QStringLiteral("objective")).value_or(0),
               .threshold = mapping.number(QStringLiteral("threshold")).value_or(0)};
}

Expectation ScenarioDocumentReader::readExpect(const YAML::Node& node, const MappingReader& parent)
{
    const MappingReader mapping(m_context, node, KeyPlace::Expect, {}, &parent);
    if (!mapping.isMapping()) {
        return {};
    }
    return Expectation{.status = toInt(mapping.integer(QStringLiteral("status"))),
                       .responseTimeUnder = mapping.number(QStringLiteral("response_time_under")),
                       .allSloAreValid = mapping.boolean(QStringLiteral("all_slo_are_valid"))};
}

ScenarioConfig ScenarioDocumentReader::readConfig(const YAML::Node& node, const MappingReader& parent)
{
    ScenarioConfig config;
    const MappingReader mapping(m_context, node, KeyPlace::Config, {}, &parent);
    const std::optional<YAML::Node> http = mapping.isMapping() ? mapping.value(QStringLiteral("http")) : std::nullopt;
    if (!http) {
        return config;
    }
    const MappingReader httpMapping(m_context, *http, KeyPlace::ConfigHttp, {}, &mapping);
    if (!httpMapping.isMapping()) {
        return config;
    }
    config.headers = httpMapping.textMap(QStringLiteral("headers")).value_or(HttpHeaders());
    if (const std::optional<YAML::Node> paths = httpMapping.value(QStringLiteral("paths"))) {
        const MappingReader pathsMapping(m_context, *paths, KeyPlace::ConfigPaths, {}, &httpMapping);
        if (pathsMapping.isMapping()) {
            config.segments = pathsMapping.textMap(QStringLiteral("segments")).value_or(HttpHeaders());
        }
    }
    return config;
}

void ScenarioDocumentReader::applyItemDefaults(const MappingReader& scenarioMapping, const QList<YAML::Node>& itemNodes,
                                               Scenario& scenario)
{
    applyItemDefault(scenarioMapping, QStringLiteral("context"), &Item::context, &ScenarioDocumentReader::readContext,
                     itemNodes, scenario);
    applyItemDefault(scenarioMapping, QStringLiteral("expect"), &Item::expect, &ScenarioDocumentReader::readExpect,
                     itemNodes, scenario);
}

template<typename Value>
void ScenarioDocumentReader::applyItemDefault(const MappingReader& scenarioMapping, const QString& name,
                                              std::optional<Value> Item::*member,
                                              Value (ScenarioDocumentReader::*reader)(const YAML::Node&,
                                                                                      const MappingReader&),
                                              const QList<YAML::Node>& itemNodes, Scenario& scenario)
{
    const std::optional<YAML::Node> node = scenarioMapping.value(name);
    if (!node) {
        return;
    }
    const Value defaultValue = (this->*reader)(*node, scenarioMapping);
    QList<YAML::Node> itemsWithout;
    for (qsizetype index = 0; index < scenario.items.size(); ++index) {
        if (!(scenario.items[index].*member)) {
            scenario.items[index].*member = defaultValue;
            itemsWithout.append(itemNodes[index]);
        }
    }
    if (!scenario.items.isEmpty()) {
        reportItemDefault(scenarioMapping, name, itemsWithout);
    }
}

void ScenarioDocumentReader::reportItemDefault(const MappingReader& scenarioMapping, const QString& name,
                                               const QList<YAML::Node>& itemsWithout)
{
    const MappingEntry* entry = scenarioMapping.entry(name);
    const KeyMoveFix fixes(m_context);
    const std::optional<LineBlock> block = fixes.blockOf(scenarioMapping.node(), entry->key);
    QList<int> insertBefore;
    std::optional<int> column;
    bool movable = block.has_value();
    for (const YAML::Node& item : itemsWithout) {
        const std::optional<InsertionPoint> point = fixes.endOf(item);
        movable = movable && point && (!column || *column == point->column);
        if (point) {
            insertBefore.append(point->line);
            column = point->column;
        }
    }
    if (itemsWithout.isEmpty()) {
        const std::optional<QuickFix> fix = block
            ? std::optional<QuickFix>(fixes.move(QStringLiteral("Remove the unused `%1`").arg(name), {*block}, {}, {}))
            : std::nullopt;
        m_context.warning(entry->key, QStringLiteral("unused-default"),
                          QStringLiteral("`%1` beside `items` has no effect: every item has its own").arg(name), fix);
        return;
    }
    std::optional<QuickFix> fix;
    if (movable) {
        fix = fixes.move(QStringLiteral("Move `%1` into the item%2").arg(name, itemsWithout.size() > 1 ? "s" : ""),
                         {*block}, fixes.reindented(*block, *column), insertBefore);
    }
    m_context.report(Diagnostic::Severity::Info, m_context.locationOf(entry->key), QStringLiteral("item-default"),
                     QStringLiteral("`%1` beside `items` (the seed guide's form) applies to %2 with no `%1` of its "
                                    "own; the canonical form puts it in the item")
                         .arg(name,
                              itemsWithout.size() == 1 ? QStringLiteral("the item")
                                                       : QStringLiteral("%1 items").arg(itemsWithout.size())),
                     fix);
}

void ScenarioDocumentReader::checkFaultsReachTheirCalls(const YAML::Node& root, const QList<YAML::Node>& itemNodes,
                                                        const Scenario& scenario)
{
    // The context an item uses: its own, or the seed form's beside `items`. A missing key's node
    // must not be asked its type: yaml-cpp throws.
    const auto contextOf = [](const YAML::Node& mapping) {
        const YAML::Node node = mapping.IsMap() ? mapping["context"] : YAML::Node();
        return node.IsDefined() && node.IsMap() ? node : YAML::Node();
    };
    const KeyMoveFix fixes(m_context);
    for (qsizetype index = 0; index < scenario.items.size() && index < itemNodes.size(); ++index) {
        const Item& item = scenario.items.at(index);
        if (!item.context || item.context->faults.isEmpty()) {
            continue;
        }
        const QUrl url(item.call.url);
        // A host still holding a `{segment}` is known only when the call is made.
        if (!url.isValid() || url.host().isEmpty() || item.call.url.section(QLatin1Char('/'), 2, 2).contains('{')) {
            continue;
        }
        const quint16 port = static_cast<quint16>(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
        const YAML::Node ownContext = contextOf(itemNodes.at(index));
        const YAML::Node context = ownContext.IsMap() ? ownContext : contextOf(root);
        const std::optional<YAML::Node> upstreamsKey = keyOf(context, "upstreams");
        const QStringList& upstreams = item.context->upstreams;
        // An `upstreams` that could not be read has its own error already.
        if ((upstreams.isEmpty() && upstreamsKey) || UpstreamFilter(upstreams).matches(url.host(), port)) {
            continue;
        }
        QUrl endpoint = url.adjusted(QUrl::RemoveUserInfo);
        endpoint.setPort(port);
        const QString authority = endpoint.authority();
        const QString message = upstreams.isEmpty()
            ? QStringLiteral("this item's faults never reach its call: `upstreams` is empty, and only traffic to an "
                             "upstream gets faults (the call goes to %1)")
                  .arg(authority)
            : QStringLiteral("this item's faults never reach its call: no entry of `upstreams` (%1) covers %2")
                  .arg(upstreams.join(QStringLiteral(", ")), authority);

        const QString upstream
            = url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
                  .toString();
        const QString title = QStringLiteral("Use the call's host (`%1`)").arg(upstream);
        const auto upstreamsText = [&upstream](int column) {
            return QString(column, QLatin1Char(' ')) + QStringLiteral("upstreams:\n")
                + QString(column + KeyMoveFix::IndentStep, QLatin1Char(' ')) + QStringLiteral("- ") + upstream
                + QLatin1Char('\n');
        };
        std::optional<QuickFix> fix;
        if (upstreamsKey) {
            if (const std::optional<LineBlock> block = fixes.blockOf(context, *upstreamsKey)) {
                fix = fixes.move(title, {*block}, upstreamsText(block->column), {block->firstLine});
            }
        } else if (const std::optional<InsertionPoint> point = fixes.endOf(context)) {
            fix = fixes.move(title, {}, upstreamsText(point->column), {point->line});
        }
        m_context.warning(itemNodes.at(index), QStringLiteral("faults-never-applied"), message, fix);
    }
}
