#pragma once

#include "Command.h"

// `proxy`: runs the fault-injecting proxy on its own, for curl or a browser, with fault's flag
// names, printing a line per request until Ctrl-C or --duration.
class ProxyCommand final : public Command
{
public:
    QStringList name() const override;
    QString description() const override;
    QList<Example> examples() const override;
    int execute(const QStringList& arguments) override;
};
