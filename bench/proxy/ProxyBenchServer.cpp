// Runs ProxyEngineImpl with no faults until killed, for bench/proxy/run.sh:
//   aftershock-proxy-bench FORWARD_PORT [MAPPING...]
// MAPPING as `aftershock-cli proxy --proxy` takes it. Prints "ready" once it listens.

#include "proxy/ProxyEngineImpl.h"
#include "proxy/ProxyMappingParser.h"

#include <cstdio>

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    ProxyEngineImpl::preferPlainEventLoops();
    QCoreApplication application(argc, argv);
    const QStringList arguments = QCoreApplication::arguments().mid(1);
    if (arguments.isEmpty()) {
        std::fprintf(stderr, "usage: aftershock-proxy-bench FORWARD_PORT [MAPPING...]\n");
        return 2;
    }
    ProxyConfig config;
    config.listenPort = static_cast<quint16>(arguments.constFirst().toUInt());
    for (const QString& text : arguments.mid(1)) {
        QString error;
        const auto mapping = ProxyMappingParser::parse(text, &error);
        if (!mapping) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 2;
        }
        config.mappings.append(*mapping);
    }
    ProxyEngineImpl engine;
    QString error;
    if (!engine.start(config, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    return QCoreApplication::exec();
}
