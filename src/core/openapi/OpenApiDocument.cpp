#include "openapi/OpenApiDocument.h"

OpenApiDocument::OpenApiDocument(QUrl url, QHash<QUrl, QJsonValue> files)
    : m_url(fileKey(url))
    , m_files(std::move(files))
{ }

QJsonObject OpenApiDocument::root() const
{
    return m_files.value(m_url).toObject();
}

QString OpenApiDocument::version() const
{
    return root().value(QLatin1String("openapi")).toString();
}

std::optional<QJsonValue> OpenApiDocument::file(const QUrl& url) const
{
    // Most callers pass a key already; normalising is the slow path.
    auto found = m_files.constFind(url);
    if (found == m_files.constEnd()) {
        found = m_files.constFind(fileKey(url));
    }
    if (found == m_files.constEnd()) {
        return std::nullopt;
    }
    return *found;
}

QUrl OpenApiDocument::fileKey(const QUrl& url)
{
    return url.adjusted(QUrl::RemoveFragment | QUrl::NormalizePathSegments);
}

QString OpenApiDocument::displayName(const QUrl& url)
{
    return url.isLocalFile() ? url.toLocalFile() : url.toDisplayString();
}
