#include "Command.h"

#include <algorithm>
#include <cstdio>
#include <limits>

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

void printDiagnostics(const Diagnostics& diagnostics, Diagnostic::Severity leastSevere)
{
    for (const Diagnostic& diagnostic : diagnostics) {
        // Severities are declared from the most severe down.
        if (diagnostic.severity <= leastSevere) {
            errorOutput() << diagnostic.toString() << "\n";
        }
    }
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
        // Qt's usage line names the program as it was invoked, path and all, without the command.
        QString help = parser.helpText();
        QString usage = QStringLiteral("Usage: ") + commandLine + QStringLiteral(" [options]");
        if (!positionalSyntax.isEmpty()) {
            usage += QLatin1Char(' ') + positionalSyntax;
        }
        help.replace(0, help.indexOf(QLatin1Char('\n')), usage);
        standardOutput() << help << examplesText(examples());
        standardOutput().flush();
        exitStatus = ExitSuccess;
        return false;
    }
    return true;
}

QString Command::examplesText(const QList<Example>& examples)
{
    QStringList blocks;
    for (const Example& example : examples) {
        blocks << QStringLiteral("  %1:\n    %2\n").arg(example.purpose, example.commandLine);
    }
    return QStringLiteral("\nExamples:\n") + blocks.join(QLatin1Char('\n'));
}

QCommandLineOption Command::seedOption()
{
    return QCommandLineOption(QStringLiteral("seed"),
                              QStringLiteral("Draw the faults from this seed, so that a run can be repeated."),
                              QStringLiteral("N"));
}

bool Command::readSeed(const QCommandLineParser& parser, std::optional<quint64>& seed) const
{
    const QCommandLineOption option = seedOption();
    if (!parser.isSet(option)) {
        return true;
    }
    const QString text = parser.value(option);
    bool isNumber = false;
    const quint64 value = text.toULongLong(&isNumber);
    // toULongLong also takes a sign and surrounding spaces; a seed is digits only.
    const bool digitsOnly
        = !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit(); });
    if (!isNumber || !digitsOnly) {
        errorOutput() << QCoreApplication::applicationName() << ' ' << name().join(QLatin1Char(' '))
                      << ": --seed takes a whole number from 0 to " << std::numeric_limits<quint64>::max() << ", not '"
                      << text << "'\n";
        errorOutput().flush();
        return false;
    }
    seed = value;
    return true;
}
