#pragma once

#include "run/RunController.h"

#include <QPointer>

class ScenarioRunner;

// Runs on a ScenarioRunner (the real one on its worker threads, or a test's fake) and writes what
// it reports into the LiveRun of the run under way.
class RunControllerImpl final : public RunController
{
    Q_OBJECT

public:
    // Takes ownership of runner.
    explicit RunControllerImpl(ScenarioRunner* runner, QObject* parent = nullptr);

    bool start(LiveRun* run, const RunOptions& options) override;
    void stop() override;
    State state() const override
    {
        return m_state;
    }
    LiveRun* currentRun() const override
    {
        return m_run;
    }

private:
    void setState(State state);

    ScenarioRunner* m_runner;
    QPointer<LiveRun> m_run;
    State m_state = State::Idle;
};
