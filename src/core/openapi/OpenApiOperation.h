#pragma once

#include "openapi/ReferenceResolver.h"

#include <optional>

#include <QList>
#include <QString>
#include <QStringList>

// One operation of a document, a method on a path, with what building a call for it needs.
struct OpenApiOperation
{
    QString method; // upper case: GET, POST, …
    QString path; // as the document writes it: `/users/{user_id}`
    QString operationId; // empty when the document gives none
    QStringList tags;
    QString summary;
    QString baseUrl; // from `servers`, without a trailing slash
    // The path item's and the operation's, the operation's winning, references resolved.
    QList<ResolvedValue> parameters;
    std::optional<ResolvedValue> requestBody;
    int successStatus = 200; // the lowest documented 2xx
    QString pointer; // `#/paths/~1users/get`, for messages

    // `GET /users/{user_id}`
    QString displayName() const
    {
        return method + QLatin1Char(' ') + path;
    }
};
