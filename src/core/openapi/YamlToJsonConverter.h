#pragma once

#include "scenario/Diagnostic.h"

#include <optional>
#include <unordered_map>
#include <yaml-cpp/yaml.h>

#include <QJsonValue>

// Turns a YAML tree into JSON values. Plain scalars are typed with YAML 1.2's core schema, so
// `200` is a number and `"200"` a text. An aliased list or mapping is converted once and shared,
// while the values it stands for still count against a bound, so that an alias bomb gives an
// error at once rather than exhausting time or memory.
class YamlToJsonConverter
{
public:
    static constexpr qsizetype MaxValues = 4'000'000;

    // Nothing when a bound is crossed or a mapping key is not a scalar; error then says why,
    // with the line and column (the file is left for the caller).
    std::optional<QJsonValue> convert(const YAML::Node& node, Diagnostic* error);

private:
    // A converted list or mapping, and how many values it stands for.
    struct ConvertedContainer
    {
        YAML::Node node;
        QJsonValue value;
        qsizetype valueCount = 0;
    };

    std::optional<QJsonValue> convertNode(const YAML::Node& node);
    std::optional<QJsonValue> convertContainer(const YAML::Node& node);
    static QJsonValue convertScalar(const YAML::Node& node);
    bool countValues(const YAML::Node& node, qsizetype count);
    void fail(const YAML::Node& node, const QString& message);

    qsizetype m_remainingValues = MaxValues;
    std::optional<Diagnostic> m_error;
    // By position in the text: aliases of one node share its position, and its identity.
    std::unordered_map<int, ConvertedContainer> m_converted;
};
