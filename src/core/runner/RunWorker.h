#pragma once

#include "proxy/ProxyEngine.h"
#include "runner/FailureExplanation.h"
#include "runner/ItemExecutor.h"
#include "runner/ProxyEventMatcher.h"
#include "runner/RunEvents.h"
#include "runner/RunNotifier.h"
#include "runner/RunOptions.h"
#include "runner/RunRecorder.h"
#include "runner/RunResult.h"
#include "runner/TimeBucketAggregator.h"

#include <functional>
#include <memory>

#include <QObject>
#include <QTimer>

using ProxyEngineFactory = std::function<std::unique_ptr<ProxyEngine>()>;

// Runs a list of scenarios on the runner's worker thread, item after item: gives the proxy each
// item's faults, lets an executor drive its calls, records them, and reports as it goes.
class RunWorker : public RunNotifier
{
    Q_OBJECT

public:
    RunWorker(QList<Scenario> scenarios, RunOptions options, ProxyEngineFactory proxyFactory);
    ~RunWorker() override;

public slots:
    void run();
    void cancel();

private:
    bool startProxy(QString* error);
    void startNextItem();
    // Records the current item as one that could not run, its tests failed, and goes on.
    void failItem(const QString& error);
    bool advance();
    std::unique_ptr<ItemExecutor> makeExecutor(const Item& item, ItemRunContext context) const;
    void onCalls(const CallRecords& calls);
    void onExecutorFinished();
    void finishItem();
    void finishRun(RunStatus status, const QString& error = {});
    void publishLive();

    QList<Scenario> m_scenarios;
    RunOptions m_options;
    ProxyEngineFactory m_proxyFactory;
    std::unique_ptr<ProxyEngine> m_proxy;
    std::unique_ptr<RunRecorder> m_recorder;
    std::unique_ptr<ItemExecutor> m_executor;
    ProxyEventMatcher m_proxyEvents;
    FailureExplanation m_explanation{Item{}};
    QList<quint32> m_undecidedCalls; // the current item's calls whose test awaits the proxy's events
    TimeBucketAggregator m_buckets;
    RunPlan m_plan;
    QTimer m_liveTimer;
    QTimer m_heartbeatTimer;
    QTimer m_graceTimer;
    int m_scenarioIndex = 0;
    int m_itemIndex = -1;
    quint32 m_callsDone = 0;
    qint64 m_itemStartNs = 0;
    quint64 m_itemSerial = 0;
    QByteArray m_runToken;
    bool m_cancelled = false;
    bool m_finished = false;
};
