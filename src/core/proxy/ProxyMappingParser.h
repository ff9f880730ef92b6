#pragma once

#include "proxy/ProxyEngine.h"

#include <optional>

// Reads a mapping as `--proxy` takes it (SPEC.md §4):
// `[proto:][listen_ip]:listen_port=remote_host:remote_port`, proto tcp (the default), http or https.
class ProxyMappingParser
{
public:
    // Nothing, with the reason in error, when the text is not a mapping.
    static std::optional<ProxyMapping> parse(const QString& text, QString* error);

private:
    // `host:port` or `[v6]:port`; the host may be empty.
    static bool splitHostPort(const QString& text, QString* host, quint16* port);
};
