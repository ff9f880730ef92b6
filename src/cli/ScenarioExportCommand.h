#pragma once

#include "Command.h"

// `scenario export --format k6`: writes a k6 script that sends a scenario file's calls at its
// load, for a distributed k6 run; the script's top comment says what it leaves out and how to put
// the faults on the way with `aftershock-cli proxy`.
class ScenarioExportCommand final : public Command
{
public:
    QStringList name() const override;
    QString description() const override;
    QList<Example> examples() const override;
    int execute(const QStringList& arguments) override;
};
