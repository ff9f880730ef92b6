#include "scenario/KeyPlacementChecker.h"

#include <algorithm>

namespace
{
// The place of the mapping a key named name holds, when it holds one.
std::optional<KeyPlace> childPlaceOf(KeyPlace place, const QString& name)
{
    const ScenarioKey* here = ScenarioKeys::find(place, name);
    if (here && here->kind == ValueKind::Mapping) {
        return here->child;
    }
    for (const ScenarioKey& key : ScenarioKeys::all()) {
        if (key.name == name && key.kind == ValueKind::Mapping) {
            return key.child;
        }
    }
    return std::nullopt;
}

QString joinedNames(const QStringList& names)
{
    QStringList quoted;
    for (const QString& name : names) {
        quoted << QLatin1Char('`') + name + QLatin1Char('`');
    }
    return quoted.join(QStringLiteral(", "));
}
} // namespace

KeyPlacementChecker::KeyPlacementChecker(YamlDocumentContext& context)
    : m_context(context)
    , m_fixes(context)
{ }

void KeyPlacementChecker::check(const MappingReader& mapping)
{
    const QList<EmptyKeyGroup> groups = findEmptyKeyGroups(mapping);
    const auto inGroup = [&groups](const MappingEntry& entry) {
        return std::any_of(groups.begin(), groups.end(), [&entry](const EmptyKeyGroup& group) {
            return group.holder == &entry || group.strays.contains(&entry);
        });
    };
    for (const MappingEntry& entry : mapping.entries()) {
        if (entry.definition || inGroup(entry)) {
            continue;
        }
        if (ScenarioKeys::find(mapping.place(), entry.name)) {
            reportOtherVariant(mapping, entry);
        } else if (!ScenarioKeys::placesOf(entry.name).isEmpty()) {
            reportMisplaced(mapping, entry);
        } else {
            reportUnknown(mapping, entry);
        }
    }
    for (const EmptyKeyGroup& group : groups) {
        reportGroup(mapping, group);
    }
}

QList<KeyPlacementChecker::EmptyKeyGroup> KeyPlacementChecker::findEmptyKeyGroups(const MappingReader& mapping) const
{
    QList<EmptyKeyGroup> groups;
    qsizetype open = -1;
    for (const MappingEntry& entry : mapping.entries()) {
        const bool belongsHere = ScenarioKeys::find(mapping.place(), entry.name) != nullptr;
        if (!belongsHere && open >= 0 && ScenarioKeys::find(groups[open].childPlace, entry.name)) {
            groups[open].strays.append(&entry);
            continue;
        }
        open = -1;
        const std::optional<KeyPlace> child = childPlaceOf(mapping.place(), entry.name);
        if (entry.value.IsNull() && child) {
            groups.append(EmptyKeyGroup{&entry, *child, {}});
            open = groups.size() - 1;
        }
    }
    groups.removeIf([](const EmptyKeyGroup& group) { return group.strays.isEmpty(); });
    return groups;
}

void KeyPlacementChecker::reportGroup(const MappingReader& mapping, const EmptyKeyGroup& group)
{
    const QString& holderName = group.holder->name;
    const bool holderBelongsHere = group.holder->definition != nullptr;
    std::optional<Destination> destination;
    if (!holderBelongsHere) {
        destination = findDestination(mapping, *group.holder, ScenarioKeys::placesOf(holderName));
    }

    std::optional<QuickFix> fix;
    const std::optional<LineBlock> holderBlock = blockOf(mapping, *group.holder);
    const std::optional<LineBlock> lastBlock = blockOf(mapping, *group.strays.last());
    const bool movable = holderBlock && lastBlock
        && std::all_of(group.strays.begin(), group.strays.end(),
                       [&](const MappingEntry* stray) { return blockOf(mapping, *stray).has_value(); });
    if (movable) {
        const LineBlock region{holderBlock->firstLine, lastBlock->lastLine, holderBlock->column};
        // Without a place to move it to, the keys are at least put under their empty key.
        const int column = destination ? destination->point.column : holderBlock->column;
        const int insertBefore = destination ? destination->point.line : region.firstLine;
        QString text = m_fixes.reindentedKeyLine(*holderBlock, column);
        QStringList strayNames;
        for (const MappingEntry* stray : group.strays) {
            text += m_fixes.reindented(*blockOf(mapping, *stray), column + KeyMoveFix::IndentStep);
            strayNames << stray->name;
        }
        const QString title = destination
            ? QStringLiteral("Move `%1` %2, with %3 under it")
                  .arg(holderName, ScenarioKeys::describe(destination->place), joinedNames(strayNames))
            : QStringLiteral("Indent %1 under `%2`").arg(joinedNames(strayNames), holderName);
        fix = m_fixes.move(title, {region}, text, {insertBefore});
    }

    if (!holderBelongsHere) {
        const QString where = destination ? ScenarioKeys::describe(destination->place)
                                          : ScenarioKeys::describe(ScenarioKeys::placesOf(holderName).value(0));
        m_context.error(
            group.holder->key, QStringLiteral("misplaced-key"),
            QStringLiteral("`%1` belongs %2, not %3").arg(holderName, where, ScenarioKeys::describe(mapping.place())),
            fix);
    }
    const int holderLine = m_context.lineOf(group.holder->key.Mark());
    for (const MappingEntry* stray : group.strays) {
        m_context.error(stray->key, QStringLiteral("misplaced-key"),
                        QStringLiteral("`%1` belongs under `%2` (left empty on line %3), not %4")
                            .arg(stray->name, holderName)
                            .arg(holderLine)
                            .arg(ScenarioKeys::describe(mapping.place())),
                        fix);
    }
}

