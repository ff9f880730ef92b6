#include "openapi/YamlToJsonConverter.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <QJsonArray>
#include <QJsonObject>

namespace
{
bool isOneOf(const std::string& text, std::initializer_list<const char*> words)
{
    return std::any_of(words.begin(), words.end(), [&text](const char* word) { return text == word; });
}

// A number as YAML 1.2's core schema reads it (decimal, 0x hex, 0o octal, floats); nothing
// for anything else, and for .inf and .nan, which JSON cannot hold.
std::optional<QJsonValue> coreSchemaNumber(const std::string& text)
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
    const bool onlyNumberCharacters = text.find_first_not_of("0123456789+-.eE") == std::string::npos;
    double real = 0;
    if (const auto result = std::from_chars(begin, end, real);
        onlyNumberCharacters && result.ec == std::errc() && result.ptr == end) {
        return QJsonValue(real);
    }
    return std::nullopt;
}
} // namespace

std::optional<QJsonValue> YamlToJsonConverter::convert(const YAML::Node& node, Diagnostic* error)
{
    m_remainingValues = MaxValues;
    m_error.reset();
    m_converted.clear();
    std::optional<QJsonValue> value = convertNode(node);
    if (!value && error) {
        *error = *m_error;
    }
    return value;
}

bool YamlToJsonConverter::countValues(const YAML::Node& node, qsizetype count)
{
    m_remainingValues -= count;
    if (m_remainingValues < 0) {
        fail(node,
             QStringLiteral("the YAML expands to more than %1 values (aliases repeating aliases?)").arg(MaxValues));
        return false;
    }
    return true;
}

std::optional<QJsonValue> YamlToJsonConverter::convertNode(const YAML::Node& node)
{
    if (node.IsMap() || node.IsSequence()) {
        const auto converted = m_converted.find(node.Mark().pos);
        if (converted != m_converted.end() && converted->second.node.is(node)) {
            return countValues(node, converted->second.valueCount) ? std::optional(converted->second.value)
                                                                   : std::nullopt;
        }
        const qsizetype remainingBefore = m_remainingValues;
        std::optional<QJsonValue> value = convertContainer(node);
        if (value && node.Mark().pos >= 0) {
            m_converted[node.Mark().pos] = ConvertedContainer{node, *value, remainingBefore - m_remainingValues};
        }
        return value;
    }
    if (!countValues(node, 1)) {
        return std::nullopt;
    }
    return node.IsScalar() ? convertScalar(node) : QJsonValue(QJsonValue::Null);
}

std::optional<QJsonValue> YamlToJsonConverter::convertContainer(const YAML::Node& node)
{
    if (!countValues(node, 1)) {
        return std::nullopt;
    }
    if (node.IsSequence()) {
        QJsonArray array;
        for (const YAML::Node& element : node) {
            std::optional<QJsonValue> value = convertNode(element);
            if (!value) {
                return std::nullopt;
            }
            array.append(*value);
        }
        return array;
    }
    QJsonObject object;
    for (const auto& entry : node) {
        if (!entry.first.IsScalar()) {
            fail(entry.first, QStringLiteral("a mapping key must be a text, not a list or a mapping"));
            return std::nullopt;
        }
        std::optional<QJsonValue> value = convertNode(entry.second);
        if (!value) {
            return std::nullopt;
        }
        object.insert(QString::fromStdString(entry.first.Scalar()), *value);
    }
    return object;
}

QJsonValue YamlToJsonConverter::convertScalar(const YAML::Node& node)
{
    const std::string& text = node.Scalar();
    // `!` marks a quoted or block scalar, which is always a text.
    if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") {
        return QString::fromStdString(text);
    }
    if (isOneOf(text, {"", "~", "null", "Null", "NULL"})) {
        return QJsonValue(QJsonValue::Null);
    }
    if (isOneOf(text, {"true", "True", "TRUE"})) {
        return true;
    }
    if (isOneOf(text, {"false", "False", "FALSE"})) {
        return false;
    }
    return coreSchemaNumber(text).value_or(QJsonValue(QString::fromStdString(text)));
}

void YamlToJsonConverter::fail(const YAML::Node& node, const QString& message)
{
    Diagnostic diagnostic;
    diagnostic.location.line = node.Mark().line + 1;
    diagnostic.location.column = node.Mark().column + 1;
    diagnostic.message = message;
    diagnostic.code = QStringLiteral("openapi-yaml");
    m_error = diagnostic;
}
