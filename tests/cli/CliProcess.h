#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

// The built aftershock-cli, run to its end: its exit status (-1 when it crashed or did not end
// within a minute) and what it printed.
struct CliProcess
{
    int exitCode = -1;
    QString standardOutput;
    QString standardError;

    static CliProcess run(const QStringList& arguments)
    {
        QProcess process;
        process.start(QStringLiteral(AFTERSHOCK_BINARY_DIR "/src/cli/aftershock-cli"), arguments);
        CliProcess result;
        if (process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit) {
            result.exitCode = process.exitCode();
        }
        result.standardOutput = QString::fromUtf8(process.readAllStandardOutput());
        result.standardError = QString::fromUtf8(process.readAllStandardError());
        return result;
    }
};
