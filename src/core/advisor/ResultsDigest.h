#pragma once

#include "report/ReportModel.h"

#include <QString>

// The facts of a run every advisor step is given, compact and in the report's words: the run, the
// verdicts, each breach with its failure pattern, each item's faults (windows, calls touched),
// error classes and percentiles, and what the offline rules matched. Not the raw results: a
// results file of 300,000 calls would not fit a prompt, and the model must quote the report's
// numbers rather than compute its own.
class ResultsDigest
{
public:
    // At most maximumCharacters: the passed items' details go first when it would not fit.
    static QString of(const ReportModel& model, qsizetype maximumCharacters = DefaultMaximumCharacters);

    static constexpr qsizetype DefaultMaximumCharacters = 24000;
};
