#pragma once

#include "Command.h"

// aftershock-cli keys set|test|delete PROVIDER: the providers' API keys in the system keychain.
// set reads the key from standard input (without echo on a terminal), never from an argument,
// which the shell's history and the process list would show.
class KeysCommand final : public Command
{
public:
    QStringList name() const override;
    QString description() const override;
    QList<Example> examples() const override;
    int execute(const QStringList& arguments) override;
    bool needsKeychain(const QStringList&) const override
    {
        return true;
    }
};
