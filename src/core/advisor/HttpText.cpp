#include "advisor/HttpText.h"

#include <QRegularExpression>

namespace HttpText
{
QString snippet(const QByteArray& body)
{
    constexpr int Length = 200;
    QString text = QString::fromUtf8(body.left(Length * 4)).simplified();
    if (text.size() > Length) {
        text = text.left(Length) + QStringLiteral("…");
    }
    return text.isEmpty() ? QStringLiteral("an empty body") : QStringLiteral("\"%1\"").arg(text);
}

QUrl withPath(const QUrl& base, const QString& path)
{
    QUrl url = base;
    QString basePath = base.path();
    while (basePath.endsWith(QLatin1Char('/'))) {
        basePath.chop(1);
    }
    url.setPath(basePath + path);
    return url;
}

QString redacted(QString text, const QString& apiKey)
{
    static const QRegularExpression quotedKey(QStringLiteral("(API key provided:?\\s*)\\S+"),
                                              QRegularExpression::CaseInsensitiveOption);
    text.replace(quotedKey, QStringLiteral("\\1[hidden]"));
    const QString key = apiKey.trimmed();
    if (!key.isEmpty()) {
        text.replace(key, QStringLiteral("[the API key]"));
        text.replace(QString::fromLatin1(QUrl::toPercentEncoding(key)), QStringLiteral("[the API key]"));
    }
    return text;
}
} // namespace HttpText
