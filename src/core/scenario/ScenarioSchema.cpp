#include "scenario/ScenarioSchema.h"

#include "scenario/ScenarioKeys.h"

#include <cmath>

#include <QJsonArray>

namespace
{
// Patterns for the values the loader parses from text (Duration.h, YamlValueReader).
const QString DurationPattern = QStringLiteral(R"((\d+(\.\d+)?\s*(ms|h|m|s))+|\d+(\.\d+)?)");
const QString PeriodBoundPattern = QStringLiteral(R"(\s*(\d+(\.\d+)?\s*%|(\d+(\.\d+)?\s*(ms|h|m|s))+|\d+(\.\d+)?)\s*)");

QJsonObject reference(KeyPlace place)
{
    return {{QStringLiteral("$ref"), QStringLiteral("#/$defs/") + ScenarioKeys::schemaName(place)}};
}

void addRange(QJsonObject& schema, const ScenarioKey& key)
{
    if (std::isfinite(key.minimum)) {
        schema.insert(QStringLiteral("minimum"), key.minimum);
    }
    if (std::isfinite(key.maximum)) {
        schema.insert(QStringLiteral("maximum"), key.maximum);
    }
}

QJsonObject valueSchema(const ScenarioKey& key)
{
    QJsonObject schema;
    const auto anchored = [](const QString& pattern) {
        return QLatin1Char('^') + pattern + QLatin1Char('$');
    };
    switch (key.kind) {
    case ValueKind::Text:
        schema.insert(QStringLiteral("type"), QStringLiteral("string"));
        break;
    case ValueKind::Integer:
        schema.insert(QStringLiteral("type"), QStringLiteral("integer"));
        addRange(schema, key);
        break;
    case ValueKind::Number:
        schema.insert(QStringLiteral("type"), QStringLiteral("number"));
        addRange(schema, key);
        break;
    case ValueKind::Boolean:
        schema.insert(QStringLiteral("type"), QStringLiteral("boolean"));
        break;
    case ValueKind::Choice:
        schema.insert(QStringLiteral("enum"), QJsonArray::fromStringList(key.choices));
        break;
    case ValueKind::Duration:
        schema.insert(QStringLiteral("type"), QJsonArray{QStringLiteral("string"), QStringLiteral("number")});
        schema.insert(QStringLiteral("pattern"), anchored(DurationPattern));
        break;
    case ValueKind::Period:
        schema.insert(QStringLiteral("type"), QStringLiteral("string"));
        schema.insert(
            QStringLiteral("pattern"),
            anchored(
                QStringLiteral("(start:%1(,\\s*duration:%1)?|duration:%1(,\\s*start:%1)?)").arg(PeriodBoundPattern)));
        break;
    case ValueKind::Url:
        schema.insert(QStringLiteral("type"), QStringLiteral("string"));
        schema.insert(QStringLiteral("pattern"), QStringLiteral(R"(^\s*https?://[^/\s]+)"));
        break;
    case ValueKind::HttpMethod:
        schema.insert(QStringLiteral("type"), QStringLiteral("string"));
        schema.insert(QStringLiteral("pattern"), QStringLiteral(R"(^[!#$%&'*+.^_`|~0-9A-Za-z-]+$)"));
        schema.insert(
            QStringLiteral("examples"),
            QJsonArray{QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("DELETE")});
        break;
    case ValueKind::Upstreams:
        schema.insert(QStringLiteral("type"), QStringLiteral("array"));
        schema.insert(QStringLiteral("items"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}});
        break;
    case ValueKind::TextMap:
        schema.insert(QStringLiteral("type"), QStringLiteral("object"));
        schema.insert(QStringLiteral("additionalProperties"),
                      QJsonObject{{QStringLiteral("type"),
                                   QJsonArray{QStringLiteral("string"), QStringLiteral("number"),
                                              QStringLiteral("boolean"), QStringLiteral("null")}}});
        break;
    case ValueKind::Mapping:
        if (key.nullable) {
            schema.insert(
                QStringLiteral("anyOf"),
                QJsonArray{reference(key.child), QJsonObject{{QStringLiteral("type"), QStringLiteral("null")}}});
        } else {
            schema = reference(key.child);
        }
        break;
    case ValueKind::MappingList:
        schema.insert(QStringLiteral("type"), QStringLiteral("array"));
        schema.insert(QStringLiteral("items"), reference(key.child));
        break;
    }
    schema.insert(QStringLiteral("description"), key.description);
    return schema;
}

