#include "openapi/OpenApiAssembler.h"

#include "openapi/JsonPointer.h"
#include "openapi/OpenApiTextParser.h"
#include "openapi/ReferenceResolver.h"
#include "openapi/SourceLocator.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace
{
// Keys whose values are literal data (examples, defaults), where a `$ref` key is no reference,
// unless they name a property.
bool holdsLiteralData(const QString& key, const QStringList& path)
{
    static const QStringList literalKeys{QStringLiteral("example"), QStringLiteral("default"), QStringLiteral("enum"),
                                         QStringLiteral("const"), QStringLiteral("value")};
    const bool inPropertyNames = !path.isEmpty()
        && (path.last() == QLatin1String("properties") || path.last() == QLatin1String("patternProperties"));
    return !inPropertyNames && literalKeys.contains(key);
}

} // namespace

OpenApiAssembler::OpenApiAssembler(const QUrl& documentUrl)
    : m_documentUrl(OpenApiDocument::fileKey(documentUrl))
{
    m_requested.insert(m_documentUrl);
}

QList<QUrl> OpenApiAssembler::addFile(const QUrl& url, const QByteArray& text)
{
    const QUrl key = OpenApiDocument::fileKey(url);
    Diagnostic error;
    const std::optional<QJsonValue> value = OpenApiTextParser::parse(text, OpenApiDocument::displayName(key), &error);
    if (!value) {
        m_diagnostics << error;
        m_failures.insert(key, QStringLiteral("it is not valid JSON or YAML"));
        return {};
    }
    m_files.insert(key, *value);
    m_texts.insert(key, text);
    QStringList path;
    collectReferences(*value, key, path);
    return std::exchange(m_newlyNeeded, {});
}

void OpenApiAssembler::addFailure(const QUrl& url, const QString& reason)
{
    const QUrl key = OpenApiDocument::fileKey(url);
    m_failures.insert(key, reason);
    // The reason names the file or URL already.
    if (key == m_documentUrl) {
        addError(QStringLiteral("openapi-fetch"), reason, SourceLocation());
    }
}

void OpenApiAssembler::collectReferences(const QJsonValue& value, const QUrl& file, QStringList& path)
{
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype index = 0; index < array.size(); ++index) {
            path << QString::number(index);
            collectReferences(array.at(index), file, path);
            path.removeLast();
        }
        return;
    }
    if (!value.isObject()) {
        return;
    }
    if (ReferenceResolver::isReference(value)) {
        const QString reference = ReferenceResolver::referenceText(value);
        m_references << ReferenceUse{file, path, reference};
        const QUrl target = ReferenceResolver::target(reference, file).file;
        if (!m_requested.contains(target)) {
            request(target);
        }
    }
    const QJsonObject object = value.toObject();
    for (auto member = object.begin(); member != object.end(); ++member) {
        if (member.value().isObject() || member.value().isArray()) {
            if (!holdsLiteralData(member.key(), path)) {
                path << member.key();
                collectReferences(member.value(), file, path);
                path.removeLast();
            }
        }
    }
}

void OpenApiAssembler::request(const QUrl& url)
{
    m_requested.insert(url);
    // Only siblings: the same scheme and host, so that a document never makes us contact another server.
    if (url.scheme() != m_documentUrl.scheme() || url.host() != m_documentUrl.host()
        || url.port() != m_documentUrl.port()) {
        m_failures.insert(
            url,
            QStringLiteral("only files beside the document are read, not %1").arg(OpenApiDocument::displayName(url)));
    } else if (m_requested.size() > MaxFiles) {
        m_failures.insert(url, QStringLiteral("the description spreads over more than %1 files").arg(MaxFiles));
    } else {
        m_newlyNeeded << url;
    }
}

OpenApiLoadResult OpenApiAssembler::finish()
{
    SourceLocator locator(m_texts);
    const auto main = m_files.constFind(m_documentUrl);
    if (main == m_files.constEnd()) {
        return OpenApiLoadResult{std::nullopt, m_diagnostics};
    }
    if (!main->isObject()) {
        addError(QStringLiteral("openapi-not-a-document"),
                 QStringLiteral("not an OpenAPI document: expected a mapping of keys such as `openapi` and `paths`"),
                 locator.locate(m_documentUrl, {}));
        return OpenApiLoadResult{std::nullopt, m_diagnostics};
    }
    checkVersion(main->toObject(), locator);
    OpenApiDocument document(m_documentUrl, m_files);
    checkReferences(document, locator);
    if (hasErrors(m_diagnostics)) {
        return OpenApiLoadResult{std::nullopt, m_diagnostics};
    }
    return OpenApiLoadResult{std::move(document), m_diagnostics};
}

void OpenApiAssembler::checkVersion(const QJsonObject& root, SourceLocator& locator)
{
    const QString version = root.value(QLatin1String("openapi")).toString();
    static const QRegularExpression supported(QStringLiteral(R"(^3\.[01](\.\d+)?(-[0-9A-Za-z.-]+)?$)"));
    if (root.contains(QLatin1String("swagger"))) {
        addError(QStringLiteral("openapi-swagger2"),
                 QStringLiteral("Swagger 2.0 is not supported: convert the document to OpenAPI 3.x first (for "
                                "example with `swagger2openapi`, or in editor.swagger.io with Edit > Convert "
                                "to OpenAPI 3)"),
                 locator.locate(m_documentUrl, {QStringLiteral("swagger")}));
    } else if (!root.contains(QLatin1String("openapi"))) {
        addError(QStringLiteral("openapi-not-a-document"),
                 QStringLiteral("not an OpenAPI document: it has no `openapi` version key"),
                 locator.locate(m_documentUrl, {}));
    } else if (!supported.match(version).hasMatch()) {
        const QJsonValue written = root.value(QLatin1String("openapi"));
        addError(QStringLiteral("openapi-version"),
                 written.isString()
                     ? QStringLiteral("OpenAPI %1 is not supported: Aftershock reads 3.0.x and 3.1.x").arg(version)
                     : QStringLiteral("`openapi` must be a version text such as \"3.0.3\" (quote "
                                      "it in YAML)"),
                 locator.locate(m_documentUrl, {QStringLiteral("openapi")}));
    }
}

void OpenApiAssembler::checkReferences(const OpenApiDocument& document, SourceLocator& locator)
{
    const ReferenceResolver resolver(document);
    for (const ReferenceUse& use : std::as_const(m_references)) {
        QString why;
        const ReferenceTarget target = ReferenceResolver::target(use.reference, use.file);
        const auto failure = m_failures.constFind(target.file);
        if (failure != m_failures.constEnd()) {
            why = *failure;
        } else if (resolver.resolve(QJsonObject{{QStringLiteral("$ref"), use.reference}}, use.file, &why)) {
            continue;
        }
        addError(QStringLiteral("openapi-unresolved-ref"),
                 QStringLiteral("cannot resolve $ref '%1' used at %2: %3")
                     .arg(use.reference, JsonPointer(use.path).toString(), why),
                 locator.locate(use.file, use.path + QStringList{QStringLiteral("$ref")}));
    }
}

void OpenApiAssembler::addError(const QString& code, const QString& message, const SourceLocation& location)
{
    Diagnostic diagnostic;
    diagnostic.location = location;
    diagnostic.message = message;
    diagnostic.code = code;
    m_diagnostics << diagnostic;
}
