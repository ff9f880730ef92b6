#include "openapi/OpenApiTextParser.h"

#include "openapi/YamlToJsonConverter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace
{
const QByteArray Utf8ByteOrderMark("\xEF\xBB\xBF");

Diagnostic parseError(const QString& message, SourceLocation location)
{
    Diagnostic diagnostic;
    diagnostic.location = std::move(location);
    diagnostic.message = message;
    diagnostic.code = QStringLiteral("openapi-syntax");
    return diagnostic;
}
} // namespace

std::optional<QJsonValue> OpenApiTextParser::parse(const QByteArray& text, const QString& fileName, Diagnostic* error)
{
    const QByteArray body = text.startsWith(Utf8ByteOrderMark) ? text.mid(Utf8ByteOrderMark.size()) : text;
    const QByteArray start = body.trimmed().left(1);
    std::optional<QJsonValue> value = start == "{" || start == "[" ? parseJson(body, error) : parseYaml(body, error);
    if (!value) {
        error->location.file = fileName;
    }
    return value;
}

std::optional<QJsonValue> OpenApiTextParser::parseJson(const QByteArray& text, Diagnostic* error)
{
    QJsonParseError parseStatus;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseStatus);
    if (parseStatus.error != QJsonParseError::NoError) {
        *error = parseError(QStringLiteral("not valid JSON: %1").arg(parseStatus.errorString()),
                            SourceLocation::ofByteOffset(text, parseStatus.offset));
        return std::nullopt;
    }
    return document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
}

std::optional<QJsonValue> OpenApiTextParser::parseYaml(const QByteArray& text, Diagnostic* error)
{
    return YamlToJsonConverter().convert(text, error);
}
