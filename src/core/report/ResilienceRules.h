#pragma once

#include "report/ReportModel.h"
#include "runner/RunResult.h"

#include <QList>

// The offline analysis: rules over what a run observed.
class ResilienceRules
{
public:
    static QList<ReportFinding> analyse(const RunResult& run);
};
