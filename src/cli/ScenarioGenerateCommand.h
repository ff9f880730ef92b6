#pragma once

#include "Command.h"

// `scenario generate --spec-url URL | --spec-file FILE --scenario OUT`: the SPEC.md §6 families
// of scenarios for each operation of an OpenAPI 3.0 or 3.1 document, into one file or a folder
// with a file per operation.
class ScenarioGenerateCommand final : public Command
{
public:
    QStringList name() const override;
    QString description() const override;
    QList<Example> examples() const override;
    int execute(const QStringList& arguments) override;
};
