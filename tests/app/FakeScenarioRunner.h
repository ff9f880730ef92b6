#pragma once

#include "runner/ScenarioRunner.h"

// A runner that runs nothing: it records what it was asked and reports a run at once, so that GUI
// tests check the Run and Stop actions without a proxy or a network.
class FakeScenarioRunner final : public ScenarioRunner
{
    Q_OBJECT

public:
    using ScenarioRunner::ScenarioRunner;

    bool start(const QList<Scenario>& scenarios, const RunOptions& options) override;
    void cancel() override;
    bool isRunning() const override;

    // Ends the run started last: one passed test a scenario.
    void finishRun();

    QList<Scenario> startedWith;
    RunOptions startedOptions;
    int cancelCount = 0;
    // False: cancel() only asks, as a real run's does, and the run ends at finishRun().
    bool finishOnCancel = true;

private:
    bool m_running = false;
};
