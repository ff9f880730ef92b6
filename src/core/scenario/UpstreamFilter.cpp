#include "scenario/UpstreamFilter.h"

#include <algorithm>

#include <QUrl>

namespace
{
QString canonicalHost(QString host)
{
    host = host.toLower();
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'))) {
        host = host.mid(1, host.size() - 2);
    }
    if (host == QLatin1String("127.0.0.1") || host == QLatin1String("::1")) {
        return QStringLiteral("localhost");
    }
    return host;
}
} // namespace

UpstreamFilter::UpstreamFilter(const QStringList& upstreams)
{
    for (const QString& text : upstreams) {
        if (const auto entry = parseEntry(text.trimmed())) {
            m_entries.append(*entry);
        }
    }
}

bool UpstreamFilter::matches(const QString& host, quint16 port) const
{
    const QString canonical = canonicalHost(host);
    return std::any_of(m_entries.begin(), m_entries.end(), [&](const Entry& entry) {
        return (entry.port == 0 || entry.port == port) && hostMatches(entry.host, canonical);
    });
}

bool UpstreamFilter::isEmpty() const
{
    return m_entries.isEmpty();
}

std::optional<UpstreamFilter::Entry> UpstreamFilter::parseEntry(const QString& text)
{
    if (text.isEmpty()) {
        return std::nullopt;
    }
    if (text == QLatin1String("*")) {
        return Entry{QStringLiteral("*"), 0};
    }
    if (text.contains(QLatin1String("://"))) {
        const QUrl url(text);
        if (!url.isValid() || url.host().isEmpty()) {
            return std::nullopt;
        }
        const int schemePort = url.scheme() == QLatin1String("https") ? 443 : 80;
        return Entry{canonicalHost(url.host()), static_cast<quint16>(url.port(schemePort))};
    }
    // host, host:port, [v6]:port or a bare IPv6 address.
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    const bool bareIpv6 = text.count(QLatin1Char(':')) > 1 && !text.startsWith(QLatin1Char('['));
    if (colon < 0 || bareIpv6 || text.endsWith(QLatin1Char(']'))) {
        return Entry{canonicalHost(text), 0};
    }
    bool isNumber = false;
    const uint port = text.mid(colon + 1).toUInt(&isNumber);
    if (!isNumber || port > 65535) {
        return std::nullopt;
    }
    return Entry{canonicalHost(text.left(colon)), static_cast<quint16>(port)};
}

bool UpstreamFilter::hostMatches(const QString& pattern, const QString& host)
{
    if (pattern == QLatin1String("*")) {
        return true;
    }
    if (pattern.startsWith(QLatin1String("*."))) {
        return host.endsWith(pattern.mid(1)) || host == pattern.mid(2);
    }
    return pattern == host;
}
