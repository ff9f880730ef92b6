#include "scenario/ScenarioWriter.h"

#include "scenario/Duration.h"
#include "store/AtomicFile.h"

#include <algorithm>

#include <QByteArrayView>
#include <QLocale>
#include <QRegularExpression>

namespace
{
// Scalars are written as yaml-cpp 0.7's emitter writes them in block context (files stay byte for
// byte what it wrote), without its per-character regular expressions, which made writing
// thousands of generated scenarios take seconds.
bool isNullWord(QByteArrayView text)
{
    return text.isEmpty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

bool isBlank(char character)
{
    return character == ' ' || character == '\t';
}

// A break is "\n" or "\r\n"; a lone "\r" is not one.
bool isBreakAt(QByteArrayView text, qsizetype index)
{
    return index < text.size()
        && (text[index] == '\n' || (text[index] == '\r' && index + 1 < text.size() && text[index + 1] == '\n'));
}

qsizetype breakLength(QByteArrayView text, qsizetype index)
{
    return isBreakAt(text, index) ? (text[index] == '\n' ? 1 : 2) : 0;
}

// The end of the text, or a blank or a break: where `-`, `?` or `:` stops being plain text.
// yaml-cpp reads the end of the text as the byte 0x04, so that byte counts as an end too.
bool isSeparatorAt(QByteArrayView text, qsizetype index)
{
    return index >= text.size() || isBlank(text[index]) || isBreakAt(text, index) || text[index] == '\x04';
}

bool isNotPrintableAt(QByteArrayView text, qsizetype index)
{
    const auto byte = static_cast<unsigned char>(text[index]);
    if (byte <= 0x08 || byte == 0x0B || byte == 0x0C || (byte >= 0x0E && byte <= 0x1F) || byte == 0x7F) {
        return true;
    }
    if (byte == 0xC2 && index + 1 < text.size()) {
        const auto next = static_cast<unsigned char>(text[index + 1]);
        return (next >= 0x80 && next <= 0x84) || (next >= 0x86 && next <= 0x9F);
    }
    return byte == 0xEF && text.sliced(index).startsWith("\xEF\xBB\xBF");
}

bool isPlainScalar(QByteArrayView text)
{
    if (isNullWord(text)) {
        return false;
    }
    const char first = text.front();
    if (isBlank(first) || isBreakAt(text, 0) || QByteArrayView(",[]{}#&*!|>'\"%@`").contains(first)
        || ((first == '-' || first == '?' || first == ':') && isSeparatorAt(text, 1))) {
        return false;
    }
    if (text.back() == ' ') {
        return false;
    }
    for (qsizetype index = 0; index < text.size(); ++index) {
        const char character = text[index];
        if ((character == ':' && isSeparatorAt(text, index + 1)) || character == '\t' || isBreakAt(text, index)
            || isNotPrintableAt(text, index)) {
            return false;
        }
        const qsizetype blankOrBreak = isBlank(character) ? 1 : breakLength(text, index);
        if (blankOrBreak > 0 && index + blankOrBreak < text.size() && text[index + blankOrBreak] == '#') {
            return false;
        }
    }
    return true;
}

// One code point from UTF-8, as yaml-cpp decodes it: what is not valid becomes U+FFFD.
char32_t nextCodePoint(QByteArrayView text, qsizetype& index)
{
    constexpr char32_t Replacement = 0xFFFD;
    const auto lead = static_cast<unsigned char>(text[index++]);
    const int length = lead < 0x80 ? 1 : lead < 0xC0 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (length == 0) {
        return Replacement;
    }
    if (length == 1) {
        return lead;
    }
    char32_t codePoint = lead & (0xFF >> (length + 1));
    for (int remaining = length - 1; remaining > 0; --remaining, ++index) {
        if (index >= text.size() || (static_cast<unsigned char>(text[index]) & 0xC0) != 0x80) {
            return Replacement;
        }
        codePoint = (codePoint << 6) | (static_cast<unsigned char>(text[index]) & 0x3F);
    }
    const bool invalid = codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)
        || (codePoint & 0xFFFE) == 0xFFFE || (codePoint >= 0xFDD0 && codePoint <= 0xFDEF);
    return invalid ? Replacement : codePoint;
}

char* writeEscape(char* out, char32_t codePoint)
{
    static constexpr char HexDigits[] = "0123456789abcdef";
    const int digits = codePoint < 0xFF ? 2 : codePoint < 0xFFFF ? 4 : 8;
    *out++ = '\\';
    *out++ = digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
    for (int digit = digits - 1; digit >= 0; --digit) {
        *out++ = HexDigits[(codePoint >> (4 * digit)) & 0xF];
    }
    return out;
}

char* writeUtf8(char* out, char32_t codePoint)
{
    if (codePoint < 0x80) {
        *out++ = static_cast<char>(codePoint);
    } else if (codePoint < 0x800) {
        *out++ = static_cast<char>(0xC0 | (codePoint >> 6));
        *out++ = static_cast<char>(0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
        *out++ = static_cast<char>(0xE0 | (codePoint >> 12));
        *out++ = static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        *out++ = static_cast<char>(0x80 | (codePoint & 0x3F));
    } else {
        *out++ = static_cast<char>(0xF0 | (codePoint >> 18));
        *out++ = static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F));
        *out++ = static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        *out++ = static_cast<char>(0x80 | (codePoint & 0x3F));
    }
    return out;
}

