#pragma once

// The one table of every key a scenario file may hold (SPEC.md §1): where it may stand, what its
// value is and which range it takes. The loader checks files against it (unknown keys, "did you
// mean", keys in the wrong place) and ScenarioSchema generates the JSON Schema from it, so the
// two cannot disagree.

#include <limits>

#include <QList>
#include <QString>
#include <QStringList>

// The mappings of a scenario file, by where they stand.
enum class KeyPlace {
    Scenario,
    Item,
    Call,
    Meta,
    Context,
    Fault,
    Strategy,
    Slo,
    Expect,
    Config,
    ConfigHttp,
    ConfigPaths,
    SteadyState,
};

enum class ValueKind {
    Text, // any scalar, read as text
    Integer, // a whole number within the range
    Number, // a finite number within the range
    Boolean,
    Choice, // one of the key's choices
    Duration, // `10s`, `500ms`, `1m30s` or a bare number of seconds
    Period, // `start:10%,duration:15%`
    Url, // with a scheme and a host; may hold `{segment}`
    HttpMethod,
    Upstreams, // a list of URLs or `host:port`, or `*`
    TextMap, // a mapping of text to text, such as headers
    Mapping, // a mapping of the place `child`
    MappingList, // a list of mappings of the place `child`
};

struct ScenarioKey
{
    KeyPlace place = KeyPlace::Scenario;
    QString name;
    ValueKind kind = ValueKind::Text;
    QString description;
    // Fault types (in a fault) or strategy modes (in a strategy) the key applies to; empty: all.
    QStringList variants;
    bool required = false; // wherever it applies
    double minimum = -std::numeric_limits<double>::infinity();
    double maximum = std::numeric_limits<double>::infinity();
    QStringList choices; // for ValueKind::Choice
    KeyPlace child = KeyPlace::Scenario; // for Mapping and MappingList
    QString aliasOf; // another name for this key, read the same way
    bool nullable = false; // `key: null` means the key is absent

    bool appliesTo(const QString& variant) const;
    // The range in words, for messages: "from 0 to 1", "1 or more".
    QString rangeText() const;
};

class ScenarioKeys
{
public:
    static const QList<ScenarioKey>& all();
    // The key named name that may stand at place, for the given variant when there is one.
    static const ScenarioKey* find(KeyPlace place, const QString& name, const QString& variant = {});
    // Every key of the table standing at place.
    static const QList<const ScenarioKey*>& at(KeyPlace place);
    // Every place a key of this name may stand.
    static QList<KeyPlace> placesOf(const QString& name);
    // The name of a key at place that the misspelled name is a near miss of, or an empty string.
    static QString closestName(KeyPlace place, const QString& misspelled);
    // Every place, in the order a scenario nests them.
    static const QList<KeyPlace>& places();
    // Where a place is, in words that finish "belongs ...": "under `context`", "inside a fault".
    static QString describe(KeyPlace place);
    // What a mapping of the place is, for messages: "a fault", "a latency fault", "`call`".
    static QString noun(KeyPlace place, const QString& variant = {});
    // The name of the place's definition in the JSON Schema: "fault", "configHttp".
    static QString schemaName(KeyPlace place);
};