void KeyPlacementChecker::reportOtherVariant(const MappingReader& mapping, const MappingEntry& entry)
{
    QStringList variants;
    for (const ScenarioKey& key : ScenarioKeys::all()) {
        if (key.place == mapping.place() && key.name == entry.name) {
            variants << key.variants;
        }
    }
    const QString noun = mapping.place() == KeyPlace::Fault ? QStringLiteral("fault") : QStringLiteral("strategy");
    m_context.warning(entry.key, QStringLiteral("ignored-key"),
                      QStringLiteral("`%1` has no effect on a %2 %3; it applies to %4 only")
                          .arg(entry.name, mapping.variant(), noun, variants.join(QStringLiteral(", "))));
}

void KeyPlacementChecker::reportMisplaced(const MappingReader& mapping, const MappingEntry& entry)
{
    const QList<KeyPlace> places = ScenarioKeys::placesOf(entry.name);
    const std::optional<Destination> destination = findDestination(mapping, entry, places);
    QStringList wheres;
    for (KeyPlace place : places) {
        wheres << ScenarioKeys::describe(place);
    }
    const QString where
        = destination ? ScenarioKeys::describe(destination->place) : wheres.join(QStringLiteral(" or "));
    std::optional<QuickFix> fix;
    const std::optional<LineBlock> block = blockOf(mapping, entry);
    if (destination && block) {
        fix = m_fixes.move(QStringLiteral("Move `%1` %2").arg(entry.name, where), {*block},
                           m_fixes.reindented(*block, destination->point.column), {destination->point.line});
    }
    m_context.error(
        entry.key, QStringLiteral("misplaced-key"),
        QStringLiteral("`%1` belongs %2, not %3").arg(entry.name, where, ScenarioKeys::describe(mapping.place())), fix);
}

void KeyPlacementChecker::reportUnknown(const MappingReader& mapping, const MappingEntry& entry)
{
    const QString suggestion = ScenarioKeys::closestName(mapping.place(), entry.name);
    QString message = QStringLiteral("unknown key `%1` %2").arg(entry.name, ScenarioKeys::describe(mapping.place()));
    std::optional<QuickFix> fix;
    if (!suggestion.isEmpty()) {
        message += QStringLiteral("; did you mean `%1`?").arg(suggestion);
        const SourceLocation location = m_context.locationOf(entry.key);
        const bool plainKey
            = m_context.lines().text(location.line).mid(location.column - 1, entry.name.size()) == entry.name;
        if (plainKey) {
            const int end = location.column + static_cast<int>(entry.name.size());
            fix = QuickFix{QStringLiteral("Rename to `%1`").arg(suggestion),
                           {TextEdit{location.line, location.column, location.line, end, suggestion}}};
        }
    }
    m_context.warning(entry.key, QStringLiteral("unknown-key"), message, fix);
}

std::optional<KeyPlacementChecker::Destination>
KeyPlacementChecker::findDestination(const MappingReader& mapping, const MappingEntry& entry,
                                     const QList<KeyPlace>& places) const
{
    for (const MappingReader* ancestor = &mapping; ancestor; ancestor = ancestor->parent()) {
        if (ancestor != &mapping && places.contains(ancestor->place())) {
            return destinationIn(ancestor->node(), ancestor->place(), entry.name);
        }
        for (const MappingEntry& candidate : ancestor->entries()) {
            const ScenarioKey* key = ScenarioKeys::find(ancestor->place(), candidate.name);
            if (&candidate == &entry || !key || key->kind != ValueKind::Mapping || !places.contains(key->child)) {
                continue;
            }
            if (candidate.value.IsNull()) {
                const std::optional<InsertionPoint> point = m_fixes.under(candidate.key);
                return point ? std::optional<Destination>(Destination{key->child, *point}) : std::nullopt;
            }
            return destinationIn(candidate.value, key->child, entry.name);
        }
    }
    return std::nullopt;
}

std::optional<KeyPlacementChecker::Destination>
KeyPlacementChecker::destinationIn(const YAML::Node& mapping, KeyPlace place, const QString& name) const
{
    for (auto it = mapping.begin(); mapping.IsMap() && it != mapping.end(); ++it) {
        if (it->first.IsScalar() && QString::fromStdString(it->first.Scalar()) == name) {
            return std::nullopt; // it has one already: moving would repeat the key
        }
    }
    const std::optional<InsertionPoint> point = m_fixes.endOf(mapping);
    return point ? std::optional<Destination>(Destination{place, *point}) : std::nullopt;
}

std::optional<LineBlock> KeyPlacementChecker::blockOf(const MappingReader& mapping, const MappingEntry& entry) const
{
    return m_fixes.blockOf(mapping.node(), entry.key);
}
