#include "openapi/OperationFilter.h"

#include <algorithm>
#include <fnmatch.h>

bool OperationFilter::isEmpty() const
{
    return tags.isEmpty() && pathGlobs.isEmpty() && operationIds.isEmpty();
}

bool OperationFilter::matches(const OpenApiOperation& operation) const
{
    const bool tagMatches = tags.isEmpty()
        || std::any_of(tags.begin(), tags.end(), [&](const QString& tag) { return operation.tags.contains(tag); });
    const QByteArray path = operation.path.toUtf8();
    const bool pathMatches
        = pathGlobs.isEmpty() || std::any_of(pathGlobs.begin(), pathGlobs.end(), [&](const QString& glob) {
              return fnmatch(glob.toUtf8().constData(), path.constData(), 0) == 0;
          });
    const bool idMatches = operationIds.isEmpty() || operationIds.contains(operation.operationId);
    return tagMatches && pathMatches && idMatches;
}

QString OperationFilter::describe() const
{
    QStringList parts;
    if (!tags.isEmpty()) {
        parts << QStringLiteral("tags: ") + tags.join(QStringLiteral(", "));
    }
    if (!pathGlobs.isEmpty()) {
        parts << QStringLiteral("paths: ") + pathGlobs.join(QStringLiteral(", "));
    }
    if (!operationIds.isEmpty()) {
        parts << QStringLiteral("operation ids: ") + operationIds.join(QStringLiteral(", "));
    }
    return parts.join(QStringLiteral("; "));
}
