#pragma once

#include "scenario/ScenarioKeys.h"
#include "scenario/YamlDocumentContext.h"
#include "scenario/YamlValueReader.h"

#include <optional>

#include <QList>

struct MappingEntry
{
    QString name;
    YAML::Node key;
    YAML::Node value;
    const ScenarioKey* definition = nullptr; // when the key belongs where it stands
};

// One mapping of a scenario file, read where it stands (a fault, a strategy, ...): its keys are
// checked against the key table on construction, and its values are read by the kind the table
// gives. Keys that do not belong here are diagnosed and never read.
class MappingReader
{
public:
    // variant: the fault type or strategy mode that decides which keys apply, if any.
    MappingReader(YamlDocumentContext& context, const YAML::Node& node, KeyPlace place, const QString& variant,
                  const MappingReader* parent);

    bool isMapping() const;
    KeyPlace place() const;
    const QString& variant() const;
    const YAML::Node& node() const;
    const MappingReader* parent() const;
    const QList<MappingEntry>& entries() const;
    // The entry of a key that belongs here (aliases answer for the key they stand for).
    const MappingEntry* entry(const QString& name) const;

    // The value of a key that belongs here, when it has one; a null value is diagnosed unless
    // the key may be null.
    std::optional<YAML::Node> value(const QString& name) const;
    std::optional<YAML::Node> sequence(const QString& name) const;

    std::optional<QString> text(const QString& name) const;
    std::optional<qint64> integer(const QString& name) const;
    std::optional<double> number(const QString& name) const;
    std::optional<bool> boolean(const QString& name) const;
    std::optional<QString> choice(const QString& name) const;
    std::optional<double> durationMilliseconds(const QString& name) const;
    std::optional<Period> period(const QString& name) const;
    std::optional<QString> url(const QString& name) const;
    std::optional<QString> httpMethod(const QString& name) const;
    std::optional<QStringList> upstreams(const QString& name) const;
    std::optional<HttpHeaders> textMap(const QString& name) const;

    // The first key of a fault's `type` or a strategy's `mode`, read before the mapping is.
    static QString rawScalar(const YAML::Node& node, const char* name);

private:
    template<typename Value>
    std::optional<Value> read(const QString& name,
                              std::optional<Value> (YamlValueReader::*reader)(const ScenarioKey&,
                                                                              const YAML::Node&)) const;
    void collectEntries();
    void reportMissingKeys();

    YamlDocumentContext& m_context;
    mutable YamlValueReader m_values;
    YAML::Node m_node;
    KeyPlace m_place;
    QString m_variant;
    const MappingReader* m_parent;
    QList<MappingEntry> m_entries;
};
