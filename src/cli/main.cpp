#include "Command.h"
#include "Version.h"
#include "proxy/ProxyEngineImpl.h"

#include <memory>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QGuiApplication>

namespace
{
void printUsage(const std::vector<std::unique_ptr<Command>>& commands)
{
    QTextStream& out = standardOutput();
    out << "Usage: aftershock-cli COMMAND [options]\n\n"
        << "Aftershock " << AFTERSHOCK_VERSION << ": a lab for API resilience.\n\nCommands:\n";
    for (const auto& command : commands) {
        out << "  " << command->name().join(QLatin1Char(' ')).leftJustified(22) << command->description() << "\n";
    }
    out << "\nRun 'aftershock-cli COMMAND --help' for a command's options.\n\n"
        << "Options:\n"
        << "  -h, --help  Show this help.\n"
        << "  --version   Show the version.\n"
        << Command::examplesText({
               {QStringLiteral("Scenarios from the OpenAPI document of the API on 127.0.0.1:9090"),
                QStringLiteral("aftershock-cli scenario generate --spec-url http://127.0.0.1:9090/openapi.json "
                               "--scenario scenarios/")},
               {QStringLiteral("Run them through the fault-injecting proxy and write the report"),
                QStringLiteral("aftershock-cli scenario run --scenario scenarios/ --report report.html")},
           });
    out.flush();
}
} // namespace

int main(int argc, char* argv[])
{
    QStringList words;
    for (int i = 1; i < argc; ++i) {
        words << QString::fromLocal8Bit(argv[i]);
    }
    const auto commands = makeCommands();
    // The longest name that the arguments start with selects the command.
    Command* selected = nullptr;
    for (const auto& command : commands) {
        const QStringList name = command->name();
        if (words.mid(0, name.size()) == name && (!selected || name.size() > selected->name().size())) {
            selected = command.get();
        }
    }
    if (!selected || !selected->needsKeychain(words.mid(selected->name().size()))) {
        ProxyEngineImpl::preferPlainEventLoops();
    }
    std::unique_ptr<QCoreApplication> application;
    if (selected && selected->needsGui(words.mid(selected->name().size()))) {
        // Fonts and painting need a QGuiApplication; CI has no display.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
        }
        // Qt warns on every start without one (CI, containers); the folder it falls back to is
        // the one it would make.
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
            const QString runtime = QDir::tempPath() + QStringLiteral("/runtime-")
                + qEnvironmentVariable("USER", QStringLiteral("aftershock"));
            QDir().mkpath(runtime);
            QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
            qputenv("XDG_RUNTIME_DIR", runtime.toLocal8Bit());
        }
        application = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        application = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("aftershock-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Aftershock"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AFTERSHOCK_VERSION));

    const QStringList arguments = QCoreApplication::arguments().mid(1);
    if (arguments.isEmpty() || arguments.first() == QLatin1String("--help")
        || arguments.first() == QLatin1String("-h")) {
        printUsage(commands);
        return arguments.isEmpty() ? ExitBadInput : ExitSuccess;
    }
    if (arguments.first() == QLatin1String("--version")) {
        standardOutput() << "aftershock-cli " << AFTERSHOCK_VERSION << "\n";
        return ExitSuccess;
    }
    if (!selected) {
        errorOutput() << "aftershock-cli: unknown command '" << arguments.join(QLatin1Char(' ')) << "'\n";
        errorOutput().flush();
        printUsage(commands);
        return ExitBadInput;
    }
    const int status = selected->execute(arguments.mid(selected->name().size()));
    standardOutput().flush();
    errorOutput().flush();
    return status;
}
