#pragma once

#include "scenario/Diagnostic.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

struct yaml_event_s;

// Reads the first YAML document of a text into JSON values, with libyaml's event parser (yaml-cpp
// builds a node tree first and took over a second for a 10 MB description). Plain scalars are
// typed with YAML 1.2's core schema, so `200` is a number and `"200"` a text. An anchored value
// is converted once and shared by its aliases, which still count against a bound, so that an
// alias bomb gives an error at once rather than exhausting time or memory.
class YamlToJsonConverter
{
public:
    static constexpr qsizetype MaxValues = 4'000'000;
    static constexpr int MaxDepth = 1000;

    // Nothing when the text is not YAML, a bound is crossed or a mapping key is not a scalar;
    // error then says why, with the line and column (the file is left for the caller).
    std::optional<QJsonValue> convert(const QByteArray& text, Diagnostic* error);

private:
    // A list or mapping being read.
    struct OpenContainer
    {
        bool isMapping = false;
        QJsonArray array;
        QJsonObject object;
        std::optional<QString> key; // a mapping's key waiting for its value
        std::string anchor;
        qsizetype remainingBefore = 0;
    };

    // An anchored value, what its scalar text was (for an alias used as a key), and how many
    // values it stands for.
    struct AnchoredValue
    {
        QJsonValue value;
        std::optional<QString> scalarText;
        qsizetype valueCount = 0;
    };

    bool handle(const yaml_event_s& event);
    bool addValue(const QJsonValue& value);
    bool countValues(qsizetype count, const yaml_event_s& event);
    void remember(const char* anchor, const AnchoredValue& value);
    bool fail(const yaml_event_s& event, const QString& message);

    qsizetype m_remainingValues = MaxValues;
    std::optional<Diagnostic> m_error;
    std::vector<OpenContainer> m_open;
    std::unordered_map<std::string, AnchoredValue> m_anchors;
    std::optional<QJsonValue> m_root;
};
