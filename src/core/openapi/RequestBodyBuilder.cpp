#include "openapi/RequestBodyBuilder.h"

#include "openapi/ParameterSerializer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>

namespace
{
const QString MultipartBoundary = QStringLiteral("aftershock-boundary-7d1c3f");

// application/json, application/problem+json, application/json; charset=utf-8, …
bool isJson(const QString& mediaType)
{
    return mediaType.contains(QLatin1String("json"));
}

// JSON first, as most APIs take it, then what a form or a plain client sends.
QString preferredMediaType(const QJsonObject& content)
{
    const QStringList mediaTypes = content.keys();
    for (const auto& accepts : std::initializer_list<std::function<bool(const QString&)>>{
             isJson, [](const QString& type) { return type == QLatin1String("application/x-www-form-urlencoded"); },
             [](const QString& type) { return type.startsWith(QLatin1String("text/")); },
             [](const QString& type) {
                 return type == QLatin1String("multipart/form-data");
             }}) {
        for (const QString& mediaType : mediaTypes) {
            if (accepts(mediaType)) {
                return mediaType;
            }
        }
    }
    return mediaTypes.value(0);
}

QString formEncoded(const QJsonObject& fields)
{
    QStringList pairs;
    for (auto field = fields.begin(); field != fields.end(); ++field) {
        pairs << QString::fromLatin1(QUrl::toPercentEncoding(field.key()) + '='
                                     + QUrl::toPercentEncoding(ParameterSerializer::text(field.value())));
    }
    return pairs.join(QLatin1Char('&'));
}

QString multipartEncoded(const QJsonObject& fields)
{
    QString body;
    for (auto field = fields.begin(); field != fields.end(); ++field) {
        body += QStringLiteral("--%1\r\nContent-Disposition: form-data; name=\"%2\"\r\n\r\n%3\r\n")
                    .arg(MultipartBoundary, field.key(), ParameterSerializer::text(field.value()));
    }
    return body + QStringLiteral("--%1--\r\n").arg(MultipartBoundary);
}
} // namespace

RequestBodyBuilder::RequestBodyBuilder(const ReferenceResolver& resolver)
    : m_examples(resolver)
{ }

std::optional<RequestBody> RequestBodyBuilder::build(const ResolvedValue& requestBody)
{
    const QJsonObject definition = requestBody.value.toObject();
    const QJsonObject content = definition.value(QLatin1String("content")).toObject();
    const QString mediaType = preferredMediaType(content);
    if (mediaType.isEmpty()) {
        return std::nullopt;
    }
    const QJsonObject media = content.value(mediaType).toObject();
    std::optional<QJsonValue> value = m_examples.statedValue(media, requestBody.file);
    if (!value && !definition.value(QLatin1String("required")).toBool()) {
        return std::nullopt;
    }
    if (!value) {
        value = m_examples.build(media.value(QLatin1String("schema")), requestBody.file);
    }
    if (mediaType == QLatin1String("application/x-www-form-urlencoded") && value->isObject()) {
        return RequestBody{mediaType, formEncoded(value->toObject())};
    }
    if (mediaType == QLatin1String("multipart/form-data") && value->isObject()) {
        return RequestBody{mediaType + QStringLiteral("; boundary=") + MultipartBoundary,
                           multipartEncoded(value->toObject())};
    }
    return RequestBody{mediaType, ParameterSerializer::text(*value)};
}
