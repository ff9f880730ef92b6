#pragma once

// What a running ScenarioRunner tells its caller, by queued signals: small value types, sent in
// batches, so that a GUI thread can draw live views without ever holding the raw list of calls.

#include <QList>
#include <QMetaType>
#include <QString>

// What the run will do, sent once at the start.
struct RunPlan
{
    struct ItemPlan
    {
        quint32 calls = 0; // planned; a repeat with failfast may make fewer
        bool load = false;
        qint64 durationMs = 0; // load only
    };
    struct ScenarioPlan
    {
        QString title;
        int tests = 0; // planned tests: a call of single or repeat, or a whole load item
        QList<ItemPlan> items;
    };
    QList<ScenarioPlan> scenarios;
};

// A test that has just been decided.
struct TestOutcome
{
    int scenarioIndex = 0;
    int itemIndex = 0;
    qint64 callIndex = -1; // -1: the load item as a whole
    bool passed = true;
};

// Where the run is, sent a few times a second.
struct RunProgress
{
    int scenarioIndex = 0;
    int itemIndex = 0;
    quint32 callsDone = 0;
    quint32 callsPlanned = 0;
    qint64 elapsedMs = 0; // in the current item
};

// The calls of an item that ended within one time slice, summarised for live charts.
struct TimeBucket
{
    int scenarioIndex = 0;
    int itemIndex = 0;
    int index = 0; // slice number from the item's start; a late call can update a slice already sent
    qint64 startMs = 0; // from the item's start
    int lengthMs = 0;
    int calls = 0;
    int failed = 0;
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    int dropped = 0; // load: calls due in the slice that no free connection could take, not in calls

    double errorRate() const
    {
        return calls > 0 ? static_cast<double>(failed) / calls : 0;
    }
    double callsPerSecond() const
    {
        return lengthMs > 0 ? calls * 1000.0 / lengthMs : 0;
    }
};

Q_DECLARE_METATYPE(RunPlan)
Q_DECLARE_METATYPE(TestOutcome)
Q_DECLARE_METATYPE(RunProgress)
Q_DECLARE_METATYPE(TimeBucket)
