#include "openapi/YamlToJsonConverter.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <memory>
#include <yaml.h>

namespace
{
bool isOneOf(std::string_view text, std::initializer_list<const char*> words)
{
    return std::any_of(words.begin(), words.end(), [&text](const char* word) { return text == word; });
}

// A number as YAML 1.2's core schema reads it (decimal, 0x hex, 0o octal, floats); nothing
// for anything else, and for .inf and .nan, which JSON cannot hold.
std::optional<QJsonValue> coreSchemaNumber(std::string_view text)
{
    if (text.empty()
        || !(std::isdigit(static_cast<unsigned char>(text.front())) || text.front() == '-' || text.front() == '+'
             || text.front() == '.')) {
        return std::nullopt;
    }
    const char* begin = text.data() + (text.front() == '+' ? 1 : 0);
    const char* end = text.data() + text.size();
    for (const auto& [prefix, base] : {std::pair{"0x", 16}, std::pair{"0o", 8}}) {
        if (text.starts_with(prefix)) {
            qint64 value = 0;
            const auto result = std::from_chars(begin + 2, end, value, base);
            return result.ec == std::errc() && result.ptr == end ? std::optional<QJsonValue>(value) : std::nullopt;
        }
    }
    qint64 integer = 0;
    if (const auto result = std::from_chars(begin, end, integer); result.ec == std::errc() && result.ptr == end) {
        return QJsonValue(integer);
    }
    const bool onlyNumberCharacters = text.find_first_not_of("0123456789+-.eE") == std::string_view::npos;
    double real = 0;
    if (const auto result = std::from_chars(begin, end, real);
        onlyNumberCharacters && result.ec == std::errc() && result.ptr == end) {
        return QJsonValue(real);
    }
    return std::nullopt;
}

QJsonValue scalarValue(const yaml_event_t& event, const QString& text)
{
    const auto& scalar = event.data.scalar;
    const std::string_view raw(reinterpret_cast<const char*>(scalar.value), scalar.length);
    const char* tag = reinterpret_cast<const char*>(scalar.tag);
    // Quoted and block scalars, and those tagged as text, are always a text.
    if (scalar.style != YAML_PLAIN_SCALAR_STYLE
        || (tag && (std::strcmp(tag, "!") == 0 || std::strcmp(tag, YAML_STR_TAG) == 0))) {
        return text;
    }
    if (isOneOf(raw, {"", "~", "null", "Null", "NULL"})) {
        return QJsonValue(QJsonValue::Null);
    }
    if (isOneOf(raw, {"true", "True", "TRUE"})) {
        return true;
    }
    if (isOneOf(raw, {"false", "False", "FALSE"})) {
        return false;
    }
    return coreSchemaNumber(raw).value_or(QJsonValue(text));
}

Diagnostic yamlError(const QString& message, int line, int column)
{
    Diagnostic diagnostic;
    diagnostic.location.line = line;
    diagnostic.location.column = column;
    diagnostic.message = message;
    diagnostic.code = QStringLiteral("openapi-yaml");
    return diagnostic;
}

// What libyaml says is wrong, and where: reader errors (bad encoding) give a byte offset only.
Diagnostic parserError(const yaml_parser_t& parser, const QByteArray& text)
{
    QString message = QStringLiteral("not valid YAML: %1").arg(QString::fromUtf8(parser.problem));
    int line = static_cast<int>(parser.problem_mark.line) + 1;
    int column = static_cast<int>(parser.problem_mark.column) + 1;
    if (parser.error == YAML_READER_ERROR) {
        const SourceLocation location
            = SourceLocation::ofByteOffset(text, static_cast<qsizetype>(parser.problem_offset));
        line = location.line;
        column = location.column;
    } else if (parser.context) {
        message += QStringLiteral(" (%1, which began at line %2, column %3)")
                       .arg(QString::fromUtf8(parser.context))
                       .arg(parser.context_mark.line + 1)
                       .arg(parser.context_mark.column + 1);
    }
    Diagnostic diagnostic = yamlError(message, line, column);
    diagnostic.code = QStringLiteral("openapi-syntax");
    return diagnostic;
}
} // namespace

