#pragma once

#include "runner/RunResult.h"

#include <QByteArray>

// The Markdown run report of SPEC.md §7, made from a run's results alone (no network): per
// scenario and item the call, the strategy in words, the faults (a timeline of each fault's window
// for load), the expectation, an overview, the latency percentiles and the SLO table. Header
// values that look like credentials are masked.
class RunReport
{
public:
    static QByteArray toMarkdown(const RunResult& run);
};
