#include "editor/UrlValidator.h"

#include <QRegularExpression>
#include <QUrl>

QValidator::State UrlValidator::validate(QString& input, int&) const
{
    static const QRegularExpression whiteSpace(QStringLiteral("\\s"));
    if (input.contains(whiteSpace)) {
        return Invalid;
    }
    return problem(input).isEmpty() ? Acceptable : Intermediate;
}

QString UrlValidator::problem(const QString& url)
{
    if (url.isEmpty()) {
        return tr("Enter the URL to call, for example http://localhost:9090/users/{user_id}");
    }
    // A placeholder stands for one path segment: check the URL with a sample value in its place.
    static const QRegularExpression placeholder(QStringLiteral("\\{[A-Za-z0-9_.-]+\\}"));
    QString sample = url;
    sample.replace(placeholder, QStringLiteral("segment"));
    const QUrl parsed(sample, QUrl::StrictMode);
    if (!parsed.isValid()) {
        return tr("Not a valid URL: %1").arg(parsed.errorString());
    }
    if (parsed.scheme() != QLatin1String("http") && parsed.scheme() != QLatin1String("https")) {
        return tr("The URL must start with http:// or https://");
    }
    if (parsed.host().isEmpty()) {
        return tr("The URL needs a host, for example http://localhost:9090/");
    }
    return {};
}
