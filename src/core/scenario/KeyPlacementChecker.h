#pragma once

#include "scenario/KeyMoveFix.h"
#include "scenario/MappingReader.h"

#include <optional>

// Diagnoses the keys of a mapping that do not belong where they stand: keys of another fault type
// or strategy mode, keys that belong elsewhere ("`strategy` belongs under `context`, not inside a
// fault", with a fix that moves them there), keys left beside an empty key they belong under, and
// unknown keys (with "did you mean" for near misses).
class KeyPlacementChecker
{
public:
    explicit KeyPlacementChecker(YamlDocumentContext& context);

    void check(const MappingReader& mapping);

private:
    // A key whose value was left empty, and the keys after it that belong under it.
    struct EmptyKeyGroup
    {
        const MappingEntry* holder = nullptr;
        KeyPlace childPlace = KeyPlace::Scenario;
        QList<const MappingEntry*> strays;
    };
    struct Destination
    {
        KeyPlace place = KeyPlace::Scenario;
        InsertionPoint point;
    };

    QList<EmptyKeyGroup> findEmptyKeyGroups(const MappingReader& mapping) const;
    void reportGroup(const MappingReader& mapping, const EmptyKeyGroup& group);
    void reportOtherVariant(const MappingReader& mapping, const MappingEntry& entry);
    void reportMisplaced(const MappingReader& mapping, const MappingEntry& entry);
    void reportUnknown(const MappingReader& mapping, const MappingEntry& entry);

    std::optional<Destination> findDestination(const MappingReader& mapping, const MappingEntry& entry,
                                               const QList<KeyPlace>& places) const;
    std::optional<Destination> destinationIn(const YAML::Node& mapping, KeyPlace place, const QString& name) const;
    std::optional<LineBlock> blockOf(const MappingReader& mapping, const MappingEntry& entry) const;

    YamlDocumentContext& m_context;
    KeyMoveFix m_fixes;
};
