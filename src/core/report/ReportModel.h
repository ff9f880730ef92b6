#pragma once

#include "report/ReportChart.h"

#include <optional>

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

// The analysis report of one run (SPEC.md §7), built once by ReportBuilder from a run's results,
// deterministically and with no network, and rendered by every writer as it is: the writers lay
// these texts and numbers out, they never compute one. Texts are plain (no Markdown): each writer
// escapes them for its format.

// An expectation or an SLO of an item, with its verdict.
struct ReportCheck
{
    QString name; // "status 200", "p95 latency ≤ 300 ms"
    QString objective;
    QString observed;
    QString margin; // "+303.34 ms over", "196.66 ms to spare"
    bool passed = false;
};

struct ReportFault
{
    QString type; // "latency"
    QString description; // its parameters in words
    QString window; // "whole run", or "3.0 s to 4.5 s"
    qsizetype configuredCalls = 0;
    qsizetype appliedCalls = 0;
    bool neverApplied = false;
};

// A phase of a load item with a steady state: its stretch of time and its SLOs over that phase's
// calls alone.
struct ReportPhase
{
    QString name; // "before", "during", "after"
    QString window; // "0s to 1s"
    qsizetype calls = 0;
    QString verdict; // "met every SLO", "missed 1 of 2 SLOs", "no calls"
    QList<ReportCheck> checks;
};

// A chart the report shows: its place in ReportModel::charts.
struct ReportChartReference
{
    int index = 0;
    QString caption;
};

struct ReportItem
{
    QString heading; // "GET /users (load)"
    QString endpoint; // "GET /users"
    QString url;
    QString operationId; // the OpenAPI operation it calls (meta.operation_id), when known
    QString strategy; // in words
    bool load = false;
    bool passed = false;
    QString error; // why it could not run
    QList<ReportFault> faults;
    qsizetype calls = 0;
    qsizetype failedCalls = 0;
    qsizetype droppedCalls = 0;
    QMap<QString, qsizetype> failuresByKind; // "timeout", "HTTP 500": how many
    QString failurePattern; // where the failed calls fell against the fault windows
    QString scheduleSlip; // load: "p50 0.04 ms, p99 0.9 ms, max 2.1 ms"; empty otherwise
    QList<QPair<QString, QString>> percentiles; // ("p95", "301.20 ms")
    QString totalTime;
    QList<ReportCheck> checks;
    // With a steady state only: "recovered in 1.2 s", "not recovered", "void: unhealthy before".
    QString recovery;
    QString steadyState; // "healthy before, degraded during, recovered in 1.2 s"
    QList<ReportPhase> phases;
    QList<ReportChartReference> charts;
};

struct ReportScenario
{
    QString title;
    QString description;
    bool passed = false;
    QList<ReportItem> items;
    int itemsNotRun = 0; // a cancelled run
};

// One breached SLO or failed expectation, with what the calls' times say about it.
struct ReportFailure
{
    QString scenario;
    QString endpoint;
    QString check;
    QString objective;
    QString observed;
    QString margin;
    QString pattern; // "all 4 failures inside the black-hole window, none after it: recovered"
};

struct ReportDashboardRow
{
    QString scope; // "All scenarios", or an endpoint
    int scenarios = 0;
    int passed = 0;
    int failed = 0;
    // The recovery of the scope's steady-state items, "; " between them, "-" for none; empty when
    // no item of the run has a steady state, which leaves the dashboard without the column.
    QString recovery;
};

// What a rule of the offline analysis found, with its evidence and what to do about it.
struct ReportFinding
{
    QString rule; // a stable name: "no-client-timeout"
    QString title; // "Calls hang until the client gives up"
    QString hypothesis; // the likely cause, in a sentence or two
    QStringList evidence; // the numbers it matched, one line each, naming the scenario
    QString recommendation;
    QString snippetLanguage; // "python"
    QString snippet; // code, or a diff when snippetLanguage is "diff"
    QString priority; // "Critical", "Recommended", "Nice-to-have"
    QString complexity; // "Low", "Medium", "High"
    QString cost;
    QString benefit;
    QString risk; // what the change itself may cost
    QString howItShows; // how that risk would show
    QString monitor; // what to watch after the change
};

// A run compared with a baseline run: each SLO and item present in both, with both values.
struct ReportComparisonRow
{
    QString scenario;
    QString endpoint;
    QString measure; // "p95 latency", an SLO's title, "failed calls"
    QString baseline;
    QString current;
    QString delta; // "+120.00 ms"
    bool regression = false;
};

struct ReportComparison
{
    QString baselineTitle; // the baseline run's dates
    QList<ReportComparisonRow> rows; // regressions first
    QStringList onlyInBaseline; // "scenario: GET /x"
    QStringList onlyInCurrent;
    QList<ReportChartReference> charts;
};

// One step of the LLM advisor's chain (aftershock-cli agent advise), beside the offline section
// it extends. Its text is the model's GitHub-flavoured Markdown, checked before it is kept, and
// written as it is (its headings moved under the section's): the one text in the model that is
// Markdown, not plain.
struct ReportAdviceStep
{
    QString id; // "posture", "slo-deep-dive", "causes", "recommendations", "threats", "experiments",
                // "executive-summary"
    QString title; // "Further Experiments"
    QString markdown; // empty when the step's answer was not kept
    QString note; // why not, plainly: "the answer's table is malformed twice: …"
};

struct ReportAdvice
{
    QString provider; // "OpenAI"
    QString model;
    QString role; // as the user wrote it: "SRE"
    qint64 inputTokens = -1; // -1: the provider did not say
    qint64 outputTokens = -1;
    QString cost; // "$0.0123", empty when the price is not known
    QString costNote; // after the cost: "cost at list prices of 2026-12-07"
    QString sourceFolder; // the code the answers were grounded in, empty for none
    QList<ReportAdviceStep> steps;

    const ReportAdviceStep* step(const QString& id) const
    {
        for (const ReportAdviceStep& candidate : steps) {
            if (candidate.id == id) {
                return &candidate;
            }
        }
        return nullptr;
    }
};

struct ReportModel
{
    QString title;
    QString started; // "2026-12-03 10:00:00 UTC"
    QString ended;
    QString duration;
    QString status; // "completed", "cancelled", "interrupted: why"
    QString source; // the scenario file or folder
    QStringList targets; // the hosts called
    QString version; // Aftershock's
    QString seed; // empty without one
    QString generatedOn;

    QStringList executiveSummary; // paragraphs
    QString posture;
    QList<ReportFailure> failures;
    QList<ReportDashboardRow> dashboard;
    QList<ReportScenario> scenarios;
    QList<ReportFinding> findings;
    std::optional<ReportComparison> comparison;
    std::optional<ReportAdvice> advice;
    QList<ReportChart> charts; // every chart of the report, which sections refer to by index
    int testsRun = 0;
    int testsFailed = 0;
};
