#pragma once

// The scenario runner as the GUI and the CLI see it: an interface, so that GUI tests can drive a
// fake, with ScenarioRunnerImpl as the real one (a worker QThread, plus a few for load items).

#include "runner/RunEvents.h"
#include "runner/RunOptions.h"
#include "runner/RunResult.h"
#include "scenario/Scenario.h"

#include <QList>
#include <QObject>

class ScenarioRunner : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~ScenarioRunner() override = default;

    // Starts a run in the background; false when one is already running. Every signal below is
    // delivered on the thread this object lives in.
    virtual bool start(const QList<Scenario>& scenarios, const RunOptions& options) = 0;
    // Stops the run within a second; what was measured is kept and the run is marked cancelled.
    virtual void cancel() = 0;
    virtual bool isRunning() const = 0;

signals:
    // Once, first: what the run will do.
    void planned(const RunPlan& plan);
    // As tests are decided: each call of single and repeat items, then each load item as a whole.
    void testsFinished(const QList<TestOutcome>& outcomes);
    // A few times a second.
    void progressed(const RunProgress& progress);
    // Every quarter second during an item: its time slices that changed.
    void bucketsReady(const QList<TimeBucket>& buckets);
    void itemFinished(int scenarioIndex, int itemIndex, const ItemResult& result);
    // Something went wrong that does not stop the run (the run store, writing results.json).
    void warning(const QString& message);
    // Last, once: the whole run.
    void finished(const RunResultPointer& result);
};
