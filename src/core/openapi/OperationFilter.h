#pragma once

#include "openapi/OpenApiOperation.h"

#include <QStringList>

// Chooses operations by tag, path glob and operation id. Within a kind any value may match;
// every kind given must match. An empty filter chooses every operation.
struct OperationFilter
{
    QStringList tags;
    // Shell wildcards (`*`, `?`, `[...]`) on the path as the document writes it; `*` also
    // matches `/`, so `/users/*` takes `/users/{id}/orders` too.
    QStringList pathGlobs;
    QStringList operationIds;

    bool isEmpty() const;
    bool matches(const OpenApiOperation& operation) const;
    // `tags: a, b; paths: /x*` for messages.
    QString describe() const;
};
