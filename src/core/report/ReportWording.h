#pragma once

#include "runner/CallRecord.h"
#include "runner/SteadyStateEvaluator.h"
#include "scenario/Scenario.h"

#include <optional>

#include <QString>

// How both reports put an item's settings and numbers into words, so that the fault-style report
// and the analysis report say the same thing the same way.
namespace ReportWording
{
QString milliseconds(double value); // "12.35"
QString seconds(double milliseconds); // "3.2 s"
// "timeout", "HTTP 503": what went wrong with a failed call.
QString failureKind(const CallRecord& call);
// The latency percentiles both reports give.
inline const QList<double> ReportedPercentiles{25, 50, 75, 95, 99};
QString dateTime(qint64 unixMs); // "2026-12-03 10:00:00 UTC"
QString percentOf(qsizetype count, qsizetype total); // "4 (6.5%)"
// Header names whose values are credentials, masked in every report.
bool isCredential(const QString& headerName);
QString strategyInWords(const Item& item);
QString expectationInWords(const std::optional<Expectation>& expect);
// "p95 ≤ 300 ms", "errors < 1%"
QString sloObjective(const Slo& slo);
// "black-hole", "packet loss", "HTTP errors": a fault's kind in a sentence.
QString faultName(FaultType type);
// "GET /users/{id}": the call's method and its URL's path.
QString endpoint(const Call& call);
// A steady state's verdict on recovery: "recovered in 1.2 s", "not recovered", "void: unhealthy
// before", "not measured" (no call after the faults); "-" without a steady state.
QString recovery(const std::optional<SteadyStateResult>& steadyState);
// One phase's SLOs: "met every SLO", "missed 1 of 2 SLOs", "no calls".
QString phaseVerdict(const QList<SloResult>& slo, qsizetype calls);
// "healthy before, degraded during, recovered in 1.2 s": the three phases in one line.
QString steadyStateInWords(const SteadyStateResult& steadyState);
} // namespace ReportWording
