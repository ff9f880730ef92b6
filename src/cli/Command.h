#pragma once

#include "scenario/Diagnostic.h"

#include <memory>
#include <optional>
#include <vector>

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>

// Exit statuses of aftershock-cli (SPEC.md §5).
enum ExitStatus { ExitSuccess = 0, ExitTestFailed = 1, ExitBadInput = 2 };

// One subcommand of aftershock-cli, such as `scenario validate`. A QCoreApplication exists
// while it executes (a QGuiApplication for needsGui()), so a command may run an event loop.
class Command
{
public:
    // A command line for the end of --help, with a line saying what it does.
    struct Example
    {
        QString purpose;
        QString commandLine;
    };

    virtual ~Command() = default;

    // The words that select the command, for example {"scenario", "validate"}.
    virtual QStringList name() const = 0;
    virtual QString description() const = 0;
    // Real command lines that work as they are (given the files they name), for --help and the
    // man pages made from it; each starts with `aftershock-cli` and the name.
    virtual QList<Example> examples() const = 0;
    // arguments: what follows the name. Returns the exit status.
    virtual int execute(const QStringList& arguments) = 0;
    // True when the command, given these arguments, paints or lays out text (reports, charts):
    // it then runs under an offscreen QGuiApplication rather than a QCoreApplication.
    virtual bool needsGui(const QStringList& arguments) const
    {
        Q_UNUSED(arguments);
        return false;
    }
    // True when the command may talk to the system keychain: its Secret Service client answers
    // through GLib's main loop, so the program keeps Qt's GLib event loops rather than the
    // plainer ones the proxy and the load generator prefer.
    virtual bool needsKeychain(const QStringList& arguments) const
    {
        Q_UNUSED(arguments);
        return false;
    }
    // The "Examples:" section that ends a --help: each example's purpose, then its command line,
    // indented further (packaging/ManPages.cmake reads them so for the man pages).
    static QString examplesText(const QList<Example>& examples);

protected:
    // Sets up parser with the command's name and description and --help, parses arguments and,
    // on --help or an error, prints what is needed. Returns false when the command should
    // stop; exitStatus then holds the status to return.
    bool parse(QCommandLineParser& parser, const QStringList& arguments, int& exitStatus,
               const QString& positionalSyntax = {}) const;
    // --seed, which makes the proxy's fault draws repeat from run to run.
    static QCommandLineOption seedOption();
    // The value of seedOption, unset when it is not given. False, with the problem printed, when it
    // is not an unsigned 64-bit integer.
    bool readSeed(const QCommandLineParser& parser, std::optional<quint64>& seed) const;
};

QTextStream& standardOutput();
QTextStream& errorOutput();
// Prints on stderr, a compiler-style line each, the diagnostics at least as severe as leastSevere.
void printDiagnostics(const Diagnostics& diagnostics, Diagnostic::Severity leastSevere = Diagnostic::Severity::Info);

// Every command aftershock-cli knows, in the order its help lists them.
std::vector<std::unique_ptr<Command>> makeCommands();
