#include "runner/ResultsJsonWriter.h"

#include "Version.h"
#include "runner/FaultUsage.h"
#include "runner/ItemFaultPlan.h"
#include "runner/ScenarioJson.h"
#include "runner/TestVerdict.h"
#include "store/AtomicFile.h"

#include <QBuffer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace
{
QByteArray jsonString(const QString& text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QByteArray jsonNumber(double value)
{
    return QByteArray::number(value, 'f', 3);
}

QByteArray optionalNumber(const std::optional<double>& value)
{
    return value ? jsonNumber(*value) : QByteArrayLiteral("null");
}

QByteArray jsonBool(bool value)
{
    return value ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
}

// Bytes from the wire as a JSON member: text where they are UTF-8 (an excerpt may end inside a
// character: those last bytes are dropped), otherwise base64 under key_base64.
QByteArray excerptMember(const char* key, const QByteArray& bytes)
{
    for (qsizetype cut = 0; cut <= 3 && cut < bytes.size(); ++cut) {
        const QByteArray text = bytes.first(bytes.size() - cut);
        if (QUtf8StringView(text).isValidUtf8()) {
            return '"' + QByteArray(key) + "\":" + jsonString(QString::fromUtf8(text));
        }
    }
    if (bytes.isEmpty()) {
        return '"' + QByteArray(key) + "\":\"\"";
    }
    return '"' + QByteArray(key) + "_base64\":\"" + bytes.toBase64() + '"';
}

// fault's names for the events its proxy reports.
QByteArray faultEventType(FaultType type)
{
    switch (type) {
    case FaultType::HttpError:
        return "httpresponsefault";
    default:
        return toString(type).toLatin1();
    }
}

QByteArray appliedEvent(const Fault& fault, float amount)
{
    QByteArray event = "{\"event\":{\"type\":\"" + faultEventType(fault.type()) + "\",\"direction\":\""
        + toString(fault.directionOrDefault()).toLatin1() + "\",\"side\":\""
        + toString(fault.sideOrDefault()).toLatin1() + "\"";
    switch (fault.type()) {
    case FaultType::Latency:
        event += ",\"delay\":" + jsonNumber(amount);
        break;
    case FaultType::Jitter:
        event += ",\"amplitude\":" + jsonNumber(amount)
            + ",\"frequency\":" + jsonNumber(std::get<JitterFault>(fault.parameters).frequency);
        break;
    case FaultType::Bandwidth:
        event += ",\"bps\":" + QByteArray::number(qint64(amount));
        break;
    case FaultType::PacketLoss:
        event += ",\"state\":\"loss\"";
        break;
    case FaultType::HttpError: {
        // The proxy may leave the amount out; the status sent is then the configured one.
        const qint64 status = amount > 0 ? qint64(amount) : std::get<HttpErrorFault>(fault.parameters).statusCode;
        event += ",\"status_code\":" + QByteArray::number(status) + ",\"response_body\":null";
        break;
    }
    case FaultType::Blackhole:
        break;
    }
    return event + "}}";
}

// fault's readers take a call's errors as its ScenarioError enum, which serde writes externally
// tagged: {"HTTPError": "message"}.
QByteArray scenarioError(const CallRecord& call, const QString& target)
{
    if (call.errorClass == CallErrorClass::None) {
        return {};
    }
    return "{\"HTTPError\":" + jsonString(target + QStringLiteral(": ") + describe(call.errorClass)) + "}";
}

// Collects the text and hands it to the device a megabyte at a time, so that the file's whole
// text (90 MB for 300,000 calls) is never in memory.
class JsonSink
{
public:
    explicit JsonSink(QIODevice& device)
        : m_device(device)
    { }

    JsonSink& operator+=(const QByteArray& text)
    {
        m_buffer += text;
        if (m_buffer.size() >= FlushBytes) {
            flush();
        }
        return *this;
    }
    JsonSink& operator+=(const char* text)
    {
        return *this += QByteArray(text);
    }
    bool flush()
    {
        m_failed = m_failed || m_device.write(m_buffer) != m_buffer.size();
        m_buffer.clear();
        return !m_failed;
    }

private:
    static constexpr qsizetype FlushBytes = 1 << 20;
    QIODevice& m_device;
    QByteArray m_buffer;
    bool m_failed = false;
};

// Writes one item's block; knows the item, its plan and its results.
class ItemWriter
{
public:
    ItemWriter(const Item& item, const ItemResult& result, JsonSink& out)
        : m_item(item)
        , m_result(result)
        , m_plan(item)
        , m_explanation(item)
        , m_load(TestVerdict::isLoad(item))
        , m_out(out)
    { }

    void write()
    {
        const auto failures = std::count_if(m_result.calls.begin(), m_result.calls.end(),
                                            [](const CallRecord& call) { return call.failed(); });
        m_out += "{\"target\":{\"address\":" + jsonString(m_result.target) + "},";
        m_out += "\"start\":" + QByteArray::number(m_result.startedAtUs) + ",";
        m_out += "\"requests_count\":" + QByteArray::number(m_result.calls.size()) + ",";
        m_out += "\"failure_counts\":" + QByteArray::number(qint64(failures)) + ",";
        m_out += "\"total_time\":{\"secs\":" + QByteArray::number(m_result.totalTimeNs / 1'000'000'000)
            + ",\"nanos\":" + QByteArray::number(m_result.totalTimeNs % 1'000'000'000) + "},";
        if (!m_result.error.isEmpty()) {
            m_out += "\"error\":" + jsonString(m_result.error) + ",";
        }
        writeSlo();
        if (m_result.steadyState) {
            writeSteadyState(*m_result.steadyState);
        }
        writeFaultUsage();
        if (m_result.requestBodyBytes > 0) {
            m_out += excerptMember("request_body", m_result.requestBody)
                + ",\"request_body_bytes\":" + QByteArray::number(m_result.requestBodyBytes) + ",";
        }
        m_out += "\"results\":[";
        qsizetype applied = 0;
        qsizetype exchange = 0;
        for (qsizetype i = 0; i < m_result.calls.size(); ++i) {
            m_out += i == 0 ? "\n" : ",\n";
            writeCall(m_result.calls.at(i), applied, exchange);
        }
        m_out += "]}";
    }

private:
    void writeSlo()
    {
        m_out += "\"slo\":" + QJsonDocument(toJson(m_result.slo)).toJson(QJsonDocument::Compact) + ",";
    }

    // Our addition: each phase's calls and SLOs, and the verdict on recovery.
    void writeSteadyState(const SteadyStateResult& steadyState)
    {
        const auto phase = [](qsizetype calls, const QList<SloResult>& slo) {
            return "{\"calls\":" + QByteArray::number(qint64(calls))
                + ",\"slo\":" + QJsonDocument(toJson(slo)).toJson(QJsonDocument::Compact) + "}";
        };
        m_out += "\"phases\":{\"before\":" + phase(steadyState.beforeCalls, steadyState.before)
            + ",\"during\":" + phase(steadyState.duringCalls, steadyState.during)
            + ",\"after\":" + phase(steadyState.afterCalls, steadyState.after) + "},";
        m_out += "\"recovery\":{\"healthyBefore\":" + jsonBool(steadyState.healthyBefore)
            + ",\"recovered\":" + jsonBool(steadyState.recovered) + ",\"recoveredAfterMs\":"
            + (steadyState.recoveredAfterMs ? QByteArray::number(*steadyState.recoveredAfterMs)
                                            : QByteArrayLiteral("null"))
            + "},";
    }

    void writeFaultUsage()
    {
        m_out += "\"fault_usage\":[";
        const QList<FaultUsage> usage = FaultUsage::of(m_item, m_result);
        for (qsizetype i = 0; i < usage.size(); ++i) {
            const FaultUsage& fault = usage.at(i);
            m_out += (i == 0 ? "{\"fault\":" : ",{\"fault\":") + QByteArray::number(fault.faultIndex) + ",\"type\":\""
                + toString(m_plan.faults().at(fault.faultIndex).type()).toLatin1()
                + "\",\"configured_calls\":" + QByteArray::number(fault.configuredCalls) + ",\"applied_calls\":"
                + QByteArray::number(fault.appliedCalls) + ",\"never_applied\":" + jsonBool(fault.neverApplied) + "}";
        }
        m_out += "],";
    }

    // applied, exchange: where the call's applied faults and exchange are, or the next call's.
    void writeCall(const CallRecord& call, qsizetype& applied, qsizetype& exchange)
    {
        m_out += "{\"start\":" + QByteArray::number(m_result.startedAtUs + call.startUs);
        m_out += ",\"intended_start\":" + QByteArray::number(m_result.startedAtUs + call.intendedStartUs);
        m_out += ",\"expect\":" + expectation(call);
        m_out += ",\"metrics\":{\"dns\":[],\"ttfb\":" + jsonNumber(call.ttfbUs >= 0 ? call.ttfbUs / 1000.0 : 0.0);
        m_out += ",\"total_time\":" + jsonNumber(call.latencyMs());
        m_out += ",\"protocol\":";
        m_out += call.errorClass == CallErrorClass::None ? "{\"type\":\"http\",\"code\":"
                + QByteArray::number(call.status) + ",\"body_length\":" + QByteArray::number(call.bodyBytes) + "}"
                                                         : QByteArrayLiteral("null");
        m_out += ",\"faults\":[{\"url\":" + jsonString(m_result.target) + ",\"applied\":[";
        bool first = true;
        for (; applied < m_result.appliedFaults.size() && m_result.appliedFaults.at(applied).callIndex <= call.index;
             ++applied) {
            const AppliedFault& fault = m_result.appliedFaults.at(applied);
            if (fault.callIndex == call.index && fault.faultIndex < m_plan.faults().size()) {
                m_out += (first ? "" : ",") + appliedEvent(m_plan.faults().at(fault.faultIndex), fault.amount);
                first = false;
            }
        }
        m_out += "]}],\"errored\":" + jsonBool(call.errorClass != CallErrorClass::None);
        m_out += ",\"timed_out\":" + jsonBool(call.errorClass == CallErrorClass::Timeout) + "}";
        m_out += ",\"faults\":" + configuredFaults(call);
        const QByteArray error = scenarioError(call, m_result.target);
        m_out += ",\"errors\":[" + error + "]";
        m_out += ",\"error_class\":"
            + (error.isEmpty() ? QByteArrayLiteral("null") : "\"" + toString(call.errorClass).toLatin1() + "\"");
        const CallExchanges& exchanges = m_result.exchanges;
        while (exchange < exchanges.size() && exchanges.at(exchange).callIndex < call.index) {
            ++exchange;
        }
        if (exchange < exchanges.size() && exchanges.at(exchange).callIndex == call.index) {
            writeExchange(exchanges.at(exchange));
        }
        m_out += "}";
    }

    void writeExchange(const CallExchange& exchange)
    {
        m_out += ",\"exchange\":{" + excerptMember("request_head", exchange.requestHead);
        if (!exchange.responseHead.isEmpty()) {
            m_out += "," + excerptMember("response_head", exchange.responseHead) + ","
                + excerptMember("response_body", exchange.responseBody);
        }
        m_out += "}";
    }

    QByteArray expectation(const CallRecord& call) const
    {
        if (!m_item.expect) {
            return "null";
        }
        const Expectation& expect = *m_item.expect;
        const auto optionalInt = [](const std::optional<int>& value) {
            return value ? QByteArray::number(*value) : QByteArrayLiteral("null");
        };
        const auto optionalBool = [](const std::optional<bool>& value) {
            return value ? jsonBool(*value) : QByteArrayLiteral("null");
        };
        std::optional<bool> allSloValid;
        QByteArray decision = "null"; // a load item's calls are not checked one by one
        if (m_load) {
            allSloValid
                = std::all_of(m_result.slo.begin(), m_result.slo.end(), [](const SloResult& slo) { return slo.pass; });
        } else {
            decision = TestVerdict::callPasses(m_item, m_explanation, call) ? "\"success\"" : "\"failure\"";
        }
        const std::optional<int> status
            = call.errorClass == CallErrorClass::None ? std::optional<int>(call.status) : std::nullopt;
        return "{\"type\":\"http\",\"wanted\":{\"status_code\":" + optionalInt(expect.status)
            + ",\"response_time_under\":" + optionalNumber(expect.responseTimeUnder)
            + ",\"all_slo_are_valid\":" + optionalBool(expect.allSloAreValid)
            + "},\"got\":{\"status_code\":" + optionalInt(status) + ",\"response_time\":" + jsonNumber(call.latencyMs())
            + ",\"all_slo_are_valid\":" + optionalBool(allSloValid) + ",\"decision\":" + decision + "}}";
    }

    // The same few sets of faults recur on most calls, so each is serialised once.
    QByteArray configuredFaults(const CallRecord& call)
    {
        // Repeat calls differ by their grown latency, so they are keyed by index as well.
        const quint64 key = m_load ? call.activeFaults : (quint64(call.index) << 32 | call.activeFaults);
        auto cached = m_faultsJson.constFind(key);
        if (cached == m_faultsJson.constEnd()) {
            const QJsonArray faults = ScenarioJson::faultsToJson(m_plan.faultsInMask(call.activeFaults, call.index));
            cached = m_faultsJson.insert(key, QJsonDocument(faults).toJson(QJsonDocument::Compact));
        }
        return *cached;
    }

    const Item& m_item;
    const ItemResult& m_result;
    ItemFaultPlan m_plan;
    FailureExplanation m_explanation;
    bool m_load;
    JsonSink& m_out;
    QHash<quint64, QByteArray> m_faultsJson;
};
} // namespace

bool ResultsJsonWriter::write(const RunResult& run, QIODevice& device)
{
    JsonSink out(device);
    out += "{\"generator\":{\"name\":\"aftershock\",\"version\":\"" AFTERSHOCK_VERSION "\"},";
    out += "\"status\":\"" + toString(run.status).toLatin1() + "\",";
    if (!run.error.isEmpty()) {
        out += "\"error\":" + jsonString(run.error) + ",";
    }
    if (run.seed) {
        // A string: JSON readers keep 64-bit integers only up to 2^53.
        out += "\"seed\":\"" + QByteArray::number(*run.seed) + "\",";
    }
    out += "\"start\":" + QByteArray::number(run.startedAtMs / 1000) + ",";
    out += "\"end\":" + QByteArray::number(run.endedAtMs / 1000) + ",";
    out += "\"results\":[";
    for (qsizetype s = 0; s < run.scenarios.size(); ++s) {
        const ScenarioResult& scenario = run.scenarios.at(s);
        out += s == 0 ? "\n" : ",\n";
        out += "{\"scenario\":" + QJsonDocument(ScenarioJson::toJson(scenario.scenario)).toJson(QJsonDocument::Compact);
        out += ",\"results\":[";
        for (qsizetype i = 0; i < scenario.items.size() && i < scenario.scenario.items.size(); ++i) {
            out += i == 0 ? "\n" : ",\n";
            ItemWriter(scenario.scenario.items.at(i), scenario.items.at(i), out).write();
        }
        out += "]}";
    }
    out += "]}\n";
    return out.flush();
}

QByteArray ResultsJsonWriter::toJson(const RunResult& run)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    write(run, buffer);
    return buffer.data();
}

bool ResultsJsonWriter::write(const RunResult& run, const QString& path, QString* error)
{
    return writeFileAtomically(
        path, [&run](QIODevice& device) { return write(run, device); }, error);
}
