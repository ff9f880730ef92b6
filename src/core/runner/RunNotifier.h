#pragma once

#include "runner/RunEvents.h"
#include "runner/RunResult.h"

#include <QList>
#include <QObject>
#include <QString>

// What a run reports as it goes, declared once for the runner's interface and for the worker that
// sends it from the run's thread.
class RunNotifier : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~RunNotifier() override = default;

signals:
    // Once, first: what the run will do.
    void planned(const RunPlan& plan);
    // As tests are decided: each call of single and repeat items, then each load item as a whole.
    void testsFinished(const QList<TestOutcome>& outcomes);
    // A few times a second.
    void progressed(const RunProgress& progress);
    // Every quarter second during an item: its time slices that changed.
    void bucketsReady(const QList<TimeBucket>& buckets);
    // Every quarter second during an item with SLOs: each SLO over the calls so far, before the
    // proxy's reports are matched (itemFinished has the final verdicts).
    void sloProgressed(int scenarioIndex, int itemIndex, const QList<SloResult>& slo);
    void itemFinished(int scenarioIndex, int itemIndex, const ItemResult& result);
    // Something went wrong that does not stop the run (the run store, writing results.json).
    void warning(const QString& message);
    // Last, once: the whole run.
    void finished(const RunResultPointer& result);
};
