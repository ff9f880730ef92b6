#include "openapi/JsonPointer.h"

#include <QJsonArray>
#include <QJsonObject>

JsonPointer::JsonPointer(QStringList tokens)
    : m_tokens(std::move(tokens))
{ }

std::optional<JsonPointer> JsonPointer::fromFragment(const QString& fragment)
{
    if (fragment.isEmpty()) {
        return JsonPointer();
    }
    if (!fragment.startsWith(QLatin1Char('/'))) {
        return std::nullopt;
    }
    QStringList tokens = fragment.mid(1).split(QLatin1Char('/'));
    for (QString& token : tokens) {
        // `~1` first, so that `~01` becomes `~1` and not `/`.
        token.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
    }
    return JsonPointer(std::move(tokens));
}

QString JsonPointer::toString() const
{
    QString text = QStringLiteral("#");
    for (QString token : m_tokens) {
        text += QLatin1Char('/')
            + token.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
    }
    return text;
}

std::optional<QJsonValue> JsonPointer::evaluate(const QJsonValue& root) const
{
    QJsonValue current = root;
    for (const QString& token : m_tokens) {
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            const auto found = object.constFind(token);
            if (found == object.constEnd()) {
                return std::nullopt;
            }
            current = *found;
        } else if (current.isArray()) {
            bool isIndex = false;
            const qsizetype index = token.toLongLong(&isIndex);
            const QJsonArray array = current.toArray();
            if (!isIndex || index < 0 || index >= array.size()) {
                return std::nullopt;
            }
            current = array.at(index);
        } else {
            return std::nullopt;
        }
    }
    return current;
}
