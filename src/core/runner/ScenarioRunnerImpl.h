#pragma once

#include "runner/RunWorker.h"
#include "runner/ScenarioRunner.h"

#include <memory>

#include <QThread>

// The real runner: a run happens on a worker thread of its own (RunWorker), which owns the proxy
// and hands load items to more threads; its signals reach this object's thread queued.
class ScenarioRunnerImpl : public ScenarioRunner
{
    Q_OBJECT

public:
    // proxyFactory makes the proxy engine for each run; by default, a ProxyEngineImpl.
    explicit ScenarioRunnerImpl(ProxyEngineFactory proxyFactory = {}, QObject* parent = nullptr);
    // Cancels a run under way and waits for its thread.
    ~ScenarioRunnerImpl() override;

    bool start(const QList<Scenario>& scenarios, const RunOptions& options) override;
    void cancel() override;
    bool isRunning() const override;

private:
    void onFinished(const RunResultPointer& result);

    ProxyEngineFactory m_proxyFactory;
    std::unique_ptr<QThread> m_thread;
    RunWorker* m_worker = nullptr; // lives in m_thread, deleted there
};
