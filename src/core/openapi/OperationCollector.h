#pragma once

#include "openapi/OpenApiDocument.h"
#include "openapi/OpenApiOperation.h"
#include "scenario/Diagnostic.h"

#include <QJsonArray>
#include <QList>

// Lists the operations of a document, by path and then method, each with its parameters, body,
// success status and base URL worked out.
class OperationCollector
{
public:
    // Parts that cannot be read are left out with a warning in diagnostics.
    static QList<OpenApiOperation> collect(const OpenApiDocument& document, Diagnostics* diagnostics);

    // The first server's URL with its variables at their defaults, relative URLs resolved
    // against the document's when it came over HTTP; `http://localhost` when there is none.
    static QString baseUrl(const QJsonArray& servers, const QUrl& documentUrl);
    // A base URL as calls append paths to it: `http://host:80/` becomes `http://host:80`.
    static QString withoutTrailingSlashes(QString url);
};
