#include "openapi/OperationCollector.h"

#include "openapi/JsonPointer.h"

#include <QJsonObject>

namespace
{
const QStringList HttpMethods{QStringLiteral("get"),    QStringLiteral("put"),     QStringLiteral("post"),
                              QStringLiteral("delete"), QStringLiteral("options"), QStringLiteral("head"),
                              QStringLiteral("patch"),  QStringLiteral("trace")};

Diagnostic warning(const QString& pointer, const QString& message)
{
    Diagnostic diagnostic;
    diagnostic.severity = Diagnostic::Severity::Warning;
    diagnostic.message = QStringLiteral("%1: %2").arg(pointer, message);
    diagnostic.code = QStringLiteral("openapi-skipped");
    return diagnostic;
}

QString replaceServerVariables(QString url, const QJsonObject& variables)
{
    for (auto variable = variables.begin(); variable != variables.end(); ++variable) {
        const QJsonObject definition = variable.value().toObject();
        QString value = definition.value(QLatin1String("default")).toVariant().toString();
        if (value.isEmpty()) {
            value = definition.value(QLatin1String("enum")).toArray().at(0).toVariant().toString();
        }
        url.replace(QLatin1Char('{') + variable.key() + QLatin1Char('}'), value);
    }
    return url;
}

// The lowest documented 2xx status; 200 when none is, or only a range such as `2XX`.
int successStatus(const QJsonObject& responses)
{
    for (auto response = responses.begin(); response != responses.end(); ++response) {
        bool isNumber = false;
        const int status = response.key().toInt(&isNumber);
        // Keys are sorted, so the first 2xx is the lowest.
        if (isNumber && status >= 200 && status <= 299) {
            return status;
        }
    }
    return 200;
}

// The path item's parameters overridden by the operation's, which share a name and location.
QList<ResolvedValue> mergedParameters(const ReferenceResolver& resolver, const ResolvedValue& pathItem,
                                      const QJsonObject& operation, const QString& pointer, Diagnostics* diagnostics)
{
    QList<ResolvedValue> merged;
    const auto add = [&](const QJsonArray& parameters) {
        for (const QJsonValue& parameter : parameters) {
            QString error;
            const std::optional<ResolvedValue> resolved = resolver.resolve(parameter, pathItem.file, &error);
            if (!resolved) {
                *diagnostics << warning(pointer, QStringLiteral("a parameter is left out: %1").arg(error));
                continue;
            }
            const QJsonObject object = resolved->value.toObject();
            const auto sameParameter = [&object](const ResolvedValue& other) {
                const QJsonObject existing = other.value.toObject();
                return existing.value(QLatin1String("name")) == object.value(QLatin1String("name"))
                    && existing.value(QLatin1String("in")) == object.value(QLatin1String("in"));
            };
            merged.removeIf(sameParameter);
            merged << *resolved;
        }
    };
    add(pathItem.value.toObject().value(QLatin1String("parameters")).toArray());
    add(operation.value(QLatin1String("parameters")).toArray());
    return merged;
}
} // namespace

QString OperationCollector::baseUrl(const QJsonArray& servers, const QUrl& documentUrl)
{
    const QJsonObject server = servers.at(0).toObject();
    QString url = replaceServerVariables(server.value(QLatin1String("url")).toString(),
                                         server.value(QLatin1String("variables")).toObject());
    const bool fetchedOverHttp = documentUrl.scheme().startsWith(QLatin1String("http"));
    if (QUrl(url).isRelative()) {
        url = fetchedOverHttp
            ? documentUrl.resolved(QUrl(url.isEmpty() ? QStringLiteral("/") : url)).toString()
            : QStringLiteral("http://localhost") + (url.startsWith(QLatin1Char('/')) ? url : QLatin1Char('/') + url);
    }
    return withoutTrailingSlashes(url);
}

QString OperationCollector::withoutTrailingSlashes(QString url)
{
    while (url.endsWith(QLatin1Char('/'))) {
        url.chop(1);
    }
    return url;
}

QList<OpenApiOperation> OperationCollector::collect(const OpenApiDocument& document, Diagnostics* diagnostics)
{
    const ReferenceResolver resolver(document);
    const QJsonObject root = document.root();
    const QJsonArray rootServers = root.value(QLatin1String("servers")).toArray();
    const QJsonObject paths = root.value(QLatin1String("paths")).toObject();
    QList<OpenApiOperation> operations;
    for (auto entry = paths.begin(); entry != paths.end(); ++entry) {
        const QString pathPointer = JsonPointer({QStringLiteral("paths"), entry.key()}).toString();
        // OpenAPI's paths begin with a slash; another is no path to append to the server's URL.
        if (!entry.key().startsWith(QLatin1Char('/'))) {
            *diagnostics << warning(pathPointer, QStringLiteral("the path is left out: it does not begin with /"));
            continue;
        }
        QString error;
        const std::optional<ResolvedValue> pathItem = resolver.resolve(entry.value(), document.url(), &error);
        if (!pathItem) {
            *diagnostics << warning(pathPointer, QStringLiteral("the path is left out: %1").arg(error));
            continue;
        }
        const QJsonObject pathObject = pathItem->value.toObject();
        for (const QString& method : HttpMethods) {
            const QJsonObject operation = pathObject.value(method).toObject();
            if (!pathObject.value(method).isObject()) {
                continue;
            }
            OpenApiOperation collected;
            collected.method = method.toUpper();
            collected.path = entry.key();
            collected.pointer = JsonPointer({QStringLiteral("paths"), entry.key(), method}).toString();
            collected.operationId = operation.value(QLatin1String("operationId")).toString();
            collected.summary = operation.value(QLatin1String("summary")).toString();
            for (const QJsonValue& tag : operation.value(QLatin1String("tags")).toArray()) {
                collected.tags << tag.toString();
            }
            // The most specific `servers` wins: the operation's, the path's, then the document's.
            QJsonArray servers = operation.value(QLatin1String("servers")).toArray();
            if (servers.isEmpty()) {
                servers = pathObject.value(QLatin1String("servers")).toArray();
            }
            collected.baseUrl = baseUrl(servers.isEmpty() ? rootServers : servers, document.url());
            collected.parameters = mergedParameters(resolver, *pathItem, operation, collected.pointer, diagnostics);
            if (operation.contains(QLatin1String("requestBody"))) {
                collected.requestBody
                    = resolver.resolve(operation.value(QLatin1String("requestBody")), pathItem->file, &error);
                if (!collected.requestBody) {
                    *diagnostics << warning(collected.pointer, QStringLiteral("the body is left out: %1").arg(error));
                }
            }
            collected.successStatus = successStatus(operation.value(QLatin1String("responses")).toObject());
            operations << collected;
        }
    }
    return operations;
}
