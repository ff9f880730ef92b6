#include "openapi/ExampleBuilder.h"

#include <cmath>

#include <QJsonArray>

namespace
{
QString schemaType(const QJsonObject& schema)
{
    const QJsonValue type = schema.value(QLatin1String("type"));
    if (type.isString()) {
        return type.toString();
    }
    // OpenAPI 3.1 allows a list such as ["string", "null"]: a request wants the non-null one.
    for (const QJsonValue& candidate : type.toArray()) {
        if (candidate.toString() != QLatin1String("null")) {
            return candidate.toString();
        }
    }
    if (schema.contains(QLatin1String("properties")) || schema.contains(QLatin1String("additionalProperties"))) {
        return QStringLiteral("object");
    }
    if (schema.contains(QLatin1String("items"))) {
        return QStringLiteral("array");
    }
    if (schema.contains(QLatin1String("minimum")) || schema.contains(QLatin1String("maximum"))) {
        return QStringLiteral("number");
    }
    return type.toArray().contains(QLatin1String("null")) ? QStringLiteral("null") : QStringLiteral("string");
}

QJsonValue stringFor(const QJsonObject& schema)
{
    static const QHash<QString, QString> byFormat{
        {QStringLiteral("date"), QStringLiteral("2024-01-15")},
        {QStringLiteral("date-time"), QStringLiteral("2024-01-15T09:30:00Z")},
        {QStringLiteral("time"), QStringLiteral("09:30:00")},
        {QStringLiteral("email"), QStringLiteral("user@example.com")},
        {QStringLiteral("uuid"), QStringLiteral("3fa85f64-5717-4562-b3fc-2c963f66afa6")},
        {QStringLiteral("uri"), QStringLiteral("https://example.com/")},
        {QStringLiteral("url"), QStringLiteral("https://example.com/")},
        {QStringLiteral("hostname"), QStringLiteral("example.com")},
        {QStringLiteral("ipv4"), QStringLiteral("192.0.2.10")},
        {QStringLiteral("ipv6"), QStringLiteral("2001:db8::10")},
        {QStringLiteral("byte"), QStringLiteral("ZXhhbXBsZQ==")},
        {QStringLiteral("password"), QStringLiteral("Secret-passw0rd")},
    };
    QString text = byFormat.value(schema.value(QLatin1String("format")).toString(), QStringLiteral("example"));
    const int minLength = schema.value(QLatin1String("minLength")).toInt(0);
    const int maxLength = schema.value(QLatin1String("maxLength")).toInt(0);
    if (minLength > text.size()) {
        text = text.leftJustified(std::min(minLength, 1024), QLatin1Char('x'));
    }
    if (maxLength > 0 && text.size() > maxLength) {
        text.truncate(maxLength);
    }
    return text;
}

// A bound of a number schema: 3.0 writes `exclusiveMinimum: true` beside `minimum`, 3.1 writes
// `exclusiveMinimum: 5` alone. Returns the bound and whether it is exclusive.
std::optional<std::pair<double, bool>> numberBound(const QJsonObject& schema, QLatin1String inclusiveKey,
                                                   QLatin1String exclusiveKey)
{
    const QJsonValue exclusive = schema.value(exclusiveKey);
    if (exclusive.isDouble()) {
        return std::pair{exclusive.toDouble(), true};
    }
    if (schema.value(inclusiveKey).isDouble()) {
        return std::pair{schema.value(inclusiveKey).toDouble(), exclusive.toBool()};
    }
    return std::nullopt;
}

QJsonValue numberFor(const QJsonObject& schema, bool integer)
{
    const double step = integer ? 1.0 : 0.5;
    const auto minimum = numberBound(schema, QLatin1String("minimum"), QLatin1String("exclusiveMinimum"));
    const auto maximum = numberBound(schema, QLatin1String("maximum"), QLatin1String("exclusiveMaximum"));
    double value = 1;
    if (minimum) {
        value = minimum->first + (minimum->second ? step : 0);
    } else if (maximum && maximum->first < value + (maximum->second ? step : 0)) {
        value = maximum->first - (maximum->second ? step : 0);
    }
    const double multipleOf = schema.value(QLatin1String("multipleOf")).toDouble(0);
    if (multipleOf > 0) {
        value = std::ceil(value / multipleOf) * multipleOf;
    }
    if (integer) {
        return static_cast<qint64>(std::ceil(value));
    }
    return value;
}
} // namespace

ExampleBuilder::ExampleBuilder(const ReferenceResolver& resolver)
    : m_resolver(resolver)
{ }

QJsonValue ExampleBuilder::build(const QJsonValue& schema, const QUrl& file)
{
    m_expanding.clear();
    m_remainingValues = MaxValues;
    return buildValue(schema, file, 0).value_or(QJsonValue(QJsonValue::Null));
}

std::optional<QJsonValue> ExampleBuilder::statedValue(const QJsonValue& described, const QUrl& file) const
{
    const std::optional<ResolvedValue> resolved = m_resolver.resolve(described, file);
    if (!resolved || !resolved->value.isObject()) {
        return std::nullopt;
    }
    const QJsonObject object = resolved->value.toObject();
    for (const QLatin1String key : {QLatin1String("const"), QLatin1String("example")}) {
        if (object.contains(key) && !object.value(key).isNull()) {
            return object.value(key);
        }
    }
    const QJsonValue examples = object.value(QLatin1String("examples"));
    if (examples.isArray() && !examples.toArray().isEmpty()) {
        return examples.toArray().at(0);
    }
    if (examples.isObject()) {
        for (const QJsonValue& exampleOrReference : examples.toObject()) {
            const std::optional<ResolvedValue> example = m_resolver.resolve(exampleOrReference, resolved->file);
            if (example && example->value.toObject().contains(QLatin1String("value"))) {
                return example->value.toObject().value(QLatin1String("value"));
            }
        }
    }
    if (object.contains(QLatin1String("default"))) {
        return object.value(QLatin1String("default"));
    }
    const QJsonArray allowed = object.value(QLatin1String("enum")).toArray();
    if (!allowed.isEmpty()) {
        return allowed.at(0);
    }
    return std::nullopt;
}

