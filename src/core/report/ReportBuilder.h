#pragma once

#include "report/ItemStatistics.h"
#include "report/ReportModel.h"
#include "runner/RunResult.h"

#include <QDateTime>

// Makes the analysis report's model from a finished run, deterministically: the same results and
// options give the same model, byte for byte once written.
class ReportBuilder
{
public:
    struct Options
    {
        QString source; // the scenario file or folder, as the user named it
        QDateTime generatedOn; // the footer's time; invalid: now
        const RunResult* baseline = nullptr; // set: compare the run with it
    };

    static ReportModel build(const RunResult& run, const Options& options);

    // An SLO's verdict in the report's words; the run view's SLO panel says the same.
    static ReportCheck checkOf(const SloResult& slo);
    // The item's expectation over its calls (single and repeat); none for load or no expectation.
    static std::optional<ReportCheck> expectationCheck(const Item& item, const ItemResult& result,
                                                       const ItemStatistics& statistics);
};
