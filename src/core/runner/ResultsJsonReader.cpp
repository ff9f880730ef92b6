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
#include <simdjson.h>

#include <QFile>
#include <QJsonDocument>
#include <QVersionNumber>
#include <QtConcurrentMap>

namespace
{
// Where diagnostics go, shared by every node of one file.
struct ReadContext
{
    Diagnostics& diagnostics;
    const QString& fileName;
};

// A JSON object and where it is, so that every complaint about it names its path. The path is
// spelled only for a complaint: building it for each of a run's 300,000 calls cost more than
// parsing. A node points at its parent, which outlives it (children are read inside its scope).
class JsonNode
{
public:
    JsonNode(simdjson::dom::object object, ReadContext& context, const JsonNode* parent = nullptr,
             const char* key = nullptr, qsizetype index = -1)
        : m_object(object)
        , m_context(&context)
        , m_parent(parent)
        , m_key(key)
        , m_index(index)
    { }

    bool has(const char* key) const
    {
        const auto value = m_object[key];
        return !value.error() && !value.value_unsafe().is_null();
    }
    std::optional<double> number(const char* key, bool required = true) const
    {
        if (const std::optional<double> number = numberIfAny(key)) {
            return number;
        }
        if (required || isPresent(m_object[key])) {
            fail(key, QStringLiteral("expected a number"));
        }
        return std::nullopt;
    }
    // A number cast to qint64, within ±maximum: a larger one (a corrupt file's 1e19) has no
    // qint64 and is refused with its path.
    std::optional<qint64> wholeNumber(const char* key, double maximum, bool required = true) const
    {
        const std::optional<double> value = number(key, required);
        if (value && std::abs(*value) > maximum) {
            fail(key, QStringLiteral("expected a number from -%1 to %1").arg(maximum, 0, 'f', 0));
            return std::nullopt;
        }
        return value ? std::optional(static_cast<qint64>(*value)) : std::nullopt;
    }
    // Without complaining: for a value that another step checks.
    std::optional<double> numberIfAny(const char* key) const
    {
        double number = 0;
        if (!m_object[key].get_double().get(number) && std::isfinite(number)) {
            return number;
        }
        return std::nullopt;
    }
    std::optional<QString> string(const char* key, bool required = true) const
    {
        const auto value = m_object[key];
        std::string_view text;
        if (!value.error() && !value.value_unsafe().get_string().get(text)) {
            return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
        }
        if (required || isPresent(value)) {
            fail(key, QStringLiteral("expected a string"));
        }
        return std::nullopt;
    }
    // Bytes the writer kept from the wire: text under key, or base64 under key_base64; at most
    // limit of them, so that a hostile file cannot make the inspector hold megabytes.
    QByteArray excerpt(const char* key, qsizetype limit) const
    {
        std::string_view text;
        if (!m_object[key].get_string().get(text)) {
            return QByteArray(text.data(), static_cast<qsizetype>(std::min<std::size_t>(text.size(), limit)));
        }
        const std::string base64Key = std::string(key) + "_base64";
        if (m_object[base64Key].get_string().get(text)) {
            return {};
        }
        const auto decoded = QByteArray::fromBase64Encoding(
            QByteArray(text.data(), static_cast<qsizetype>(text.size())), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            fail(base64Key.c_str(), QStringLiteral("expected base64"));
            return {};
        }
        return decoded.decoded.left(limit);
    }
    bool boolean(const char* key) const
    {
        bool flag = false;
        return !m_object[key].get_bool().get(flag) && flag;
    }
    std::optional<JsonNode> object(const char* key, bool required = true) const
    {
        const auto value = m_object[key];
        simdjson::dom::object child;
        if (!value.error() && !value.value_unsafe().get_object().get(child)) {
            return JsonNode(child, *m_context, this, key);
        }
        if (required || isPresent(value)) {
            fail(key, QStringLiteral("expected an object"));
        }
        return std::nullopt;
    }
    // The objects of an array, each with its own path; an element that is not an object is an error.
    QList<JsonNode> objects(const char* key, bool required = true) const
    {
        QList<JsonNode> nodes;
        const auto value = m_object[key];
        simdjson::dom::array array;
        if (value.error() || value.value_unsafe().get_array().get(array)) {
            if (required || isPresent(value)) {
                fail(key, QStringLiteral("expected an array"));
            }
            return nodes;
        }
        nodes.reserve(static_cast<qsizetype>(array.size()));
        qsizetype index = 0;
        for (const simdjson::dom::element element : array) {
            simdjson::dom::object child;
            if (element.get_object().get(child)) {
                report(QStringLiteral("%1[%2]").arg(childPath(key)).arg(index), QStringLiteral("expected an object"));
            } else {
                nodes.append(JsonNode(child, *m_context, this, key, index));
            }
            ++index;
        }
        return nodes;
    }
    // The same node, its complaints (and its children's) going to another list.
    JsonNode reportingTo(ReadContext& context) const
    {
        JsonNode node(*this);
        node.m_context = &context;
        return node;
    }
    // The object's JSON text, for the readers that take text (a scenario: small).
    QByteArray text() const
    {
        const std::string text = simdjson::minify(m_object);
        return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
    }
    QString path() const
    {
        QString path = m_parent ? m_parent->childPath(m_key) : QString();
        return m_index < 0 ? path : QStringLiteral("%1[%2]").arg(path).arg(m_index);
    }
    void fail(const char* key, const QString& message) const
    {
        report(childPath(key), message);
    }
    void report(const QString& path, const QString& message) const
    {
        m_context->diagnostics.append(Diagnostic{.location = SourceLocation{.file = m_context->fileName},
                                                 .message = QStringLiteral("%1: %2").arg(path, message),
                                                 .code = QStringLiteral("bad-results")});
    }

private:
    static bool isPresent(const simdjson::simdjson_result<simdjson::dom::element>& value)
    {
        return !value.error() && !value.value_unsafe().is_null();
    }
    QString childPath(const char* key) const
    {
        const QString path = this->path();
        return path.isEmpty() ? QString::fromLatin1(key) : path + QLatin1Char('.') + QLatin1String(key);
    }