char* writeEscapedCodePoint(char* out, char32_t codePoint)
{
    switch (codePoint) {
    case '"':
        return std::copy_n("\\\"", 2, out);
    case '\\':
        return std::copy_n("\\\\", 2, out);
    case '\n':
        return std::copy_n("\\n", 2, out);
    case '\t':
        return std::copy_n("\\t", 2, out);
    case '\r':
        return std::copy_n("\\r", 2, out);
    case '\b':
        return std::copy_n("\\b", 2, out);
    case '\f':
        return std::copy_n("\\f", 2, out);
    default:
        if (codePoint < 0x20 || (codePoint >= 0x80 && codePoint <= 0xA0) || codePoint == 0xFEFF) {
            return writeEscape(out, codePoint);
        }
        return writeUtf8(out, codePoint);
    }
}

// Written in place: a text with many quotes, such as a JSON body, would otherwise be appended in
// thousands of small pieces.
void appendDoubleQuoted(QByteArray& out, QByteArrayView text)
{
    // No input byte takes more than four output bytes (`\x01`; U+FFFD for a stray byte takes three).
    const qsizetype start = out.size();
    out.resize(start + 4 * text.size() + 2);
    char* written = out.data() + start;
    *written++ = '"';
    qsizetype index = 0;
    while (index < text.size()) {
        const char character = text[index];
        if (character >= 0x20 && character < 0x7F && character != '"' && character != '\\') {
            *written++ = character;
            ++index;
        } else {
            written = writeEscapedCodePoint(written, nextCodePoint(text, index));
        }
    }
    *written++ = '"';
    out.truncate(written - out.constData());
}

// Writes one scenario as block YAML, keys in the order of SPEC.md §1, two spaces a level.
class ScenarioEmitter
{
public:
    explicit ScenarioEmitter(QByteArray& out)
        : m_out(out)
    { }

    void write(const Scenario& scenario)
    {
        text(0, "title", scenario.title);
        optionalText(0, "description", scenario.description);
        if (scenario.items.isEmpty()) {
            blockKey(0, "items");
            m_out += "  []\n";
        } else {
            blockKey(0, "items");
            for (const Item& item : scenario.items) {
                sequenceEntry(2);
                writeItem(4, item);
            }
        }
        if (scenario.config) {
            writeConfig(0, *scenario.config);
        }
    }

private:
    void writeItem(int indent, const Item& item)
    {
        writeCall(indent, item.call);
        if (item.context) {
            writeContext(indent, *item.context);
        }
        if (item.expect) {
            writeExpect(indent, *item.expect);
        }
    }

    void writeCall(int indent, const Call& call)
    {
        blockKey(indent, "call");
        const int inner = indent + 2;
        text(inner, "method", call.method);
        text(inner, "url", call.url);
        pairs(inner, "headers", call.headers);
        optionalText(inner, "body", call.body);
        optionalInteger(inner, "timeout", call.timeout);
        if (call.operationId) {
            blockKey(inner, "meta");
            text(inner + 2, "operation_id", *call.operationId);
        }
    }

