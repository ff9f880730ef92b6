#pragma once

#include "Command.h"

// `scenario validate FILE...`: compiler-style diagnostics, or JSON for tools.
class ScenarioValidateCommand final : public Command
{
public:
    QStringList name() const override;
    QString description() const override;
    QList<Example> examples() const override;
    int execute(const QStringList& arguments) override;
};