    simdjson::dom::object m_object;
    ReadContext* m_context;
    const JsonNode* m_parent;
    const char* m_key;
    qsizetype m_index;
};

// The bound of a time read as a whole number: 2^53, past which a double skips integers, is 285
// years in microseconds, and its sums and its seconds times 1,000 still fit in qint64.
constexpr double MaxTime = 9007199254740992.0;
// A duration's seconds, which are multiplied by 10^9 into nanoseconds: 285 years.
constexpr double MaxDurationSeconds = 9e9;

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

float eventAmount(FaultType type, const JsonNode& event)
{
    const auto amount = [&event](const char* key) {
        return static_cast<float>(event.number(key, false).value_or(0));
    };
    switch (type) {
    case FaultType::Latency:
        return amount("delay");
    case FaultType::Jitter:
        return amount("amplitude");
    case FaultType::Bandwidth:
        return amount("bps");
    case FaultType::HttpError:
        return amount("status_code");
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
            result.totalTimeNs = total->wholeNumber("secs", MaxDurationSeconds).value_or(0) * 1'000'000'000
                + total->wholeNumber("nanos", MaxTime).value_or(0);
        }
        const QList<JsonNode> calls = m_node.objects("results");
        const std::optional<qint64> start = m_node.wholeNumber("start", MaxTime, false);
        result.startedAtUs = start ? *start : earliestStart(calls);
        for (qsizetype i = 0; i < calls.size(); ++i) {
            readCall(calls.at(i), static_cast<quint32>(i), result);
        }
        result.requestBody = m_node.excerpt("request_body", CallExchange::BodyExcerptBytes);
        result.requestBodyBytes = static_cast<quint32>(std::clamp(
            m_node.number("request_body_bytes", false).value_or(0), 0.0, double(std::numeric_limits<quint32>::max())));
        result.error = m_node.string("error", false).value_or(QString());
        // An item that could not run made none of its calls; its tests are the ones it planned.
        result.plannedCalls
            = result.error.isEmpty() ? static_cast<quint32>(result.calls.size()) : RunPlanner::planItem(m_item).calls;
        if (m_node.has("slo")) {
            result.slo = readSlo(m_node);
        } else {
            result.slo = SteadyStateEvaluator::faultedPhaseSlo(m_item, result.calls);
        }
        // A file written before steady states, or by another tool, gets them from its calls.
        const std::optional<JsonNode> recovery = m_node.object("recovery", false);
        const std::optional<JsonNode> phases = m_node.object("phases", false);
        if (recovery && phases) {
            result.steadyState = readSteadyState(*phases, *recovery);
        } else {
            result.steadyState = SteadyStateEvaluator::evaluate(m_item, result.calls);
        }
        return result;
    }

private:
    static qint64 earliestStart(const QList<JsonNode>& calls)
    {
        qint64 earliest = std::numeric_limits<qint64>::max();
        for (const JsonNode& call : calls) {
            // Out of range, the call's start is refused when the call is read.
            const double start = std::clamp(call.numberIfAny("start").value_or(0), -MaxTime, MaxTime);
            earliest = std::min(earliest, static_cast<qint64>(start));
        }
        return calls.isEmpty() ? 0 : earliest;
    }

