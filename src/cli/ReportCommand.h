#pragma once

#include "Command.h"

// `report --results FILE | --run ID --format md|html|pdf|fault-md --output FILE [--baseline FILE]`:
// the analysis report of a finished run, from its results alone (no network).
class ReportCommand final : public Command
{
public:
    QStringList name() const override;
    QString description() const override;
    QList<Example> examples() const override;
    int execute(const QStringList& arguments) override;
    bool needsGui(const QStringList&) const override
    {
        return true; // fonts and painting, for PDF and the charts
    }
};