    void writeContext(int indent, const Context& context)
    {
        if (!beginMap(indent, "context", context == Context{})) {
            return;
        }
        const int inner = indent + 2;
        if (!context.upstreams.isEmpty()) {
            blockKey(inner, "upstreams");
            for (const QString& upstream : context.upstreams) {
                m_out.append(inner + 2, ' ');
                m_out += "- ";
                scalar(upstream);
                m_out += '\n';
            }
        }
        if (!context.faults.isEmpty()) {
            blockKey(inner, "faults");
            for (const Fault& fault : context.faults) {
                sequenceEntry(inner + 2);
                writeFault(inner + 4, fault);
            }
        }
        if (context.strategy) {
            writeStrategy(inner, *context.strategy);
        }
        if (!context.slo.isEmpty()) {
            blockKey(inner, "slo");
            for (const Slo& slo : context.slo) {
                sequenceEntry(inner + 2);
                text(inner + 4, "slo_type", toString(slo.type));
                text(inner + 4, "title", slo.title);
                number(inner + 4, "objective", slo.objective);
                number(inner + 4, "threshold", slo.threshold);
            }
        }
    }

    void writeFault(int indent, const Fault& fault)
    {
        text(indent, "type", toString(fault.type()));
        std::visit([this, indent](const auto& parameters) { writeParameters(indent, parameters); }, fault.parameters);
        if (fault.side) {
            text(indent, "side", toString(*fault.side));
        }
        if (fault.direction) {
            text(indent, "direction", toString(*fault.direction));
        }
        if (fault.period) {
            text(indent, "period", formatPeriod(*fault.period));
        }
    }

    void writeParameters(int indent, const LatencyFault& latency)
    {
        if (latency.distribution) {
            text(indent, "distribution", toString(*latency.distribution));
        }
        optionalNumber(indent, "mean", latency.mean);
        optionalNumber(indent, "stddev", latency.stddev);
        optionalNumber(indent, "min", latency.min);
        optionalNumber(indent, "max", latency.max);
        optionalNumber(indent, "shape", latency.shape);
        optionalNumber(indent, "scale", latency.scale);
        optionalBoolean(indent, "global", latency.global);
    }

    void writeParameters(int indent, const JitterFault& jitter)
    {
        number(indent, "amplitude", jitter.amplitude);
        number(indent, "frequency", jitter.frequency);
    }

    void writeParameters(int indent, const BandwidthFault& bandwidth)
    {
        number(indent, "rate", bandwidth.rate);
        if (bandwidth.unit) {
            text(indent, "unit", toString(*bandwidth.unit));
        }
    }

    void writeParameters(int indent, const PacketLossFault& packetLoss)
    {
        optionalNumber(indent, "probability", packetLoss.probability);
    }

    void writeParameters(int indent, const HttpErrorFault& httpError)
    {
        number(indent, "status_code", httpError.statusCode);
        number(indent, "probability", httpError.probability);
        optionalText(indent, "body", httpError.body);
    }

    void writeParameters(int, const BlackholeFault&)
    { }

    void writeStrategy(int indent, const Strategy& strategy)
    {
        blockKey(indent, "strategy");
        const int inner = indent + 2;
        text(inner, "mode", strategyModeName(strategy));
        if (const auto* repeat = std::get_if<RepeatStrategy>(&strategy)) {
            number(inner, "count", repeat->count);
            number(inner, "step", repeat->step);
            optionalBoolean(inner, "add_baseline_call", repeat->addBaselineCall);
            optionalInteger(inner, "wait", repeat->wait);
            optionalBoolean(inner, "failfast", repeat->failfast);
        } else if (const auto* load = std::get_if<LoadStrategy>(&strategy)) {
            text(inner, "duration", formatDuration(static_cast<double>(load->duration)));
            number(inner, "clients", load->clients);
            number(inner, "rps", load->rps);
            optionalInteger(inner, "max_clients", load->maxClients);
            if (load->steadyState) {
                writeSteadyState(inner, *load->steadyState);
            }
        }
    }

    // An absent key reads as 0, so only the phases that run are written; a file needs one of them.
    void writeSteadyState(int indent, const SteadyState& steadyState)
    {
        blockKey(indent, "steady_state");
        if (steadyState.beforeMs > 0 || steadyState.afterMs == 0) {
            text(indent + 2, "before", formatDuration(static_cast<double>(steadyState.beforeMs)));
        }
        if (steadyState.afterMs > 0) {
            text(indent + 2, "after", formatDuration(static_cast<double>(steadyState.afterMs)));
        }
    }

    void writeExpect(int indent, const Expectation& expect)
    {
        if (!beginMap(indent, "expect", expect == Expectation{})) {
            return;
        }
        optionalInteger(indent + 2, "status", expect.status);
        optionalNumber(indent + 2, "response_time_under", expect.responseTimeUnder);
        optionalBoolean(indent + 2, "all_slo_are_valid", expect.allSloAreValid);
    }

