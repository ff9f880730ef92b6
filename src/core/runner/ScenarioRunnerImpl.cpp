#include "runner/ScenarioRunnerImpl.h"

#include "proxy/ProxyEngineImpl.h"

ScenarioRunnerImpl::ScenarioRunnerImpl(ProxyEngineFactory proxyFactory, QObject* parent)
    : ScenarioRunner(parent)
    , m_proxyFactory(proxyFactory ? std::move(proxyFactory) : [] { return std::make_unique<ProxyEngineImpl>(); })
{
    qRegisterMetaType<RunPlan>();
    qRegisterMetaType<TestOutcome>();
    qRegisterMetaType<QList<TestOutcome>>();
    qRegisterMetaType<RunProgress>();
    qRegisterMetaType<QList<TimeBucket>>();
    qRegisterMetaType<QList<SloResult>>();
    qRegisterMetaType<ItemResult>();
    qRegisterMetaType<RunResultPointer>();
}

ScenarioRunnerImpl::~ScenarioRunnerImpl()
{
    cancel();
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
    }
}

bool ScenarioRunnerImpl::start(const QList<Scenario>& scenarios, const RunOptions& options)
{
    if (isRunning()) {
        return false;
    }
    if (m_thread) {
        m_thread->wait(); // the last run's thread is ending: it quit when that run finished
    }
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("aftershock-runner"));
    m_worker = new RunWorker(scenarios, options, m_proxyFactory);
    m_worker->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &RunNotifier::planned, this, &RunNotifier::planned);
    connect(m_worker, &RunNotifier::testsFinished, this, &RunNotifier::testsFinished);
    connect(m_worker, &RunNotifier::progressed, this, &RunNotifier::progressed);
    connect(m_worker, &RunNotifier::bucketsReady, this, &RunNotifier::bucketsReady);
    connect(m_worker, &RunNotifier::sloProgressed, this, &RunNotifier::sloProgressed);
    connect(m_worker, &RunNotifier::itemFinished, this, &RunNotifier::itemFinished);
    connect(m_worker, &RunNotifier::warning, this, &RunNotifier::warning);
    connect(m_worker, &RunNotifier::finished, this, &ScenarioRunnerImpl::onFinished);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &RunWorker::run, Qt::QueuedConnection);
    return true;
}

void ScenarioRunnerImpl::cancel()
{
    if (isRunning()) {
        QMetaObject::invokeMethod(m_worker, &RunWorker::cancel, Qt::QueuedConnection);
    }
}

bool ScenarioRunnerImpl::isRunning() const
{
    return m_worker != nullptr;
}

void ScenarioRunnerImpl::onFinished(const RunResultPointer& result)
{
    m_worker = nullptr;
    m_thread->quit();
    emit finished(result);
}
