#include "runner/ResultsJsonReader.h"

#include "Version.h"
#include "runner/ItemFaultPlan.h"
#include "runner/JsonLocator.h"
#include "runner/RunPlanner.h"
#include "runner/ScenarioJson.h"
#include "runner/TestVerdict.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVersionNumber>

namespace
{
// A JSON object and where it is, so that every complaint about it names its path.
class JsonNode
{
public:
    JsonNode(QJsonObject object, QString path, Diagnostics& diagnostics, const QString& fileName)
        : m_object(std::move(object))
        , m_path(std::move(path))
        , m_diagnostics(&diagnostics)
        , m_fileName(&fileName)
    { }

    bool has(const char* key) const
    {
        return m_object.contains(QLatin1String(key)) && !m_object.value(QLatin1String(key)).isNull();
    }
    std::optional<double> number(const char* key, bool required = true) const
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isDouble() && std::isfinite(value.toDouble())) {
            return value.toDouble();
        }
        if (required || (!value.isUndefined() && !value.isNull())) {
            fail(key, QStringLiteral("expected a number"));
        }
        return std::nullopt;
    }
    std::optional<QString> string(const char* key, bool required = true) const
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isString()) {
            return value.toString();
        }
        if (required || (!value.isUndefined() && !value.isNull())) {
            fail(key, QStringLiteral("expected a string"));
        }
        return std::nullopt;
    }
    bool boolean(const char* key) const
    {
        return m_object.value(QLatin1String(key)).toBool();
    }
    std::optional<JsonNode> object(const char* key, bool required = true) const
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isObject()) {
            return JsonNode(value.toObject(), childPath(key), *m_diagnostics, *m_fileName);
        }
        if (required || (!value.isUndefined() && !value.isNull())) {
            fail(key, QStringLiteral("expected an object"));
        }
        return std::nullopt;
    }
    // The objects of an array, each with its own path; an element that is not an object is an error.
    QList<JsonNode> objects(const char* key, bool required = true) const
    {
        QList<JsonNode> nodes;
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isArray()) {
            if (required || (!value.isUndefined() && !value.isNull())) {
                fail(key, QStringLiteral("expected an array"));
            }
            return nodes;
        }
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString path = QStringLiteral("%1[%2]").arg(childPath(key)).arg(i);
            if (!array.at(i).isObject()) {
                report(path, QStringLiteral("expected an object"));
                continue;
            }
            nodes.append(JsonNode(array.at(i).toObject(), path, *m_diagnostics, *m_fileName));
        }
        return nodes;
    }
    const QJsonObject& json() const
    {
        return m_object;
    }
    const QString& path() const
    {
        return m_path;
    }
    void fail(const char* key, const QString& message) const
    {
        report(childPath(key), message);
    }
    void report(const QString& path, const QString& message) const
    {
        m_diagnostics->append(Diagnostic{.location = SourceLocation{.file = *m_fileName},
                                         .message = QStringLiteral("%1: %2").arg(path, message),
                                         .code = QStringLiteral("bad-results")});
    }

private:
    QString childPath(const char* key) const
    {
        return m_path.isEmpty() ? QString::fromLatin1(key) : m_path + QLatin1Char('.') + QLatin1String(key);
    }

    QJsonObject m_object;
    QString m_path;
    Diagnostics* m_diagnostics;
    const QString* m_fileName;
};

qint32 microseconds(double milliseconds)
{
    return static_cast<qint32>(std::clamp(std::llround(milliseconds * 1000.0), 0LL,
                                          static_cast<long long>(std::numeric_limits<qint32>::max())));
}

std::optional<FaultType> eventFaultType(const QString& name)
{
    // fault calls its HTTP error event `httpresponsefault`.
    return name == QLatin1String("httpresponsefault") ? std::optional(FaultType::HttpError) : faultTypeFromString(name);
}

