#pragma once

// The runs the GUI starts and stops: an interface, so that views and tests can be driven by a fake,
// with RunControllerImpl as the real one over a ScenarioRunner.

#include "runner/RunOptions.h"
#include "runner/RunResult.h"
#include "scenario/Scenario.h"

#include <QObject>

class LiveRun;

class RunController : public QObject
{
    Q_OBJECT

public:
    // Finished: the last run has ended; a new one may start, as from Idle.
    enum class State { Idle, Running, Stopping, Finished };
    Q_ENUM(State)

    using QObject::QObject;
    ~RunController() override = default;

    // Starts run's scenarios and fills run as the runner reports; false when a run is under way.
    // The caller owns run (its view does); one deleted before the end is no longer fed.
    virtual bool start(LiveRun* run, const RunOptions& options) = 0;
    // Asks the run to stop: it ends within a second, what was measured kept.
    virtual void stop() = 0;
    virtual State state() const = 0;
    // The run under way, or the last one; null when none or when its view is gone.
    virtual LiveRun* currentRun() const = 0;

    bool isBusy() const
    {
        return state() == State::Running || state() == State::Stopping;
    }

signals:
    void stateChanged(RunController::State state);
    // Something went wrong that does not stop the run.
    void warning(const QString& message);
    void finished(const RunResultPointer& result);
};
