#include "scenario/YamlValueReader.h"

#include "scenario/Duration.h"

#include <cmath>

#include <QRegularExpression>
#include <QUrl>

namespace
{
QString quoted(const QString& text)
{
    constexpr qsizetype shownLength = 60;
    const QString shown = text.size() > shownLength ? text.left(shownLength) + QStringLiteral("…") : text;
    return QLatin1Char('`') + shown + QLatin1Char('`');
}

QString kindOf(const YAML::Node& value)
{
    return value.IsSequence() ? QStringLiteral("a list") : QStringLiteral("a mapping");
}

// `{segment}` placeholders are filled in at run time; any text stands in for them here.
QString withoutPlaceholders(const QString& url)
{
    static const QRegularExpression placeholder(QStringLiteral(R"(\{[^{}/]*\})"));
    return QString(url).replace(placeholder, QStringLiteral("x"));
}

bool hasSchemeAndHost(const QString& text)
{
    const QUrl url(withoutPlaceholders(text), QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}
} // namespace

YamlValueReader::YamlValueReader(YamlDocumentContext& context)
    : m_context(context)
{ }

std::optional<QString> YamlValueReader::scalar(const ScenarioKey& key, const YAML::Node& value, const QString& what)
{
    if (!value.IsScalar()) {
        m_context.error(value, QStringLiteral("wrong-type"),
                        QStringLiteral("`%1` takes %2, not %3").arg(key.name, what, kindOf(value)));
        return std::nullopt;
    }
    return QString::fromStdString(value.Scalar());
}

bool YamlValueReader::inRange(const ScenarioKey& key, const YAML::Node& value, double number, const QString& shown)
{
    if (number >= key.minimum && number <= key.maximum) {
        return true;
    }
    m_context.error(value, QStringLiteral("out-of-range"),
                    QStringLiteral("`%1` must be %2, not %3").arg(key.name, key.rangeText(), shown));
    return false;
}

std::optional<QString> YamlValueReader::text(const ScenarioKey& key, const YAML::Node& value)
{
    return scalar(key, value, QStringLiteral("text"));
}

std::optional<qint64> YamlValueReader::integer(const ScenarioKey& key, const YAML::Node& value)
{
    const std::optional<QString> text = scalar(key, value, QStringLiteral("a whole number"));
    if (!text) {
        return std::nullopt;
    }
    bool isInteger = false;
    const qint64 parsed = text->toLongLong(&isInteger);
    if (isInteger) {
        return inRange(key, value, static_cast<double>(parsed), quoted(*text)) ? std::optional<qint64>(parsed)
                                                                               : std::nullopt;
    }
    // `5.0` is a whole number written with a decimal point; `2.5` and `five` are not. Numbers
    // too large for 64 bits are still numbers, and get the range in the message.
    bool isNumber = false;
    const double approximate = text->toDouble(&isNumber);
    if (!isNumber || !std::isfinite(approximate) || std::trunc(approximate) != approximate) {
        m_context.error(
            value, QStringLiteral("wrong-type"),
            QStringLiteral("`%1` takes a whole number %2, not %3").arg(key.name, key.rangeText(), quoted(*text)));
        return std::nullopt;
    }
    return inRange(key, value, approximate, quoted(*text)) ? std::optional<qint64>(static_cast<qint64>(approximate))
                                                           : std::nullopt;
}

std::optional<double> YamlValueReader::number(const ScenarioKey& key, const YAML::Node& value)
{
    const std::optional<QString> text = scalar(key, value, QStringLiteral("a number"));
    if (!text) {
        return std::nullopt;
    }
    bool isNumber = false;
    const double parsed = text->toDouble(&isNumber);
    if (!isNumber || !std::isfinite(parsed)) {
        m_context.error(value, QStringLiteral("wrong-type"),
                        QStringLiteral("`%1` takes a number %2, not %3").arg(key.name, key.rangeText(), quoted(*text)));
        return std::nullopt;
    }
    if (!inRange(key, value, parsed, quoted(*text))) {
        return std::nullopt;
    }
    return parsed;
}

std::optional<bool> YamlValueReader::boolean(const ScenarioKey& key, const YAML::Node& value)
{
    const std::optional<QString> text = scalar(key, value, QStringLiteral("true or false"));
    if (!text) {
        return std::nullopt;
    }
    if (text->compare(QLatin1String("true"), Qt::CaseInsensitive) == 0) {
        return true;
    }
    if (text->compare(QLatin1String("false"), Qt::CaseInsensitive) == 0) {
        return false;
    }
    m_context.error(value, QStringLiteral("wrong-type"),
                    QStringLiteral("`%1` takes true or false, not %2").arg(key.name, quoted(*text)));
    return std::nullopt;
}

std::optional<QString> YamlValueReader::choice(const ScenarioKey& key, const YAML::Node& value)
{
    const QString choices = QLatin1Char('`') + key.choices.join(QStringLiteral("`, `")) + QLatin1Char('`');
    const std::optional<QString> text = scalar(key, value, QStringLiteral("one of ") + choices);
    if (!text) {
        return std::nullopt;
    }
    for (const QString& known : key.choices) {
        if (known.compare(text->trimmed(), Qt::CaseInsensitive) == 0) {
            return known;
        }
    }
    m_context.error(value, QStringLiteral("unknown-value"),
                    QStringLiteral("`%1` takes one of %2, not %3").arg(key.name, choices, quoted(*text)));
    return std::nullopt;
}

std::optional<double> YamlValueReader::durationMilliseconds(const ScenarioKey& key, const YAML::Node& value)
{
    const std::optional<QString> text = scalar(key, value, QStringLiteral("a duration such as `10s`"));
    if (!text) {
        return std::nullopt;
    }
    const std::optional<double> milliseconds = parseDuration(*text);
    if (!milliseconds) {
        m_context.error(value, QStringLiteral("wrong-type"),
                        QStringLiteral("`%1` takes a duration such as `10s`, `500ms` or `1m30s`, not %2")
                            .arg(key.name, quoted(*text)));
        return std::nullopt;
    }
    if (*milliseconds < key.minimum || *milliseconds > key.maximum) {
        m_context.error(value, QStringLiteral("out-of-range"),
                        QStringLiteral("`%1` must be from %2 to %3, not %4")
                            .arg(key.name, formatDuration(key.minimum), formatDuration(key.maximum), quoted(*text)));
        return std::nullopt;
    }
    return milliseconds;
}

std::optional<Period> YamlValueReader::period(const ScenarioKey& key, const YAML::Node& value)
{
    const std::optional<QString> text = scalar(key, value, QStringLiteral("a period such as `start:10%,duration:15%`"));
    if (!text) {
        return std::nullopt;
    }
    QString why;
    const std::optional<Period> parsed = parsePeriod(*text, &why);
    if (!parsed) {
        m_context.error(value, QStringLiteral("invalid-period"), QStringLiteral("`%1`: %2").arg(key.name, why));
    }
    return parsed;
}

std::optional<QString> YamlValueReader::url(const ScenarioKey& key, const YAML::Node& value)
{
    const std::optional<QString> text = scalar(key, value, QStringLiteral("a URL"));
    if (!text) {
        return std::nullopt;
    }
    if (!hasSchemeAndHost(text->trimmed())) {
        m_context.error(value, QStringLiteral("invalid-url"),
                        QStringLiteral("`%1` needs an http or https URL with a host, such as "
                                       "`http://localhost:9090/`, not %2")
                            .arg(key.name, quoted(*text)));
        return std::nullopt;
    }
    return text->trimmed();
}

std::optional<QString> YamlValueReader::httpMethod(const ScenarioKey& key, const YAML::Node& value)
{
    static const QStringList standard{QStringLiteral("GET"),     QStringLiteral("HEAD"),   QStringLiteral("POST"),
                                      QStringLiteral("PUT"),     QStringLiteral("DELETE"), QStringLiteral("CONNECT"),
                                      QStringLiteral("OPTIONS"), QStringLiteral("TRACE"),  QStringLiteral("PATCH")};
    static const QRegularExpression token(QStringLiteral(R"(^[!#$%&'*+.^_`|~0-9A-Za-z-]+$)"));
    const std::optional<QString> text = scalar(key, value, QStringLiteral("an HTTP method"));
    if (!text) {
        return std::nullopt;
    }
    const QString upper = text->trimmed().toUpper();
    if (standard.contains(upper)) {
        return upper;
    }
    if (!token.match(*text).hasMatch()) {
        m_context.error(
            value, QStringLiteral("invalid-method"),
            QStringLiteral("`%1` takes an HTTP method such as GET or POST, not %2").arg(key.name, quoted(*text)));
        return std::nullopt;
    }
    m_context.warning(value, QStringLiteral("unusual-method"),
                      QStringLiteral("%1 is not a standard HTTP method; it is sent as written").arg(quoted(*text)));
    return *text;
}

bool YamlValueReader::isUpstream(const QString& text) const
{
    if (text == QLatin1String("*") || hasSchemeAndHost(text)) {
        return true;
    }
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    bool isPort = false;
    const int port = colon > 0 ? text.mid(colon + 1).toInt(&isPort) : 0;
    const QUrl hostOnly(QStringLiteral("http://") + text.left(colon) + QLatin1Char('/'), QUrl::StrictMode);
    return isPort && port >= 1 && port <= 65535 && hostOnly.isValid() && !hostOnly.host().isEmpty();
}

std::optional<QStringList> YamlValueReader::upstreams(const ScenarioKey& key, const YAML::Node& value)
{
    if (!value.IsSequence()) {
        m_context.error(value, QStringLiteral("wrong-type"),
                        QStringLiteral("`%1` takes a list of URLs or `host:port`").arg(key.name));
        return std::nullopt;
    }
    QStringList hosts;
    bool allValid = true;
    for (const YAML::Node& entry : value) {
        const std::optional<QString> text = scalar(key, entry, QStringLiteral("URLs or `host:port`"));
        if (text && isUpstream(text->trimmed())) {
            hosts.append(text->trimmed());
        } else if (text) {
            m_context.error(
                entry, QStringLiteral("invalid-url"),
                QStringLiteral("%1 in `%2` is not a URL with a host, `host:port` or `*`").arg(quoted(*text), key.name));
            allValid = false;
        } else {
            allValid = false;
        }
    }
    return allValid ? std::optional<QStringList>(hosts) : std::nullopt;
}

std::optional<HttpHeaders> YamlValueReader::textMap(const ScenarioKey& key, const YAML::Node& value)
{
    if (!value.IsMap()) {
        m_context.error(value, QStringLiteral("wrong-type"),
                        QStringLiteral("`%1` takes a mapping of names to text").arg(key.name));
        return std::nullopt;
    }
    HttpHeaders pairs;
    bool allValid = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
        const std::optional<QString> name = scalar(key, it->first, QStringLiteral("names that are text"));
        const std::optional<QString> text
            = it->second.IsNull() ? std::optional<QString>(QString()) : scalar(key, it->second, QStringLiteral("text"));
        if (name && text) {
            pairs.append({*name, *text});
        } else {
            allValid = false;
        }
    }
    return allValid ? std::optional<HttpHeaders>(pairs) : std::nullopt;
}