// The keys a variant (a fault type, a strategy mode) requires beyond those every variant does.
QJsonArray variantRequirements(KeyPlace place, const QString& variantKey, const QStringList& variants)
{
    QJsonArray conditions;
    for (const QString& variant : variants) {
        QJsonArray required;
        for (const ScenarioKey* key : ScenarioKeys::at(place)) {
            if (key->required && !key->variants.isEmpty() && key->variants.contains(variant)) {
                required.append(key->name);
            }
        }
        if (required.isEmpty()) {
            continue;
        }
        const QJsonObject when{
            {QStringLiteral("properties"), QJsonObject{{variantKey, QJsonObject{{QStringLiteral("const"), variant}}}}},
            {QStringLiteral("required"), QJsonArray{variantKey}}};
        conditions.append(QJsonObject{{QStringLiteral("if"), when},
                                      {QStringLiteral("then"), QJsonObject{{QStringLiteral("required"), required}}}});
    }
    return conditions;
}

// The key that is another name for name, if there is one.
const ScenarioKey* aliasOf(KeyPlace place, const QString& name)
{
    for (const ScenarioKey* key : ScenarioKeys::at(place)) {
        if (key->aliasOf == name) {
            return key;
        }
    }
    return nullptr;
}

QJsonObject definition(KeyPlace place)
{
    QJsonObject properties;
    QJsonArray required;
    QJsonArray eitherName; // a required key that may be given by its other name instead
    QString variantKey;
    QStringList variants;
    for (const ScenarioKey* key : ScenarioKeys::at(place)) {
        // A key listed once for each variant (`probability`) gets one property.
        if (!properties.contains(key->name)) {
            properties.insert(key->name, valueSchema(*key));
        }
        if (key->kind == ValueKind::Choice && key->required
            && (place == KeyPlace::Fault || place == KeyPlace::Strategy)) {
            variantKey = key->name;
            variants = key->choices;
        }
        if (!key->required || !key->variants.isEmpty()) {
            continue;
        }
        if (const ScenarioKey* alias = aliasOf(place, key->name)) {
            eitherName = {QJsonObject{{QStringLiteral("required"), QJsonArray{key->name}}},
                          QJsonObject{{QStringLiteral("required"), QJsonArray{alias->name}}}};
        } else {
            required.append(key->name);
        }
    }
    QJsonObject schema{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"), properties},
                       {QStringLiteral("additionalProperties"), false}};
    if (!required.isEmpty()) {
        schema.insert(QStringLiteral("required"), required);
    }
    if (!eitherName.isEmpty()) {
        schema.insert(QStringLiteral("anyOf"), eitherName);
    }
    if (!variantKey.isEmpty()) {
        schema.insert(QStringLiteral("allOf"), variantRequirements(place, variantKey, variants));
    }
    if (place == KeyPlace::SteadyState) {
        // Both keys are optional, but an empty `steady_state` says nothing (the loader rejects it too).
        schema.insert(QStringLiteral("minProperties"), 1);
    }
    return schema;
}
} // namespace

QJsonObject ScenarioSchema::jsonSchema()
{
    QJsonObject definitions;
    for (KeyPlace place : ScenarioKeys::places()) {
        definitions.insert(ScenarioKeys::schemaName(place), definition(place));
    }
    return {{QStringLiteral("$schema"), QStringLiteral("https://json-schema.org/draft/2020-12/schema")},
            {QStringLiteral("title"), QStringLiteral("Aftershock scenario")},
            {QStringLiteral("description"),
             QStringLiteral("One YAML document of a scenario file (compatible with fault's format). Generated from "
                            "the loader's key table by `aftershock-cli scenario schema`.")},
            {QStringLiteral("$ref"), QStringLiteral("#/$defs/scenario")},
            {QStringLiteral("$defs"), definitions}};
}
