#pragma once

#include <optional>

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QUrl>

// A loaded OpenAPI 3.0 or 3.1 description: the main document and every file its `$ref`s reach,
// each as JSON values keyed by its URL (file:// or http(s)://, without fragment).
class OpenApiDocument
{
public:
    OpenApiDocument() = default;
    OpenApiDocument(QUrl url, QHash<QUrl, QJsonValue> files);

    // The main document's URL, the base of its relative references and server URLs.
    const QUrl& url() const
    {
        return m_url;
    }
    QJsonObject root() const;
    // The `openapi` field, for example `3.1.0`.
    QString version() const;
    // A loaded file's top value; nothing for a file that was not loaded.
    std::optional<QJsonValue> file(const QUrl& url) const;

    // The key a file is stored under: the URL without fragment, with `.` and `..` segments resolved.
    static QUrl fileKey(const QUrl& url);
    // How a file is named in messages: a local path, or the URL.
    static QString displayName(const QUrl& url);

private:
    QUrl m_url;
    QHash<QUrl, QJsonValue> m_files;
};
