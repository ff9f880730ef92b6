#include "report/ResilienceRules.h"

QList<ReportFinding> ResilienceRules::analyse(const RunResult&)
{
    return {};
}