float eventAmount(FaultType type, const QJsonObject& event)
{
    switch (type) {
    case FaultType::Latency:
        return static_cast<float>(event.value(QLatin1String("delay")).toDouble());
    case FaultType::Jitter:
        return static_cast<float>(event.value(QLatin1String("amplitude")).toDouble());
    case FaultType::Bandwidth:
        return static_cast<float>(event.value(QLatin1String("bps")).toDouble());
    case FaultType::HttpError:
        return static_cast<float>(event.value(QLatin1String("status_code")).toDouble());
    case FaultType::PacketLoss:
    case FaultType::Blackhole:
        break;
    }
    return 0;
}

CallErrorClass errorClassOf(const JsonNode& call, const JsonNode* metrics)
{
    if (const auto name = call.string("error_class", false)) {
        if (const auto known = callErrorClassFromString(*name)) {
            return *known;
        }
        call.fail("error_class", QStringLiteral("unknown error class '%1'").arg(*name));
    }
    // fault's files say only whether a call errored or timed out.
    if (metrics && metrics->boolean("timed_out")) {
        return CallErrorClass::Timeout;
    }
    return metrics && metrics->boolean("errored") ? CallErrorClass::Reset : CallErrorClass::None;
}

// Reads one item's block against the scenario's item it ran.
class ItemReader
{
public:
    ItemReader(const Item& item, const JsonNode& node)
        : m_item(item)
        , m_node(node)
        , m_plan(item)
    { }

    ItemResult read()
    {
        ItemResult result;
        if (const auto target = m_node.object("target")) {
            result.target = target->string("address").value_or(QString());
        }
        if (const auto total = m_node.object("total_time")) {
            result.totalTimeNs = static_cast<qint64>(total->number("secs").value_or(0)) * 1'000'000'000
                + static_cast<qint64>(total->number("nanos").value_or(0));
        }
        const QList<JsonNode> calls = m_node.objects("results");
        const std::optional<double> start = m_node.number("start", false);
        result.startedAtUs = start ? static_cast<qint64>(*start) : earliestStart(calls);
        for (qsizetype i = 0; i < calls.size(); ++i) {
            readCall(calls.at(i), static_cast<quint32>(i), result);
        }
        result.error = m_node.string("error", false).value_or(QString());
        // An item that could not run made none of its calls; its tests are the ones it planned.
        result.plannedCalls
            = result.error.isEmpty() ? static_cast<quint32>(result.calls.size()) : RunPlanner::planItem(m_item).calls;
        if (m_node.has("slo")) {
            result.slo = readSlo();
        } else if (m_item.context) {
            result.slo = SloEvaluator::evaluate(m_item.context->slo, result.calls);
        }
        return result;
    }

private:
    static qint64 earliestStart(const QList<JsonNode>& calls)
    {
        qint64 earliest = std::numeric_limits<qint64>::max();
        for (const JsonNode& call : calls) {
            earliest = std::min(earliest, static_cast<qint64>(call.json().value(QLatin1String("start")).toDouble()));
        }
        return calls.isEmpty() ? 0 : earliest;
    }

    void readCall(const JsonNode& node, quint32 index, ItemResult& result) const
    {
        const qint64 startUs = static_cast<qint64>(node.number("start").value_or(0)) - result.startedAtUs;
        const std::optional<double> intended = node.number("intended_start", false);
        CallRecord call{.intendedStartUs = intended ? static_cast<qint64>(*intended) - result.startedAtUs : startUs,
                        .startUs = startUs,
                        .index = index};
        const std::optional<JsonNode> metrics = node.object("metrics");
        if (metrics) {
            call.latencyUs = microseconds(metrics->number("total_time").value_or(0));
            const double ttfb = metrics->number("ttfb", false).value_or(0);
            call.ttfbUs = ttfb > 0 ? microseconds(ttfb) : -1;
            if (const auto protocol = metrics->object("protocol", false)) {
                call.status = static_cast<quint16>(std::clamp(protocol->number("code").value_or(0), 0.0, 999.0));
                call.bodyBytes = static_cast<quint32>(std::clamp(protocol->number("body_length", false).value_or(0),
                                                                 0.0, double(std::numeric_limits<quint32>::max())));
            }
        }
        call.errorClass = errorClassOf(node, metrics ? &*metrics : nullptr);
        call.activeFaults = TestVerdict::isLoad(m_item)
            ? m_plan.activeMaskAt(call.intendedStartUs / 1000.0, loadDurationMs())
            : m_plan.activeMaskForCall(index);
        if (metrics) {
            readAppliedFaults(*metrics, call, result);
        }
        result.calls.append(call);
    }

