#pragma once

#include <optional>

#include <QByteArray>
#include <QString>

// Where a request or tunnel goes: the host and port the proxy connects to.
struct UpstreamTarget
{
    QString scheme; // "http", "https", or empty when unknown (TCP mappings)
    QString host;
    quint16 port = 0;

    bool operator==(const UpstreamTarget&) const = default;
    // `host:port`, with brackets around an IPv6 address.
    QString authority() const;
    // The Host header that names this target (RFC 9112 §3.2): the authority, without the port
    // when it is the scheme's default.
    QByteArray hostHeader() const;

    // An absolute-form request target (`http://host:port/path?query`): the upstream, and the
    // origin-form target (`/path?query`) to send it. Nothing when it is not an absolute http URL.
    static std::optional<UpstreamTarget> fromAbsoluteUrl(const QByteArray& url, QByteArray* originForm);
    // A CONNECT target (`host:port`).
    static std::optional<UpstreamTarget> fromAuthority(const QByteArray& authority);
};
