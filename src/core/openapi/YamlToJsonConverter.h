#pragma once

#include "scenario/Diagnostic.h"

#include <optional>

#include <QJsonValue>

#include <yaml-cpp/yaml.h>

// Turns a YAML tree into JSON values. Plain scalars are typed with YAML 1.2's core schema, so
// `200` is a number and `"200"` a text. Aliases are expanded within a bound on the number of
// values, so that an alias bomb gives an error and not an exhausted memory.
class YamlToJsonConverter
{
public:
    static constexpr qsizetype MaxValues = 4'000'000;

    // Nothing when a bound is crossed or a mapping key is not a scalar; error then says why,
    // with the line and column (the file is left for the caller).
    std::optional<QJsonValue> convert(const YAML::Node& node, Diagnostic* error);

private:
    std::optional<QJsonValue> convertNode(const YAML::Node& node);
    static QJsonValue convertScalar(const YAML::Node& node);
    void fail(const YAML::Node& node, const QString& message);

    qsizetype m_remainingValues = MaxValues;
    std::optional<Diagnostic> m_error;
};
