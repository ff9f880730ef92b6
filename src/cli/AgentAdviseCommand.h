#pragma once

#include "Command.h"

// aftershock-cli agent advise: the analysis report of a run, extended by the LLM advisor's chain
// (SPEC §8), grounded in a source folder's code.
class AgentAdviseCommand final : public Command
{
public:
    QStringList name() const override;
    QString description() const override;
    QList<Example> examples() const override;
    int execute(const QStringList& arguments) override;
    bool needsGui(const QStringList&) const override
    {
        return true; // the report's fonts, charts and PDF
    }
    bool needsKeychain(const QStringList& arguments) const override
    {
        return !arguments.contains(QStringLiteral("--print-prompts"));
    }
};