std::optional<QJsonValue> YamlToJsonConverter::convert(const QByteArray& text, Diagnostic* error)
{
    m_remainingValues = MaxValues;
    m_error.reset();
    m_open.clear();
    m_anchors.clear();
    m_root.reset();

    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    const std::unique_ptr<yaml_parser_t, decltype(&yaml_parser_delete)> parserOwner(&parser, &yaml_parser_delete);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.constData()),
                                 static_cast<size_t>(text.size()));
    // Only the first document counts, as with yaml-cpp's Load(); an empty text is null.
    bool done = false;
    while (!done) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            m_error = parserError(parser, text);
            break;
        }
        done = event.type == YAML_DOCUMENT_END_EVENT || event.type == YAML_STREAM_END_EVENT || !handle(event);
        yaml_event_delete(&event);
    }
    if (m_error) {
        if (error) {
            *error = *m_error;
        }
        return std::nullopt;
    }
    return m_root.value_or(QJsonValue(QJsonValue::Null));
}

bool YamlToJsonConverter::handle(const yaml_event_s& event)
{
    switch (event.type) {
    case YAML_SCALAR_EVENT: {
        const QString text = QString::fromUtf8(reinterpret_cast<const char*>(event.data.scalar.value),
                                               static_cast<qsizetype>(event.data.scalar.length));
        const QJsonValue value = scalarValue(event, text);
        remember(reinterpret_cast<const char*>(event.data.scalar.anchor), AnchoredValue{value, text, 1});
        if (!m_open.empty() && m_open.back().isMapping && !m_open.back().key) {
            m_open.back().key = text;
            return true;
        }
        return countValues(1, event) && addValue(value);
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        if (static_cast<int>(m_open.size()) >= MaxDepth) {
            return fail(event, QStringLiteral("not valid YAML: nested deeper than %1 levels").arg(MaxDepth));
        }
        if (!m_open.empty() && m_open.back().isMapping && !m_open.back().key) {
            return fail(event, QStringLiteral("a mapping key must be a text, not a list or a mapping"));
        }
        const qsizetype remainingBefore = m_remainingValues;
        if (!countValues(1, event)) {
            return false;
        }
        const bool isMapping = event.type == YAML_MAPPING_START_EVENT;
        const auto* anchor = reinterpret_cast<const char*>(isMapping ? event.data.mapping_start.anchor
                                                                     : event.data.sequence_start.anchor);
        m_open.push_back(OpenContainer{isMapping, {}, {}, std::nullopt, anchor ? anchor : "", remainingBefore});
        return true;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
        OpenContainer closed = std::move(m_open.back());
        m_open.pop_back();
        const QJsonValue value = closed.isMapping ? QJsonValue(closed.object) : QJsonValue(closed.array);
        if (!closed.anchor.empty()) {
            remember(closed.anchor.c_str(),
                     AnchoredValue{value, std::nullopt, closed.remainingBefore - m_remainingValues});
        }
        return addValue(value);
    }
    case YAML_ALIAS_EVENT: {
        const auto anchored = m_anchors.find(reinterpret_cast<const char*>(event.data.alias.anchor));
        if (anchored == m_anchors.end()) {
            return fail(event,
                        QStringLiteral("not valid YAML: the alias *%1 names no anchor before it")
                            .arg(QString::fromUtf8(reinterpret_cast<const char*>(event.data.alias.anchor))));
        }
        const AnchoredValue found = anchored->second;
        if (!m_open.empty() && m_open.back().isMapping && !m_open.back().key) {
            if (!found.scalarText) {
                return fail(event, QStringLiteral("a mapping key must be a text, not a list or a mapping"));
            }
            m_open.back().key = found.scalarText;
            return true;
        }
        return countValues(found.valueCount, event) && addValue(found.value);
    }
    default:
        return true;
    }
}

bool YamlToJsonConverter::addValue(const QJsonValue& value)
{
    if (m_open.empty()) {
        m_root = value;
        return true;
    }
    OpenContainer& parent = m_open.back();
    if (parent.isMapping) {
        parent.object.insert(*std::exchange(parent.key, std::nullopt), value);
    } else {
        parent.array.append(value);
    }
    return true;
}

bool YamlToJsonConverter::countValues(qsizetype count, const yaml_event_s& event)
{
    m_remainingValues -= count;
    if (m_remainingValues < 0) {
        return fail(
            event,
            QStringLiteral("the YAML expands to more than %1 values (aliases repeating aliases?)").arg(MaxValues));
    }
    return true;
}

void YamlToJsonConverter::remember(const char* anchor, const AnchoredValue& value)
{
    if (anchor && *anchor) {
        m_anchors[anchor] = value;
    }
}

bool YamlToJsonConverter::fail(const yaml_event_s& event, const QString& message)
{
    m_error = yamlError(message, static_cast<int>(event.start_mark.line) + 1,
                        static_cast<int>(event.start_mark.column) + 1);
    return false;
}