    void readCall(const JsonNode& node, quint32 index, ItemResult& result) const
    {
        const qint64 startUs = node.wholeNumber("start", MaxTime).value_or(0) - result.startedAtUs;
        const std::optional<qint64> intended = node.wholeNumber("intended_start", MaxTime, false);
        CallRecord call{
            .intendedStartUs = intended ? *intended - result.startedAtUs : startUs, .startUs = startUs, .index = index};
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
            ? m_plan.activeMaskAtDue(static_cast<double>(call.intendedStartUs) / 1000.0)
            : m_plan.activeMaskForCall(index);
        if (metrics) {
            readAppliedFaults(*metrics, call, result);
        }
        if (const std::optional<JsonNode> exchange = node.object("exchange", false)) {
            result.exchanges.append(
                CallExchange{.callIndex = index,
                             .requestHead = exchange->excerpt("request_head", CallExchange::MaxHeadBytes),
                             .responseHead = exchange->excerpt("response_head", CallExchange::MaxHeadBytes),
                             .responseBody = exchange->excerpt("response_body", CallExchange::BodyExcerptBytes)});
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
                                                             .amount = eventAmount(*type, *event)});
                }
            }
        }
    }

    static SteadyStateResult readSteadyState(const JsonNode& phases, const JsonNode& recovery)
    {
        SteadyStateResult steadyState;
        const auto readPhase = [&phases](const char* name, QList<SloResult>& slo, qsizetype& calls) {
            if (const std::optional<JsonNode> phase = phases.object(name)) {
                calls = static_cast<qsizetype>(phase->number("calls").value_or(0));
                slo = readSlo(*phase);
            }
        };
        readPhase("before", steadyState.before, steadyState.beforeCalls);
        readPhase("during", steadyState.during, steadyState.duringCalls);
        readPhase("after", steadyState.after, steadyState.afterCalls);
        steadyState.healthyBefore = recovery.boolean("healthyBefore");
        steadyState.recovered = recovery.boolean("recovered");
        if (const std::optional<double> after = recovery.number("recoveredAfterMs", false)) {
            steadyState.recoveredAfterMs = std::llround(*after);
        }
        return steadyState;
    }

    static QList<SloResult> readSlo(const JsonNode& parent)
    {
        QList<SloResult> results;
        for (const JsonNode& node : parent.objects("slo")) {
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

    const Item& m_item;
    const JsonNode& m_node;
    ItemFaultPlan m_plan;
};
// Qt's parser keeps no positions: points each error at its value's line and column, by the JSON
// path its message starts with (a missing key: where its object is).
void locate(Diagnostics& diagnostics, const QByteArray& json, const QString& fileName)
{
    // Each is found by a scan of the file: thousands of problems (a file of another shape) would
    // take minutes, and nobody reads past the first screenful.
    constexpr qsizetype ListedProblems = 50;
    if (diagnostics.size() > ListedProblems) {
        const qsizetype more = diagnostics.size() - ListedProblems;
        diagnostics.resize(ListedProblems);
        diagnostics.append(
            Diagnostic{.location = SourceLocation{.file = fileName, .line = 1, .column = 1},
                       .message = QStringLiteral("and %1 more problems like these, not listed").arg(more),
                       .code = QStringLiteral("bad-results")});
    }
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

std::optional<ScenarioResult> readScenario(const JsonNode& scenarioNode)
{
    const std::optional<JsonNode> scenarioObject = scenarioNode.object("scenario");
    if (!scenarioObject) {
        return std::nullopt;
    }
    QString error;
    std::optional<Scenario> scenario = ScenarioJson::fromJson(scenarioObject->text(), &error);
    if (!scenario) {
        scenarioObject->report(scenarioObject->path(), error);
        return std::nullopt;
    }
    const QList<JsonNode> items = scenarioNode.objects("results");
    if (items.size() > scenario->items.size()) {
        scenarioNode.fail("results", QStringLiteral("more results than the scenario has items"));
        return std::nullopt;
    }
    ScenarioResult result{.scenario = std::move(*scenario)};
    for (qsizetype i = 0; i < items.size(); ++i) {
        result.items.append(ItemReader(result.scenario.items.at(i), items.at(i)).read());
    }
    return result;
}

// simdjson keeps no position of a syntax error; Qt's parser, run only then, has one.
Diagnostic syntaxError(const QByteArray& json, simdjson::error_code error, const QString& fileName)
{
    QJsonParseError parseError;
    QJsonDocument::fromJson(json, &parseError);
    if (parseError.error == QJsonParseError::NoError) { // what only simdjson refuses (a number out of range)
        return Diagnostic{.location = SourceLocation{.file = fileName},
                          .message = QString::fromUtf8(simdjson::error_message(error)),
                          .code = QStringLiteral("bad-json")};
    }
    SourceLocation location = SourceLocation::ofByteOffset(json, parseError.offset);
    location.file = fileName;
    return Diagnostic{.location = location, .message = parseError.errorString(), .code = QStringLiteral("bad-json")};
}

// text holds at least SIMDJSON_PADDING bytes past its size, which simdjson reads over.
ResultsJsonReader::Outcome readPadded(const char* text, qsizetype size, const QString& fileName);
} // namespace

ResultsJsonReader::Outcome ResultsJsonReader::readFile(const QString& path)
{
    QFile file(path);
    const auto unreadable = [&path, &file] {
        return Outcome{.diagnostics = {Diagnostic{.location = SourceLocation{.file = path},
                                                  .message = QStringLiteral("cannot read: %1").arg(file.errorString()),
                                                  .code = QStringLiteral("unreadable")}}};
    };
    if (!file.open(QIODevice::ReadOnly)) {
        return unreadable();
    }
    if (file.isSequential()) {
        return read(file.readAll(), path);
    }
    // Read straight into a padded buffer: a second copy of a 100 MB file costs as much as parsing it.
    simdjson::padded_string text(static_cast<size_t>(file.size()));
    if (text.data() == nullptr || file.read(text.data(), file.size()) != file.size()) {
        return unreadable();
    }
    return readPadded(text.data(), file.size(), path);
}

ResultsJsonReader::Outcome ResultsJsonReader::read(const QByteArray& json, const QString& fileName)
{
    const simdjson::padded_string text(json.constData(), static_cast<size_t>(json.size()));
    return readPadded(text.data(), json.size(), fileName);
}

namespace
{
ResultsJsonReader::Outcome readPadded(const char* text, qsizetype size, const QString& fileName)
{
    ResultsJsonReader::Outcome outcome;
    const QByteArray json = QByteArray::fromRawData(text, size);
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    if (const simdjson::error_code error = parser.parse(text, static_cast<size_t>(size), false).get(document)) {
        outcome.diagnostics.append(syntaxError(json, error, fileName));
        return outcome;
    }
    simdjson::dom::object rootObject;
    if (document.get_object().get(rootObject)) {
        outcome.diagnostics.append(Diagnostic{.location = SourceLocation{.file = fileName, .line = 1, .column = 1},
                                              .message = QStringLiteral("results.json holds one object"),
                                              .code = QStringLiteral("bad-results")});
        return outcome;
    }
    ReadContext context{.diagnostics = outcome.diagnostics, .fileName = fileName};
    const JsonNode root(rootObject, context);
    if (!readableGenerator(root)) {
        locate(outcome.diagnostics, json, fileName);
        return outcome;
    }
    RunResult run;
    run.startedAtMs = root.wholeNumber("start", MaxTime).value_or(0) * 1000;
    run.endedAtMs = root.wholeNumber("end", MaxTime).value_or(0) * 1000;
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
    // Scenarios are read on every core (a 100 MB file's thousand scenarios and calls: half the time
    // on two); each reports to its own list, joined in the file's order.
    struct ScenarioRead
    {
        const JsonNode* node;
        Diagnostics diagnostics;
        std::optional<ScenarioResult> result;
    };
    const QList<JsonNode> scenarioNodes = root.objects("results");
    std::vector<ScenarioRead> reads;
    reads.reserve(static_cast<size_t>(scenarioNodes.size()));
    for (const JsonNode& node : scenarioNodes) {
        reads.push_back(ScenarioRead{.node = &node});
    }
    QtConcurrent::blockingMap(reads, [&fileName](ScenarioRead& read) {
        ReadContext scenarioContext{.diagnostics = read.diagnostics, .fileName = fileName};
        read.result = readScenario(read.node->reportingTo(scenarioContext));
    });
    for (ScenarioRead& read : reads) {
        outcome.diagnostics.append(read.diagnostics);
        if (read.result) {
            run.scenarios.append(std::move(*read.result));
        }
    }
    locate(outcome.diagnostics, json, fileName);
    if (!hasErrors(outcome.diagnostics)) {
        outcome.run = std::move(run);
    }
    return outcome;
}
} // namespace