    void readAppliedFaults(const JsonNode& metrics, CallRecord& call, ItemResult& result) const
    {
        for (const JsonNode& url : metrics.objects("faults", false)) {
            for (const JsonNode& applied : url.objects("applied", false)) {
                const std::optional<JsonNode> event = applied.object("event");
                const auto type = event ? eventFaultType(event->string("type").value_or(QString())) : std::nullopt;
                if (!type) {
                    continue; // a kind of fault we do not have (fault's dns, grpc)
                }
                const auto side = faultSideFromString(event->string("side", false).value_or(QString()));
                const auto direction = faultDirectionFromString(event->string("direction", false).value_or(QString()));
                const int faultIndex
                    = m_plan.indexOfApplied(*type, side.value_or(FaultSide::Server),
                                            direction.value_or(FaultDirection::Ingress), call.activeFaults);
                if (faultIndex >= 0) {
                    call.appliedFaults |= 1u << faultIndex;
                    result.appliedFaults.append(AppliedFault{.callIndex = call.index,
                                                             .faultIndex = static_cast<quint8>(faultIndex),
                                                             .amount = eventAmount(*type, event->json())});
                }
            }
        }
    }

    QList<SloResult> readSlo() const
    {
        QList<SloResult> results;
        for (const JsonNode& node : m_node.objects("slo")) {
            SloResult result;
            result.slo.title = node.string("title").value_or(QString());
            const auto type = sloTypeFromString(node.string("type").value_or(QString()));
            if (!type) {
                node.fail("type", QStringLiteral("expected `latency` or `error`"));
            }
            result.slo.type = type.value_or(SloType::Latency);
            result.slo.objective = node.number("objective").value_or(0);
            result.slo.threshold = node.number("threshold").value_or(0);
            result.observed = node.number("observed", false);
            result.margin = node.number("margin", false).value_or(0);
            result.overThreshold = static_cast<qsizetype>(node.number("over_threshold").value_or(0));
            result.noResponse = static_cast<qsizetype>(node.number("no_response", false).value_or(0));
            result.observedIsLowerBound = node.boolean("observed_is_lower_bound");
            result.pass = node.boolean("pass");
            results.append(result);
        }
        return results;
    }

    double loadDurationMs() const
    {
        return static_cast<double>(std::get<LoadStrategy>(*m_item.context->strategy).duration);
    }

    const Item& m_item;
    const JsonNode& m_node;
    ItemFaultPlan m_plan;
};
// Qt's parser keeps no positions: points each error at its value's line and column, by the JSON
// path its message starts with (a missing key: where its object is).
void locate(Diagnostics& diagnostics, const QByteArray& json, const QString& fileName)
{
    for (Diagnostic& diagnostic : diagnostics) {
        if (diagnostic.location.line != 0) {
            continue;
        }
        QString path = diagnostic.message.section(QStringLiteral(": "), 0, 0);
        std::optional<qsizetype> offset = JsonLocator::offsetOf(json, path);
        while (!offset) { // ends at the root, which offsetOf always finds
            const qsizetype parent = std::max(path.lastIndexOf(QLatin1Char('.')), path.lastIndexOf(QLatin1Char('[')));
            path = parent > 0 ? path.left(parent) : QString();
            offset = JsonLocator::offsetOf(json, path);
        }
        if (offset) {
            diagnostic.location = SourceLocation::ofByteOffset(json, *offset);
            diagnostic.location.file = fileName;
        }
    }
}

