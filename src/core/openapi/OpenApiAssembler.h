#pragma once

#include "openapi/OpenApiDocument.h"
#include "scenario/Diagnostic.h"

#include <optional>

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QSet>
#include <QStringList>
#include <QUrl>

class SourceLocator;

// What loading gives: the document when nothing was wrong, and every problem found, located.
struct OpenApiLoadResult
{
    std::optional<OpenApiDocument> document;
    Diagnostics diagnostics;
};

// Puts an OpenApiDocument together from the files a loader fetches: parses each, names the
// sibling files its references need, and at the end checks the OpenAPI version and that every
// reference resolves. It does no I/O, so fetching can be synchronous or not.
class OpenApiAssembler
{
public:
    // A description spread over more files than this is refused, so a runaway chain ends.
    static constexpr int MaxFiles = 100;

    explicit OpenApiAssembler(const QUrl& documentUrl);

    const QUrl& documentUrl() const
    {
        return m_documentUrl;
    }
    // Parses a fetched file. Returns the files its references name that were not asked for
    // yet, for the loader to fetch next.
    QList<QUrl> addFile(const QUrl& url, const QByteArray& text);
    // A file could not be fetched, for the given reason.
    void addFailure(const QUrl& url, const QString& reason);
    OpenApiLoadResult finish();

private:
    struct ReferenceUse
    {
        QUrl file;
        QStringList path; // keys and indexes from the file's top to the object holding `$ref`
        QString reference;
    };

    void collectReferences(const QJsonValue& value, const QUrl& file, QStringList& path);
    void request(const QUrl& url);
    void checkVersion(const QJsonObject& root, SourceLocator& locator);
    void checkReferences(const OpenApiDocument& document, SourceLocator& locator);
    void addError(const QString& code, const QString& message, const SourceLocation& location);

    QUrl m_documentUrl;
    QHash<QUrl, QJsonValue> m_files;
    QHash<QUrl, QByteArray> m_texts; // kept to locate diagnostics
    QHash<QUrl, QString> m_failures;
    QSet<QUrl> m_requested;
    QList<QUrl> m_newlyNeeded;
    QList<ReferenceUse> m_references;
    Diagnostics m_diagnostics;
};
