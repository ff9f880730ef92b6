#include "openapi/ParameterSerializer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QUrl>

namespace
{
QString encoded(const QString& text, bool encode)
{
    return encode ? QString::fromLatin1(QUrl::toPercentEncoding(text)) : text;
}

// An array's elements, or an object's keys and values in turn (`k1,v1,k2,v2`), or the
// object's `k=v` pairs when exploded, each encoded.
QStringList parts(const QJsonValue& value, bool explode, bool encode)
{
    QStringList result;
    if (value.isArray()) {
        for (const QJsonValue& element : value.toArray()) {
            result << encoded(ParameterSerializer::text(element), encode);
        }
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto member = object.begin(); member != object.end(); ++member) {
            const QString key = encoded(member.key(), encode);
            const QString text = encoded(ParameterSerializer::text(member.value()), encode);
            result << (explode ? QStringList{key + QLatin1Char('=') + text} : QStringList{key, text});
        }
    } else {
        result << encoded(ParameterSerializer::text(value), encode);
    }
    return result;
}
} // namespace

QString ParameterSerializer::text(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QString ParameterSerializer::simple(const QJsonValue& value, bool explode, bool encode)
{
    return parts(value, explode, encode).join(QLatin1Char(','));
}

QStringList ParameterSerializer::query(const QString& name, const QJsonValue& value, const QString& style, bool explode,
                                       bool encode)
{
    const QString key = encoded(name, encode);
    if (style == QLatin1String("deepObject") && value.isObject()) {
        QStringList pairs;
        const QJsonObject object = value.toObject();
        for (auto member = object.begin(); member != object.end(); ++member) {
            pairs << QStringLiteral("%1[%2]=%3")
                         .arg(key, encoded(member.key(), encode), encoded(text(member.value()), encode));
        }
        return pairs;
    }
    if (explode && value.isObject()) {
        return parts(value, true, encode);
    }
    if (explode && value.isArray()) {
        QStringList pairs;
        for (const QString& element : parts(value, false, encode)) {
            pairs << key + QLatin1Char('=') + element;
        }
        return pairs;
    }
    const QString separator = style == QLatin1String("spaceDelimited") ? QStringLiteral("%20")
        : style == QLatin1String("pipeDelimited")                      ? QStringLiteral("|")
                                                                       : QStringLiteral(",");
    return {key + QLatin1Char('=') + parts(value, false, encode).join(separator)};
}
