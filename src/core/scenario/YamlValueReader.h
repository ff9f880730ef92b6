#pragma once

#include "scenario/Scenario.h"
#include "scenario/ScenarioKeys.h"
#include "scenario/YamlDocumentContext.h"

#include <optional>

// Reads the values of a scenario file by the kind and range the key table gives, and diagnoses
// values of the wrong type or out of range where they stand. Values are never null here.
class YamlValueReader
{
public:
    explicit YamlValueReader(YamlDocumentContext& context);

    std::optional<QString> text(const ScenarioKey& key, const YAML::Node& value);
    std::optional<qint64> integer(const ScenarioKey& key, const YAML::Node& value);
    std::optional<double> number(const ScenarioKey& key, const YAML::Node& value);
    std::optional<bool> boolean(const ScenarioKey& key, const YAML::Node& value);
    // One of the key's choices, as the table spells it.
    std::optional<QString> choice(const ScenarioKey& key, const YAML::Node& value);
    std::optional<double> durationMilliseconds(const ScenarioKey& key, const YAML::Node& value);
    std::optional<Period> period(const ScenarioKey& key, const YAML::Node& value);
    std::optional<QString> url(const ScenarioKey& key, const YAML::Node& value);
    std::optional<QString> httpMethod(const ScenarioKey& key, const YAML::Node& value);
    std::optional<QStringList> upstreams(const ScenarioKey& key, const YAML::Node& value);
    std::optional<HttpHeaders> textMap(const ScenarioKey& key, const YAML::Node& value);

private:
    // The scalar's text, or a diagnostic saying that the key takes what.
    std::optional<QString> scalar(const ScenarioKey& key, const YAML::Node& value, const QString& what);
    bool inRange(const ScenarioKey& key, const YAML::Node& value, double number, const QString& shown);
    bool isUpstream(const QString& text) const;

    YamlDocumentContext& m_context;
};
