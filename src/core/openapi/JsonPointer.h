#pragma once

#include <optional>

#include <QJsonValue>
#include <QString>
#include <QStringList>

// A JSON Pointer (RFC 6901), the fragment of an OpenAPI `$ref` such as `#/components/schemas/User`.
class JsonPointer
{
public:
    JsonPointer() = default;
    explicit JsonPointer(QStringList tokens);

    // From a decoded URI fragment without its `#`: empty (the whole document) or `/a/b~1c`.
    // Nothing when the text is not a pointer.
    static std::optional<JsonPointer> fromFragment(const QString& fragment);

    const QStringList& tokens() const
    {
        return m_tokens;
    }
    // `#/paths/~1users/get`: the form a `$ref` writes.
    QString toString() const;
    // The value the pointer names in root, nothing when a step is missing.
    std::optional<QJsonValue> evaluate(const QJsonValue& root) const;

private:
    QStringList m_tokens;
};
