#include "Command.h"

#include <cstdio>

#include <QCoreApplication>

QTextStream& standardOutput()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& errorOutput()
{
    static QTextStream stream(stderr);
    return stream;
}

bool Command::parse(QCommandLineParser& parser, const QStringList& arguments, int& exitStatus,
                    const QString& positionalSyntax) const
{
    const QString commandLine = QCoreApplication::applicationName() + QLatin1Char(' ') + name().join(QLatin1Char(' '));
    parser.setApplicationDescription(description());
    const QCommandLineOption helpOption(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Show this help."));
    parser.addOption(helpOption);
    if (!parser.parse(QStringList{commandLine} + arguments)) {
        errorOutput() << commandLine << ": " << parser.errorText() << "\n"
                      << "Try '" << commandLine << " --help'.\n";
        errorOutput().flush();
        exitStatus = ExitBadInput;
        return false;
    }
    if (parser.isSet(helpOption)) {
        QString help = parser.helpText();
        help.replace(QCoreApplication::applicationFilePath(), commandLine);
        help.replace(QStringLiteral("Usage: ") + commandLine + QStringLiteral(" [options]"),
                     QStringLiteral("Usage: ") + commandLine + QStringLiteral(" [options] ") + positionalSyntax);
        standardOutput() << help;
        standardOutput().flush();
        exitStatus = ExitSuccess;
        return false;
    }
    return true;
}
