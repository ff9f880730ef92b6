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
{ }

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
    // Most references point into their own file and need no URL resolution, which is slow.
    if (reference.startsWith(QLatin1Char('#'))) {
        const QString fragment = reference.mid(1);
        return ReferenceTarget{
            file, fragment.contains(QLatin1Char('%')) ? QUrl::fromPercentEncoding(fragment.toUtf8()) : fragment};
    }
    const QUrl resolved = file.resolved(QUrl(reference));
    return ReferenceTarget{OpenApiDocument::fileKey(resolved), resolved.fragment(QUrl::FullyDecoded)};
}

std::optional<QJsonValue> ReferenceResolver::lookUp(const ReferenceTarget& target, QString* error) const
{
    const std::optional<JsonPointer> pointer = JsonPointer::fromFragment(target.fragment);
    if (!pointer) {
        fail(error, QStringLiteral("'#%1' is not a JSON pointer (it must start with '#/')").arg(target.fragment));
        return std::nullopt;
    }
    const std::optional<QJsonValue> root = m_document.file(target.file);
    if (!root) {
        fail(error, QStringLiteral("%1 was not loaded").arg(OpenApiDocument::displayName(target.file)));
        return std::nullopt;
    }
    std::optional<QJsonValue> value = pointer->evaluate(*root);
    if (!value) {
        fail(
            error,
            QStringLiteral("%1 has nothing at %2").arg(OpenApiDocument::displayName(target.file), pointer->toString()));
    }
    return value;
}

std::optional<ResolvedValue> ReferenceResolver::resolve(const QJsonValue& value, const QUrl& file, QString* error) const
{
    ResolvedValue current{value, file, std::nullopt};
    QStringList followed;
    QList<ReferenceTarget> visited;
    while (isReference(current.value)) {
        const QString reference = referenceText(current.value);
        const ReferenceTarget where = target(reference, current.file);
        followed << reference;
        if (visited.contains(where)) {
            fail(error, QStringLiteral("the references loop: %1").arg(followed.join(QStringLiteral(" -> "))));
            return std::nullopt;
        }
        visited << where;
        std::optional<QJsonValue> next = lookUp(where, error);
        if (!next) {
            return std::nullopt;
        }
        current = ResolvedValue{*next, where.file, where};
    }
    return current;
}