// fault writes no generator; ours names Aftershock and its version. Another tool's file, or one
// from a newer major version whose layout this one cannot know, is refused with the reason.
bool readableGenerator(const JsonNode& root)
{
    const std::optional<JsonNode> generator = root.object("generator", false);
    if (!generator) {
        return true;
    }
    const QString name = generator->string("name", false).value_or(QString());
    if (name != QLatin1String("aftershock")) {
        generator->fail("name", QStringLiteral("written by '%1', which is neither Aftershock nor fault").arg(name));
        return false;
    }
    const QString version = generator->string("version", false).value_or(QString());
    const QVersionNumber ours = QVersionNumber::fromString(QStringLiteral(AFTERSHOCK_VERSION));
    const QVersionNumber theirs = QVersionNumber::fromString(version);
    if (theirs.isNull() || theirs.majorVersion() > ours.majorVersion()) {
        generator->fail(
            "version",
            QStringLiteral("written by Aftershock %1, whose results this one (%2) cannot read: "
                           "update Aftershock")
                .arg(version.isEmpty() ? QStringLiteral("of an unknown version") : version, ours.toString()));
        return false;
    }
    return true;
}
} // namespace

ResultsJsonReader::Outcome ResultsJsonReader::readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Outcome{.diagnostics = {Diagnostic{.location = SourceLocation{.file = path},
                                                  .message = QStringLiteral("cannot read: %1").arg(file.errorString()),
                                                  .code = QStringLiteral("unreadable")}}};
    }
    return read(file.readAll(), path);
}

ResultsJsonReader::Outcome ResultsJsonReader::read(const QByteArray& json, const QString& fileName)
{
    Outcome outcome;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        SourceLocation location = SourceLocation::ofByteOffset(json, parseError.offset);
        location.file = fileName;
        outcome.diagnostics.append(
            Diagnostic{.location = location, .message = parseError.errorString(), .code = QStringLiteral("bad-json")});
        return outcome;
    }
    if (!document.isObject()) {
        outcome.diagnostics.append(Diagnostic{.location = SourceLocation{.file = fileName, .line = 1, .column = 1},
                                              .message = QStringLiteral("results.json holds one object"),
                                              .code = QStringLiteral("bad-results")});
        return outcome;
    }
    const JsonNode root(document.object(), QString(), outcome.diagnostics, fileName);
    if (!readableGenerator(root)) {
        locate(outcome.diagnostics, json, fileName);
        return outcome;
    }
    RunResult run;
    run.startedAtMs = static_cast<qint64>(root.number("start").value_or(0)) * 1000;
    run.endedAtMs = static_cast<qint64>(root.number("end").value_or(0)) * 1000;
    if (const auto status = root.string("status", false)) {
        const auto known = runStatusFromString(*status);
        if (!known) {
            root.fail("status", QStringLiteral("expected completed, cancelled or interrupted"));
        }
        run.status = known.value_or(RunStatus::Completed);
    }
    run.error = root.string("error", false).value_or(QString());
    if (const auto seed = root.string("seed", false)) {
        bool isSeed = false;
        run.seed = seed->toULongLong(&isSeed);
        if (!isSeed) {
            run.seed.reset();
            root.fail("seed", QStringLiteral("expected an unsigned 64-bit integer in a string"));
        }
    }
    for (const JsonNode& scenarioNode : root.objects("results")) {
        const std::optional<JsonNode> scenarioObject = scenarioNode.object("scenario");
        if (!scenarioObject) {
            continue;
        }
        QString error;
        const std::optional<Scenario> scenario = ScenarioJson::fromJson(scenarioObject->json(), &error);
        if (!scenario) {
            scenarioObject->report(scenarioObject->path(), error);
            continue;
        }
        ScenarioResult result{.scenario = *scenario};
        const QList<JsonNode> items = scenarioNode.objects("results");
        if (items.size() > scenario->items.size()) {
            scenarioNode.fail("results", QStringLiteral("more results than the scenario has items"));
            continue;
        }
        for (qsizetype i = 0; i < items.size(); ++i) {
            result.items.append(ItemReader(scenario->items.at(i), items.at(i)).read());
        }
        run.scenarios.append(result);
    }
    locate(outcome.diagnostics, json, fileName);
    if (!hasErrors(outcome.diagnostics)) {
        outcome.run = run;
    }
    return outcome;
}