std::optional<QJsonValue> ExampleBuilder::buildValue(const QJsonValue& schema, const QUrl& file, int depth)
{
    const std::optional<ResolvedValue> resolved = m_resolver.resolve(schema, file);
    return resolved ? buildValue(*resolved, depth) : std::nullopt;
}

std::optional<QJsonValue> ExampleBuilder::buildValue(const ResolvedValue& schema, int depth)
{
    if (--m_remainingValues < 0 || depth > MaxDepth || (schema.reference && m_expanding.contains(*schema.reference))) {
        return std::nullopt;
    }
    // `true` and `{}` accept anything; a text is as good as any value.
    if (!schema.value.isObject()) {
        return schema.value.toBool(true) ? std::optional<QJsonValue>(QStringLiteral("example")) : std::nullopt;
    }
    if (schema.reference) {
        m_expanding << *schema.reference;
    }
    std::optional<QJsonValue> value = buildResolved(schema.value.toObject(), schema.file, depth);
    if (schema.reference) {
        m_expanding.removeLast();
    }
    return value;
}

std::optional<QJsonValue> ExampleBuilder::buildResolved(const QJsonObject& schema, const QUrl& file, int depth)
{
    if (std::optional<QJsonValue> stated = statedValue(schema, file)) {
        return stated;
    }
    if (schema.contains(QLatin1String("allOf"))) {
        return buildAllOf(schema, file, depth);
    }
    for (const QLatin1String key : {QLatin1String("oneOf"), QLatin1String("anyOf")}) {
        if (schema.contains(key)) {
            return buildFirstAlternative(schema.value(key).toArray(), file, depth);
        }
    }
    const QString type = schemaType(schema);
    if (type == QLatin1String("object")) {
        return buildObject(schema, file, depth);
    }
    if (type == QLatin1String("array")) {
        // Items count as their list's level: a list of objects is as much part of the request as its owner.
        // Lists nested inline are finite, and recursion through references is caught, so this ends.
        const std::optional<QJsonValue> item = buildValue(schema.value(QLatin1String("items")), file, depth);
        const int count = std::clamp(schema.value(QLatin1String("minItems")).toInt(1), 1, 3);
        QJsonArray array;
        for (int index = 0; item && index < count; ++index) {
            array.append(*item);
        }
        return array;
    }
    if (type == QLatin1String("integer") || type == QLatin1String("number")) {
        return numberFor(schema, type == QLatin1String("integer"));
    }
    if (type == QLatin1String("boolean")) {
        return true;
    }
    if (type == QLatin1String("null")) {
        return QJsonValue(QJsonValue::Null);
    }
    return stringFor(schema);
}

QJsonObject ExampleBuilder::buildObject(const QJsonObject& schema, const QUrl& file, int depth)
{
    QJsonObject object;
    const QJsonArray required = schema.value(QLatin1String("required")).toArray();
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    for (auto property = properties.begin(); property != properties.end(); ++property) {
        const bool isRequired = required.contains(property.key());
        if (!isRequired && depth > MaxOptionalDepth) {
            continue;
        }
        const std::optional<ResolvedValue> propertySchema = m_resolver.resolve(property.value(), file);
        // The server sets read-only properties; a request leaves them out.
        if (!propertySchema
            || (!isRequired && propertySchema->value.toObject().value(QLatin1String("readOnly")).toBool())) {
            continue;
        }
        const std::optional<QJsonValue> value = buildValue(*propertySchema, depth + 1);
        if (value || isRequired) {
            object.insert(property.key(), value.value_or(QJsonValue(QJsonValue::Null)));
        }
    }
    const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
    if (properties.isEmpty() && additional.isObject()) {
        if (const std::optional<QJsonValue> value = buildValue(additional, file, depth + 1)) {
            object.insert(QStringLiteral("key"), *value);
        }
    }
    return object;
}

QJsonObject ExampleBuilder::buildAllOf(const QJsonObject& schema, const QUrl& file, int depth)
{
    QJsonObject merged = buildObject(schema, file, depth);
    for (const QJsonValue& part : schema.value(QLatin1String("allOf")).toArray()) {
        const QJsonObject built = buildValue(part, file, depth).value_or(QJsonValue()).toObject();
        for (auto member = built.begin(); member != built.end(); ++member) {
            merged.insert(member.key(), member.value());
        }
    }
    return merged;
}

std::optional<QJsonValue> ExampleBuilder::buildFirstAlternative(const QJsonArray& alternatives, const QUrl& file,
                                                                int depth)
{
    for (const QJsonValue& alternative : alternatives) {
        const std::optional<ResolvedValue> resolved = m_resolver.resolve(alternative, file);
        if (resolved && schemaType(resolved->value.toObject()) == QLatin1String("null")) {
            continue;
        }
        if (std::optional<QJsonValue> value = buildValue(alternative, file, depth)) {
            return value;
        }
    }
    return std::nullopt;
}
