#pragma once

#include <optional>

#include <QByteArray>
#include <QString>

// Where in a JSON text the value at a path (`results[0].scenario.items`, as ResultsJsonReader
// names them) begins, so that an error found on the parsed document can point at its line and
// column. Qt's JSON parser keeps no positions; this scans the text once, when there is an error.
class JsonLocator
{
public:
    // The byte offset of the value's first character; nothing when the path is not in the text.
    static std::optional<qsizetype> offsetOf(const QByteArray& json, const QString& path);
};
