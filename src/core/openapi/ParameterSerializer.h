#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

// Writes parameter values the way OpenAPI's `style` and `explode` say (simple for path and
// header, form for query and cookie, deepObject, space- and pipe-delimited).
class ParameterSerializer
{
public:
    // The text a single value is sent as: texts as they are, numbers without a needless
    // fraction, lists and objects as compact JSON.
    static QString text(const QJsonValue& value);
    // The path segment or header value for a `simple` parameter, percent-encoded when encode.
    static QString simple(const QJsonValue& value, bool explode, bool encode);
    // The `name=value` pairs of a query or cookie parameter, already percent-encoded when encode.
    static QStringList query(const QString& name, const QJsonValue& value, const QString& style, bool explode,
                             bool encode);
};
