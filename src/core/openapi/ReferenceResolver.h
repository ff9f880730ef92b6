#pragma once

#include "openapi/OpenApiDocument.h"

#include <optional>

#include <QJsonValue>
#include <QString>
#include <QUrl>

// Where a `$ref` points: a file, and a JSON pointer in it (decoded, without `#`).
struct ReferenceTarget
{
    QUrl file;
    QString fragment;

    bool operator==(const ReferenceTarget&) const = default;
};

// A value reached by following references, with the file it lives in: the base of the
// references inside it.
struct ResolvedValue
{
    QJsonValue value;
    QUrl file;
    // The last reference followed, none when the value was not a reference; the builders use it
    // to notice recursive schemas.
    std::optional<ReferenceTarget> reference;
};

// Follows `$ref`s within a loaded document and the sibling files it loaded.
class ReferenceResolver
{
public:
    explicit ReferenceResolver(const OpenApiDocument& document);

    // value itself when it is not a reference; otherwise the value at the end of its chain of
    // references. Nothing, with the reason in error, when a reference is dangling or they loop.
    std::optional<ResolvedValue> resolve(const QJsonValue& value, const QUrl& file, QString* error = nullptr) const;
    static bool isReference(const QJsonValue& value);
    static QString referenceText(const QJsonValue& value);
    static ReferenceTarget target(const QString& reference, const QUrl& file);

private:
    std::optional<QJsonValue> lookUp(const ReferenceTarget& target, QString* error) const;

    const OpenApiDocument& m_document;
};
