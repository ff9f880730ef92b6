#include "proxy/UpstreamTarget.h"

#include <http_parser.h>

namespace
{
QByteArray field(const QByteArray& url, const http_parser_url& parsed, http_parser_url_fields which)
{
    if ((parsed.field_set & (1 << which)) == 0) {
        return {};
    }
    return url.mid(parsed.field_data[which].off, parsed.field_data[which].len);
}

// An IPv6 address keeps its brackets in an authority (RFC 3986 §3.2.2).
QString bracketedHost(const QString& host)
{
    return host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
}
} // namespace

QString UpstreamTarget::authority() const
{
    return bracketedHost(host) + QLatin1Char(':') + QString::number(port);
}

QByteArray UpstreamTarget::hostHeader() const
{
    const quint16 defaultPort = scheme == QLatin1String("https") ? 443 : 80;
    return (port == defaultPort ? bracketedHost(host) : authority()).toUtf8();
}

std::optional<UpstreamTarget> UpstreamTarget::fromAbsoluteUrl(const QByteArray& url, QByteArray* originForm)
{
    http_parser_url parsed;
    http_parser_url_init(&parsed);
    if (http_parser_parse_url(url.constData(), static_cast<size_t>(url.size()), 0, &parsed) != 0) {
        return std::nullopt;
    }
    const QByteArray scheme = field(url, parsed, UF_SCHEMA).toLower();
    const QByteArray host = field(url, parsed, UF_HOST);
    if (scheme != "http" || host.isEmpty()) {
        return std::nullopt;
    }
    UpstreamTarget target{QStringLiteral("http"), QString::fromLatin1(host).toLower(),
                          static_cast<quint16>((parsed.field_set & (1 << UF_PORT)) ? parsed.port : 80)};
    if (originForm) {
        const QByteArray path = field(url, parsed, UF_PATH);
        const QByteArray query = field(url, parsed, UF_QUERY);
        *originForm = (path.isEmpty() ? QByteArray("/") : path) + (query.isEmpty() ? QByteArray() : '?' + query);
    }
    return target;
}

std::optional<UpstreamTarget> UpstreamTarget::fromAuthority(const QByteArray& authority)
{
    http_parser_url parsed;
    http_parser_url_init(&parsed);
    if (http_parser_parse_url(authority.constData(), static_cast<size_t>(authority.size()), 1, &parsed) != 0) {
        return std::nullopt;
    }
    const QByteArray host = field(authority, parsed, UF_HOST);
    if (host.isEmpty() || parsed.port == 0) {
        return std::nullopt;
    }
    return UpstreamTarget{QString(), QString::fromLatin1(host).toLower(), parsed.port};
}
