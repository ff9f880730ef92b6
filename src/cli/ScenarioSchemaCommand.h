#pragma once

#include "Command.h"

// `scenario schema`: prints the JSON Schema of the scenario format.
class ScenarioSchemaCommand final : public Command
{
public:
    QStringList name() const override;
    QString description() const override;
    QList<Example> examples() const override;
    int execute(const QStringList& arguments) override;
};
