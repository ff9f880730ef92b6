#include "openapi/ReferenceResolver.h"

#include "openapi/JsonPointer.h"

#include <QJsonObject>
#include <QStringList>

namespace
{
const QLatin1String ReferenceKey("$ref");

bool fail(QString* error, const QString& why)
{
    if (error) {
        *error = why;
    }
    return false;
}
} // namespace

ReferenceResolver::ReferenceResolver(const OpenApiDocument& document)
    : m_document(document)
{
}

bool ReferenceResolver::isReference(const QJsonValue& value)
{
    return value.isObject() && value.toObject().value(ReferenceKey).isString();
}

QString ReferenceResolver::referenceText(const QJsonValue& value)
{
    return value.toObject().value(ReferenceKey).toString();
}

ReferenceTarget ReferenceResolver::target(const QString& reference, const QUrl& file)
{
    const QUrl resolved = file.resolved(QUrl(reference));
    return ReferenceTarget{OpenApiDocument::fileKey(resolved), resolved.fragment(QUrl::FullyDecoded)};
}

std::optional<QJsonValue> ReferenceResolver::lookUp(const QString& reference, const QUrl& file, QString* error) const
{
    const ReferenceTarget where = target(reference, file);
    const std::optional<JsonPointer> pointer = JsonPointer::fromFragment(where.fragment);
    if (!pointer) {
        fail(error, QStringLiteral("'#%1' is not a JSON pointer (it must start with '#/')").arg(where.fragment));
        return std::nullopt;
    }
    const std::optional<QJsonValue> root = m_document.file(where.file);
    if (!root) {
        fail(error, QStringLiteral("%1 was not loaded").arg(OpenApiDocument::displayName(where.file)));
        return std::nullopt;
    }
    std::optional<QJsonValue> value = pointer->evaluate(*root);
    if (!value) {
        fail(error, QStringLiteral("%1 has nothing at %2")
                        .arg(OpenApiDocument::displayName(where.file), pointer->toString()));
    }
    return value;
}

std::optional<ResolvedValue> ReferenceResolver::resolve(const QJsonValue& value, const QUrl& file,
                                                        QString* error) const
{
    ResolvedValue current{value, file, {}};
    QStringList followed;
    QStringList visitedKeys;
    while (isReference(current.value)) {
        const QString reference = referenceText(current.value);
        const ReferenceTarget where = target(reference, current.file);
        const QString key = where.file.toString() + QLatin1Char('#') + where.fragment;
        followed << reference;
        if (visitedKeys.contains(key)) {
            fail(error, QStringLiteral("the references loop: %1").arg(followed.join(QStringLiteral(" -> "))));
            return std::nullopt;
        }
        visitedKeys << key;
        std::optional<QJsonValue> next = lookUp(reference, current.file, error);
        if (!next) {
            return std::nullopt;
        }
        current = ResolvedValue{*next, where.file, key};
    }
    return current;
}
