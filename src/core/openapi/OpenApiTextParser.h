#pragma once

#include "scenario/Diagnostic.h"

#include <optional>

#include <QByteArray>
#include <QJsonValue>
#include <QString>

// Reads the text of an OpenAPI file into JSON values: JSON when it starts with `{` or `[`,
// YAML otherwise. Every failure is located at its line and column.
class OpenApiTextParser
{
public:
    // fileName is used in the diagnostic only. Nothing, and error set, when the text is neither.
    static std::optional<QJsonValue> parse(const QByteArray& text, const QString& fileName, Diagnostic* error);

private:
    static std::optional<QJsonValue> parseJson(const QByteArray& text, Diagnostic* error);
    static std::optional<QJsonValue> parseYaml(const QByteArray& text, Diagnostic* error);
};
