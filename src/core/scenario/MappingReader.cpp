#include "scenario/MappingReader.h"

#include "scenario/KeyPlacementChecker.h"

#include <algorithm>

namespace
{
QString describeValue(const YAML::Node& node)
{
    if (node.IsSequence()) {
        return QStringLiteral("a list");
    }
    if (node.IsScalar()) {
        return QStringLiteral("the text `%1`").arg(QString::fromStdString(node.Scalar()).left(40));
    }
    return QStringLiteral("nothing");
}
} // namespace

MappingReader::MappingReader(YamlDocumentContext& context, const YAML::Node& node, KeyPlace place,
                             const QString& variant, const MappingReader* parent)
    : m_context(context)
    , m_values(context)
    , m_node(node)
    , m_place(place)
    , m_variant(variant)
    , m_parent(parent)
{
    if (!node.IsMap()) {
        const QList<const ScenarioKey*>& keys = ScenarioKeys::at(place);
        m_context.error(
            node, QStringLiteral("wrong-type"),
            QStringLiteral("%1 is a mapping of keys such as `%2`, not %3")
                .arg(ScenarioKeys::noun(place), keys.isEmpty() ? QString() : keys.first()->name, describeValue(node)));
        return;
    }
    if (!m_context.spend(static_cast<int>(node.size()) + 1)) {
        return;
    }
    collectEntries();
    KeyPlacementChecker(m_context).check(*this);
    reportMissingKeys();
}

void MappingReader::collectEntries()
{
    m_entries.reserve(static_cast<qsizetype>(m_node.size()));
    for (auto it = m_node.begin(); it != m_node.end(); ++it) {
        if (!it->first.IsScalar()) {
            m_context.error(it->first, QStringLiteral("wrong-type"),
                            QStringLiteral("keys are names such as `%1`, not %2")
                                .arg(ScenarioKeys::at(m_place).value(0)->name, describeValue(it->first)));
            continue;
        }
        const QString name = QString::fromStdString(it->first.Scalar());
        const auto first = std::find_if(m_entries.cbegin(), m_entries.cend(),
                                        [&name](const MappingEntry& entry) { return entry.name == name; });
        if (first != m_entries.cend()) {
            m_context.error(it->first, QStringLiteral("duplicate-key"),
                            QStringLiteral("`%1` is given twice here; the first is on line %2")
                                .arg(name)
                                .arg(m_context.lineOf(first->key.Mark())));
            continue;
        }
        m_entries.append(MappingEntry{name, it->first, it->second, ScenarioKeys::find(m_place, name, m_variant)});
    }
}

void MappingReader::reportMissingKeys()
{
    for (const ScenarioKey* key : ScenarioKeys::at(m_place)) {
        if (!key->required || !key->appliesTo(m_variant) || entry(key->name)) {
            continue;
        }
        m_context.error(m_node, QStringLiteral("missing-key"),
                        QStringLiteral("%1 needs `%2` (%3)")
                            .arg(ScenarioKeys::noun(m_place, m_variant), key->name, key->description));
    }
}

bool MappingReader::isMapping() const
{
    return m_node.IsMap();
}

KeyPlace MappingReader::place() const
{
    return m_place;
}

const QString& MappingReader::variant() const
{
    return m_variant;
}

const YAML::Node& MappingReader::node() const
{
    return m_node;
}

const MappingReader* MappingReader::parent() const
{
    return m_parent;
}

const QList<MappingEntry>& MappingReader::entries() const
{
    return m_entries;
}

const MappingEntry* MappingReader::entry(const QString& name) const
{
    for (const MappingEntry& candidate : m_entries) {
        if (candidate.definition && (candidate.name == name || candidate.definition->aliasOf == name)) {
            return &candidate;
        }
    }
    return nullptr;
}

std::optional<YAML::Node> MappingReader::value(const QString& name) const
{
    const MappingEntry* found = entry(name);
    if (!found) {
        return std::nullopt;
    }
    if (!found->value.IsNull()) {
        return found->value;
    }
    const ScenarioKey* key = found->definition;
    if (key->required) {
        m_context.error(found->key, QStringLiteral("missing-value"),
                        QStringLiteral("`%1` needs a value (%2)").arg(found->name, key->description));
    } else if (!key->nullable) {
        m_context.warning(found->key, QStringLiteral("missing-value"),
                          QStringLiteral("`%1` has no value and is ignored").arg(found->name));
    }
    return std::nullopt;
}

std::optional<YAML::Node> MappingReader::sequence(const QString& name) const
{
    const std::optional<YAML::Node> found = value(name);
    if (found && !found->IsSequence()) {
        m_context.error(
            *found, QStringLiteral("wrong-type"),
            QStringLiteral("`%1` takes a list (lines starting with `- `), not %2").arg(name, describeValue(*found)));
        return std::nullopt;
    }
    return found;
}

template<typename Value>
std::optional<Value> MappingReader::read(const QString& name,
                                         std::optional<Value> (YamlValueReader::*reader)(const ScenarioKey&,
                                                                                         const YAML::Node&)) const
{
    const std::optional<YAML::Node> found = value(name);
    if (!found) {
        return std::nullopt;
    }
    return (m_values.*reader)(*entry(name)->definition, *found);
}

std::optional<QString> MappingReader::text(const QString& name) const
{
    return read(name, &YamlValueReader::text);
}

std::optional<qint64> MappingReader::integer(const QString& name) const
{
    return read(name, &YamlValueReader::integer);
}

std::optional<double> MappingReader::number(const QString& name) const
{
    return read(name, &YamlValueReader::number);
}

std::optional<bool> MappingReader::boolean(const QString& name) const
{
    return read(name, &YamlValueReader::boolean);
}

std::optional<QString> MappingReader::choice(const QString& name) const
{
    return read(name, &YamlValueReader::choice);
}

std::optional<double> MappingReader::durationMilliseconds(const QString& name) const
{
    return read(name, &YamlValueReader::durationMilliseconds);
}

std::optional<Period> MappingReader::period(const QString& name) const
{
    return read(name, &YamlValueReader::period);
}

std::optional<QString> MappingReader::url(const QString& name) const
{
    return read(name, &YamlValueReader::url);
}

std::optional<QString> MappingReader::httpMethod(const QString& name) const
{
    return read(name, &YamlValueReader::httpMethod);
}

std::optional<QStringList> MappingReader::upstreams(const QString& name) const
{
    return read(name, &YamlValueReader::upstreams);
}

std::optional<HttpHeaders> MappingReader::textMap(const QString& name) const
{
    return read(name, &YamlValueReader::textMap);
}

QString MappingReader::rawScalar(const YAML::Node& node, const char* name)
{
    if (!node.IsMap()) {
        return {};
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == name && it->second.IsScalar()) {
            return QString::fromStdString(it->second.Scalar()).trimmed().toLower();
        }
    }
    return {};
}
