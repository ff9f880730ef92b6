#include "run/RunControllerImpl.h"

#include "run/LiveRun.h"
#include "runner/ScenarioRunner.h"

RunControllerImpl::RunControllerImpl(ScenarioRunner* runner, QObject* parent)
    : RunController(parent)
    , m_runner(runner)
{
    m_runner->setParent(this);
    connect(m_runner, &ScenarioRunner::planned, this, [this](const RunPlan& plan) {
        if (m_run) {
            m_run->setPlan(plan);
        }
    });
    connect(m_runner, &ScenarioRunner::testsFinished, this, [this](const QList<TestOutcome>& outcomes) {
        if (m_run) {
            m_run->addOutcomes(outcomes);
        }
    });
    connect(m_runner, &ScenarioRunner::progressed, this, [this](const RunProgress& progress) {
        if (m_run) {
            m_run->setProgress(progress);
        }
    });
    connect(m_runner, &ScenarioRunner::bucketsReady, this, [this](const QList<TimeBucket>& buckets) {
        if (m_run) {
            m_run->addBuckets(buckets);
        }
    });
    connect(m_runner, &ScenarioRunner::sloProgressed, this,
            [this](int scenarioIndex, int itemIndex, const QList<SloResult>& slo) {
                if (m_run) {
                    m_run->setLiveSlo(scenarioIndex, itemIndex, slo);
                }
            });
    connect(m_runner, &ScenarioRunner::itemFinished, this,
            [this](int scenarioIndex, int itemIndex, const ItemResult& result) {
                if (m_run) {
                    m_run->finishItem(scenarioIndex, itemIndex, result);
                }
            });
    connect(m_runner, &ScenarioRunner::warning, this, &RunController::warning);
    connect(m_runner, &ScenarioRunner::finished, this, [this](const RunResultPointer& result) {
        if (m_run) {
            m_run->finish(result);
        }
        setState(State::Finished);
        emit finished(result);
    });
}

bool RunControllerImpl::start(LiveRun* run, const RunOptions& options)
{
    if (isBusy() || !run) {
        return false;
    }
    m_run = run;
    m_run->setResultsPath(options.resultsPath);
    // Running before start(): a runner may report, even finish, from within it.
    setState(State::Running);
    if (!m_runner->start(run->scenarios(), options)) {
        setState(State::Idle);
        return false;
    }
    return true;
}

void RunControllerImpl::stop()
{
    if (m_state == State::Running) {
        // Before cancel(): a runner may finish within it, and Finished must be the last word.
        setState(State::Stopping);
        m_runner->cancel();
    }
}

void RunControllerImpl::setState(State state)
{
    if (m_state != state) {
        m_state = state;
        emit stateChanged(state);
    }
}