    void writeConfig(int indent, const ScenarioConfig& config)
    {
        if (!beginMap(indent, "config", config == ScenarioConfig{})) {
            return;
        }
        if (!config.headers.isEmpty() || !config.segments.isEmpty()) {
            blockKey(indent + 2, "http");
            pairs(indent + 4, "headers", config.headers);
            if (!config.segments.isEmpty()) {
                blockKey(indent + 4, "paths");
                pairs(indent + 6, "segments", config.segments);
            }
        }
    }

    // Starts a line at indent, or continues the one a sequence entry's `- ` began.
    void startLine(int indent)
    {
        if (m_inSequenceEntry) {
            m_inSequenceEntry = false;
        } else {
            m_out.append(indent, ' ');
        }
    }

    // Begins an entry that is a mapping: its first key goes on this line.
    void sequenceEntry(int indent)
    {
        m_out.append(indent, ' ');
        m_out += "- ";
        m_inSequenceEntry = true;
    }

    void key(int indent, const char* name)
    {
        startLine(indent);
        m_out += name;
        m_out += ':';
    }

    // A key whose value is a block on the lines below.
    void blockKey(int indent, const char* name)
    {
        key(indent, name);
        m_out += '\n';
    }

    // False for an empty mapping, which is written `{}` on its key's line.
    bool beginMap(int indent, const char* name, bool empty)
    {
        key(indent, name);
        m_out += empty ? " {}\n" : "\n";
        return !empty;
    }

    // Text that a YAML reader would take for something else (a number, true, null) is quoted.
    void scalar(const QString& value)
    {
        static const QRegularExpression notText(QStringLiteral(
            R"(^(?:[-+]?(?:\.?[0-9][0-9_.eE+-]*|\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|0x[0-9a-fA-F]+|0o[0-7]+|)"
            R"(true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|)"
            R"(null|Null|NULL|~|)$)"));
        const QByteArray utf8 = value.toUtf8();
        if (isPlainScalar(utf8) && !notText.match(value).hasMatch()) {
            m_out += utf8;
        } else {
            appendDoubleQuoted(m_out, utf8);
        }
    }

    void text(int indent, const char* name, const QString& value)
    {
        key(indent, name);
        m_out += ' ';
        scalar(value);
        m_out += '\n';
    }

    void optionalText(int indent, const char* name, const std::optional<QString>& value)
    {
        if (value) {
            text(indent, name, *value);
        }
    }

    // The shortest form that reads back as the same double, never in exponent form.
    void number(int indent, const char* name, double value)
    {
        key(indent, name);
        m_out += ' ';
        m_out += QByteArray::number(value, 'f', QLocale::FloatingPointShortest);
        m_out += '\n';
    }

    template<typename Number>
    void optionalNumber(int indent, const char* name, const std::optional<Number>& value)
    {
        if (value) {
            number(indent, name, static_cast<double>(*value));
        }
    }

    void optionalInteger(int indent, const char* name, const std::optional<int>& value)
    {
        optionalNumber(indent, name, value);
    }

    void optionalBoolean(int indent, const char* name, const std::optional<bool>& value)
    {
        if (value) {
            key(indent, name);
            m_out += *value ? " true\n" : " false\n";
        }
    }

    void pairs(int indent, const char* name, const QList<QPair<QString, QString>>& values)
    {
        if (values.isEmpty()) {
            return;
        }
        blockKey(indent, name);
        for (const auto& [pairName, value] : values) {
            startLine(indent + 2);
            scalar(pairName);
            m_out += ": ";
            scalar(value);
            m_out += '\n';
        }
    }

    QByteArray& m_out;
    bool m_inSequenceEntry = false;
};
} // namespace

QByteArray ScenarioWriter::toYaml(const Scenario& scenario)
{
    return toYaml(QList<Scenario>{scenario});
}

QByteArray ScenarioWriter::toYaml(const QList<Scenario>& scenarios)
{
    QByteArray yaml;
    ScenarioEmitter emitter(yaml);
    for (const Scenario& scenario : scenarios) {
        if (!yaml.isEmpty()) {
            yaml += "---\n";
        }
        emitter.write(scenario);
    }
    return yaml;
}

bool ScenarioWriter::saveFile(const QString& path, const QList<Scenario>& scenarios, QString* error)
{
    return writeFileAtomically(path, toYaml(scenarios), error);
}
