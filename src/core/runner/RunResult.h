#pragma once

#include "runner/CallExchange.h"
#include "runner/CallRecord.h"
#include "runner/SloEvaluator.h"
#include "runner/SteadyStateEvaluator.h"
#include "scenario/Scenario.h"

#include <memory>
#include <optional>

#include <QList>
#include <QString>

enum class RunStatus {
    Completed,
    Cancelled, // stopped by the user; what was measured is kept
    Interrupted, // ended by a failure (the proxy would not start, the process died)
};

QString toString(RunStatus status);
std::optional<RunStatus> runStatusFromString(const QString& text);

// A fault the proxy reported applying to one call.
struct AppliedFault
{
    quint32 callIndex = 0;
    quint8 faultIndex = 0; // in the item's faults
    float amount = 0; // ms of delay, bytes a second, or the status sent, as the proxy says
};

// One item's run: its calls in index order and what was concluded from them.
struct ItemResult
{
    QString target; // the resolved call URL
    qint64 startedAtUs = 0; // wall clock (unix microseconds) at the item's start: call times count from it
    qint64 totalTimeNs = 0;
    quint32 plannedCalls = 0;
    CallRecords calls;
    QList<AppliedFault> appliedFaults; // by call index
    CallExchanges exchanges; // by call index, for the calls whose exchange was kept (CallExchange)
    QByteArray requestBody; // the first CallExchange::BodyExcerptBytes of the body every call sent
    quint32 requestBodyBytes = 0;
    QList<SloResult> slo; // over the faulted phase when the item has a steady state
    std::optional<SteadyStateResult> steadyState;
    // Why the item could not run (an unsupported URL, a method that is not a token): it then has
    // no calls and its tests count as failed (TestVerdict::tally).
    QString error;
};

struct ScenarioResult
{
    Scenario scenario;
    QList<ItemResult> items; // the items that ran, in order (fewer than the scenario's when cancelled)
};

struct RunResult
{
    qint64 startedAtMs = 0; // unix milliseconds
    qint64 endedAtMs = 0;
    RunStatus status = RunStatus::Completed;
    QString error; // why an interrupted run stopped
    std::optional<quint64> seed; // the fault draws' seed, to replay the run with
    QList<ScenarioResult> scenarios;
};

using RunResultPointer = std::shared_ptr<const RunResult>;

Q_DECLARE_METATYPE(RunResultPointer)
