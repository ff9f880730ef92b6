// The `--proxy` mappings (SPEC.md §4), as the CLI and the GUI's settings read them. A text is a
// mapping or a reason, never both or neither, and a mapping written out again in the documented
// form reads back the same.
#include "proxy/ProxyMappingParser.h"

#include <cstdlib>

namespace
{
QString written(const ProxyMapping& mapping)
{
    const auto bracketed = [](const QString& host) {
        return QLatin1Char('[') + host + QLatin1Char(']');
    };
    const QString protocol = mapping.protocol == ProxyMapping::Protocol::Tcp ? QStringLiteral("tcp")
        : mapping.protocol == ProxyMapping::Protocol::Http                   ? QStringLiteral("http")
                                                                             : QStringLiteral("https");
    // Joined, not arg()ed: a host may hold "%1".
    return protocol + QLatin1Char(':') + bracketed(mapping.listenAddress.toString()) + QLatin1Char(':')
        + QString::number(mapping.listenPort) + QLatin1Char('=') + bracketed(mapping.remoteHost) + QLatin1Char(':')
        + QString::number(mapping.remotePort);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QString error;
    const std::optional<ProxyMapping> mapping = ProxyMappingParser::parse(text, &error);
    if (mapping.has_value() == !error.isEmpty()) {
        std::abort();
    }
    if (mapping) {
        QString againError;
        const std::optional<ProxyMapping> again = ProxyMappingParser::parse(written(*mapping), &againError);
        if (!again || *again != *mapping) {
            std::abort();
        }
    }
    return 0;
}
