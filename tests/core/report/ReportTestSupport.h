#pragma once

#include "report/ReportBuilder.h"
#include "runner/ResultsJsonReader.h"

#include <QTest>
#include <QTimeZone>

// The committed runs the report tests read: the seed's scenarios against the demo target
// (`demo-seed7.json`: all pass, a black-hole window with its timeouts) and tests/data/results/
// breaking.yaml (`breaking-seed11.json`: SLO breaches, an outage, injected 500s).
namespace ReportTestSupport
{
inline RunResult readRun(const QString& name)
{
    const ResultsJsonReader::Outcome outcome
        = ResultsJsonReader::readFile(QStringLiteral(AFTERSHOCK_TEST_DATA "/results/") + name);
    if (!outcome.run) {
        qFatal("cannot read %s: %s", qPrintable(name),
               outcome.diagnostics.isEmpty() ? "" : qPrintable(outcome.diagnostics.first().message));
    }
    return *outcome.run;
}

// The footer's time is fixed, so that a report is the same bytes on every run.
inline ReportBuilder::Options fixedOptions(const QString& source = QStringLiteral("scenarios/"))
{
    return ReportBuilder::Options{.source = source,
                                  .generatedOn = QDateTime(QDate(2026, 12, 3), QTime(12, 0), QTimeZone::utc())};
}

inline ReportModel modelOf(const QString& name)
{
    return ReportBuilder::build(readRun(name), fixedOptions());
}
} // namespace ReportTestSupport
