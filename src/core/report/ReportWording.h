#pragma once

#include "runner/CallRecord.h"
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
} // namespace ReportWording
