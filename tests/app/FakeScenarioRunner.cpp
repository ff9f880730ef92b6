#include "FakeScenarioRunner.h"

#include "runner/RunResult.h"

bool FakeScenarioRunner::start(const QList<Scenario>& scenarios, const RunOptions& options)
{
    if (m_running) {
        return false;
    }
    m_running = true;
    startedWith = scenarios;
    startedOptions = options;
    emit planned(RunPlan{});
    return true;
}

void FakeScenarioRunner::cancel()
{
    ++cancelCount;
    if (finishOnCancel) {
        finishRun();
    }
}

bool FakeScenarioRunner::isRunning() const
{
    return m_running;
}

void FakeScenarioRunner::finishRun()
{
    if (!m_running) {
        return;
    }
    QList<TestOutcome> outcomes;
    for (int index = 0; index < startedWith.size(); ++index) {
        outcomes.append(TestOutcome{index, 0, 0, true});
    }
    emit testsFinished(outcomes);
    m_running = false;
    emit finished(std::make_shared<const RunResult>(RunResult{}));
}
