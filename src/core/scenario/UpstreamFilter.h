#pragma once

#include <optional>

#include <QList>
#include <QStringList>

// Decides which traffic gets faults (SPEC.md §4): `*` matches everything; otherwise an entry is a
// URL (`http://localhost:9090/`) or `host[:port]`, where a host may start with `*.` to match its
// subdomains. A URL without a port means its scheme's port; a bare host matches any port.
// localhost, 127.0.0.1 and ::1 are one host, as a client may name loopback either way.
class UpstreamFilter
{
public:
    explicit UpstreamFilter(const QStringList& upstreams = {});

    bool matches(const QString& host, quint16 port) const;
    bool isEmpty() const;

private:
    struct Entry
    {
        QString host; // lower case, loopback spelled "localhost"; "*" for any
        quint16 port = 0; // 0: any
    };
    static std::optional<Entry> parseEntry(const QString& text);
    static bool hostMatches(const QString& pattern, const QString& host);

    QList<Entry> m_entries;
};
