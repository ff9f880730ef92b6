#include "openapi/CallBuilder.h"

#include "openapi/ParameterSerializer.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

namespace
{
// OpenAPI says these header parameters are ignored: other parts of the description set them.
bool isReservedHeader(const QString& name)
{
    return name.compare(QLatin1String("Accept"), Qt::CaseInsensitive) == 0
        || name.compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0
        || name.compare(QLatin1String("Authorization"), Qt::CaseInsensitive) == 0;
}

// The path with what a URL's path cannot hold percent-encoded (RFC 3986 §3.3), as the document
// may spell it `/files/[id]` or `/a b`; octets already encoded stay as they are.
QString encodedPath(const QString& path)
{
    static const QRegularExpression encodedOctet(QStringLiteral("%[0-9A-Fa-f]{2}"));
    const auto encoded = [](QStringView text) {
        return QString::fromLatin1(QUrl::toPercentEncoding(text.toString(), "/!$&'()*+,;=:@"));
    };
    QString result;
    qsizetype from = 0;
    for (const QRegularExpressionMatch& match : encodedOctet.globalMatch(path)) {
        result += encoded(QStringView(path).sliced(from, match.capturedStart() - from)) + match.captured();
        from = match.capturedEnd();
    }
    return result + encoded(QStringView(path).sliced(from));
}

// The parameter's `explode`, which defaults to true for the form style only.
bool explodes(const QJsonObject& parameter, const QString& style)
{
    return parameter.value(QLatin1String("explode")).toBool(style == QLatin1String("form"));
}
} // namespace

CallBuilder::CallBuilder(const ReferenceResolver& resolver)
    : m_examples(resolver)
    , m_bodies(resolver)
{ }

std::optional<QJsonValue> CallBuilder::parameterValue(const ResolvedValue& parameter)
{
    const QJsonObject definition = parameter.value.toObject();
    // A parameter has a schema or, rarely, a content map with one media type. A content
    // parameter is sent as its media type writes it (JSON in practice), not styled.
    const QJsonObject content = definition.value(QLatin1String("content")).toObject();
    const bool isContent = !definition.contains(QLatin1String("schema")) && !content.isEmpty();
    const QJsonObject media = isContent ? content.begin().value().toObject() : QJsonObject();
    const QJsonValue schema = (isContent ? media : definition).value(QLatin1String("schema"));
    std::optional<QJsonValue> value = m_examples.statedValue(definition, parameter.file);
    if (!value && isContent) {
        value = m_examples.statedValue(media, parameter.file);
    }
    if (!value) {
        value = m_examples.statedValue(schema, parameter.file);
    }
    const bool required = definition.value(QLatin1String("required")).toBool()
        || definition.value(QLatin1String("in")).toString() == QLatin1String("path");
    if (!value && required) {
        value = m_examples.build(schema, parameter.file);
    }
    if (value && isContent) {
        value = ParameterSerializer::text(*value);
    }
    return value;
}

Call CallBuilder::build(const OpenApiOperation& operation, Diagnostics* diagnostics)
{
    Call call;
    call.method = operation.method;
    call.operationId = operation.operationId.isEmpty() ? std::nullopt : std::optional(operation.operationId);
    QString path = operation.path;
    QStringList query;
    QStringList cookies;
    for (const ResolvedValue& parameter : operation.parameters) {
        const std::optional<QJsonValue> value = parameterValue(parameter);
        if (!value) {
            continue;
        }
        const QJsonObject definition = parameter.value.toObject();
        const QString name = definition.value(QLatin1String("name")).toString();
        const QString location = definition.value(QLatin1String("in")).toString();
        const QString style = definition.value(QLatin1String("style"))
                                  .toString(location == QLatin1String("query") || location == QLatin1String("cookie")
                                                ? QStringLiteral("form")
                                                : QStringLiteral("simple"));
        const bool explode = explodes(definition, style);
        if (location == QLatin1String("path")) {
            path.replace(QLatin1Char('{') + name + QLatin1Char('}'),
                         ParameterSerializer::simple(*value, explode, true));
        } else if (location == QLatin1String("query")) {
            query << ParameterSerializer::query(name, *value, style, explode, true);
        } else if (location == QLatin1String("header") && !isReservedHeader(name)) {
            call.headers << qMakePair(name, ParameterSerializer::simple(*value, explode, false));
        } else if (location == QLatin1String("cookie")) {
            cookies << ParameterSerializer::query(name, *value, style, explode, false);
        }
    }
    static const QRegularExpression undescribedSegment(QStringLiteral("\\{([^}/]*)\\}"));
    for (const QRegularExpressionMatch& match : undescribedSegment.globalMatch(path)) {
        Diagnostic warning;
        warning.severity = Diagnostic::Severity::Warning;
        warning.code = QStringLiteral("openapi-path-parameter");
        warning.message = QStringLiteral("%1: the path parameter {%2} is not described; 1 is sent")
                              .arg(operation.pointer, match.captured(1));
        *diagnostics << warning;
    }
    path.replace(undescribedSegment, QStringLiteral("1"));
    call.url = operation.baseUrl + encodedPath(path)
        + (query.isEmpty() ? QString() : QLatin1Char('?') + query.join(QLatin1Char('&')));
    if (!cookies.isEmpty()) {
        call.headers << qMakePair(QStringLiteral("Cookie"), cookies.join(QStringLiteral("; ")));
    }
    if (operation.requestBody) {
        if (const std::optional<RequestBody> body = m_bodies.build(*operation.requestBody)) {
            call.headers << qMakePair(QStringLiteral("Content-Type"), body->contentType);
            call.body = body->body;
        }
    }
    return call;
}
