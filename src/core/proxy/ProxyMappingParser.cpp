#include "proxy/ProxyMappingParser.h"

std::optional<ProxyMapping> ProxyMappingParser::parse(const QString& text, QString* error)
{
    const auto fail = [&](const QString& reason) -> std::optional<ProxyMapping> {
        if (error) {
            *error
                = QStringLiteral("'%1' is not a mapping ([proto:][listen_ip]:listen_port=remote_host:remote_port): %2")
                      .arg(text, reason);
        }
        return std::nullopt;
    };
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    if (equals < 0) {
        return fail(QStringLiteral("no '='"));
    }
    QString listen = text.left(equals).trimmed();
    const QString remote = text.mid(equals + 1).trimmed();

    ProxyMapping mapping;
    const QList<QPair<QString, ProxyMapping::Protocol>> protocols{
        {QStringLiteral("tcp:"), ProxyMapping::Protocol::Tcp},
        {QStringLiteral("http:"), ProxyMapping::Protocol::Http},
        {QStringLiteral("https:"), ProxyMapping::Protocol::Https}};
    for (const auto& [prefix, protocol] : protocols) {
        if (listen.startsWith(prefix, Qt::CaseInsensitive)) {
            mapping.protocol = protocol;
            listen = listen.mid(prefix.size());
            break;
        }
    }
    QString listenHost;
    if (!splitHostPort(listen, &listenHost, &mapping.listenPort)) {
        return fail(QStringLiteral("the listening side needs [listen_ip]:port"));
    }
    if (!listenHost.isEmpty()) {
        mapping.listenAddress = QHostAddress(listenHost);
        if (mapping.listenAddress.isNull()) {
            return fail(QStringLiteral("'%1' is not an IP address").arg(listenHost));
        }
    }
    if (!splitHostPort(remote, &mapping.remoteHost, &mapping.remotePort) || mapping.remoteHost.isEmpty()
        || mapping.remotePort == 0) {
        return fail(QStringLiteral("the remote side needs host:port"));
    }
    return mapping;
}

bool ProxyMappingParser::splitHostPort(const QString& text, QString* host, quint16* port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0) {
        return false;
    }
    bool isNumber = false;
    const uint value = text.mid(colon + 1).toUInt(&isNumber);
    if (!isNumber || value > 65535) {
        return false;
    }
    *host = text.left(colon);
    if (host->startsWith(QLatin1Char('[')) && host->endsWith(QLatin1Char(']'))) {
        *host = host->mid(1, host->size() - 2);
    }
    *port = static_cast<quint16>(value);
    return true;
}
