#pragma once

// The scenario runner as the GUI and the CLI see it: an interface, so that GUI tests can drive a
// fake, with ScenarioRunnerImpl as the real one (a worker QThread, plus a few for load items).

#include "runner/RunNotifier.h"
#include "runner/RunOptions.h"
#include "scenario/Scenario.h"

#include <QList>

class ScenarioRunner : public RunNotifier
{
    Q_OBJECT

public:
    using RunNotifier::RunNotifier;
    ~ScenarioRunner() override = default;

    // Starts a run in the background; false when one is already running. Every signal (see
    // RunNotifier) is delivered on the thread this object lives in.
    virtual bool start(const QList<Scenario>& scenarios, const RunOptions& options) = 0;
    // Stops the run within a second; what was measured is kept and the run is marked cancelled.
    virtual void cancel() = 0;
    virtual bool isRunning() const = 0;
};
