#pragma once

#include "Command.h"

// `scenario run --scenario FILE|DIR [--results FILE] [--report FILE] [--junit FILE]`: runs the
// scenarios through the fault-injecting proxy, with a progress line per scenario as the seed guide
// shows, then `Tests run: N, Tests failed: M` and the total time. Ctrl-C stops the run and keeps
// what was measured.
class ScenarioRunCommand final : public Command
{
public:
    QStringList name() const override;
    QString description() const override;
    QList<Example> examples() const override;
    int execute(const QStringList& arguments) override;
    bool needsGui(const QStringList& arguments) const override;
};
