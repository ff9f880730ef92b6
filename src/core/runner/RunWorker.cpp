#include "runner/RunWorker.h"

#include "proxy/MonotonicClock.h"
#include "runner/LoadExecutor.h"
#include "runner/ResultsJsonWriter.h"
#include "runner/RunPlanner.h"
#include "runner/SequentialExecutor.h"
#include "runner/TestVerdict.h"
#include "store/RunStore.h"

#include <algorithm>
#include <chrono>

#include <QRandomGenerator>
#include <QSet>

namespace
{
constexpr auto LiveInterval = std::chrono::milliseconds(250);
// The proxy sends its events at most every 50 ms; an item waits this long for the last ones.
constexpr auto ProxyEventGrace = std::chrono::milliseconds(120);
// A load item starts this long after it is set up, so its connections are open when call 0 is due.
constexpr qint64 LoadLeadNs = 100'000'000;

QString describeItem(const Scenario& scenario, int itemIndex)
{
    return QStringLiteral("'%1', item %2").arg(scenario.title).arg(itemIndex + 1);
}
} // namespace

RunWorker::RunWorker(QList<Scenario> scenarios, RunOptions options, ProxyEngineFactory proxyFactory)
    : m_scenarios(std::move(scenarios))
    , m_options(std::move(options))
    , m_proxyFactory(std::move(proxyFactory))
    , m_liveTimer(this)
    , m_heartbeatTimer(this)
    , m_graceTimer(this)
{
    m_graceTimer.setSingleShot(true);
    connect(&m_liveTimer, &QTimer::timeout, this, &RunWorker::publishLive);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, [this] { m_recorder->beatHeartbeat(); });
    connect(&m_graceTimer, &QTimer::timeout, this, &RunWorker::finishItem);
}

RunWorker::~RunWorker()
{
    m_executor.reset();
    if (m_proxy) {
        m_proxy->stop();
    }
}

void RunWorker::run()
{
    // Call ids are unique to the run, so that events from another run's traffic never match. A
    // seeded run takes its token from the seed: the proxy draws from the call ids, which must then
    // be the same in a replay (the proxy hashes the whole id, knowing nothing of its parts).
    m_runToken = m_options.randomSeed ? QByteArray::number(*m_options.randomSeed, 36)
                                      : QByteArray::number(QRandomGenerator::global()->generate(), 36);
    m_plan = RunPlanner::plan(m_scenarios);
    emit planned(m_plan);

    std::unique_ptr<RunStore> store;
    if (m_options.useStore) {
        store
            = std::make_unique<RunStore>(m_options.storePath.isEmpty() ? RunStore::defaultPath() : m_options.storePath);
        QString error;
        if (!store->open(&error)) {
            emit warning(error + QStringLiteral("; the run is not kept in the run history"));
            store.reset();
        } else if (!store->setAsidePath().isEmpty()) {
            emit warning(store->setAsideNotice());
        }
    }
    m_recorder = std::make_unique<RunRecorder>(m_scenarios, std::move(store),
                                               [this](const QString& message) { emit warning(message); });
    m_recorder->beginRun(m_options.source, m_options.randomSeed);
    // Flushes beat the heartbeat too, but a single long call flushes nothing until it ends.
    m_heartbeatTimer.start(std::max(m_options.heartbeatIntervalMs, 1));

    QString error;
    if (!startProxy(&error)) {
        finishRun(RunStatus::Interrupted, error);
        return;
    }
    m_liveTimer.start(LiveInterval);
    startNextItem();
}

bool RunWorker::startProxy(QString* error)
{
    m_proxy = m_proxyFactory();
    ProxyConfig config;
    config.listenPort = 0;
    config.randomSeed = m_options.randomSeed;
    connect(m_proxy.get(), &ProxyEngine::eventsReady, this,
            [this](const QList<ProxyEvent>& events) { m_proxyEvents.add(events); });
    connect(m_proxy.get(), &ProxyEngine::warning, this, &RunWorker::warning);
    QString reason;
    if (!m_proxy->start(config, &reason)) {
        *error = QStringLiteral("the proxy would not start: %1").arg(reason);
        return false;
    }
    return true;
}

void RunWorker::cancel()
{
    if (m_cancelled || m_finished) {
        return;
    }
    m_cancelled = true;
    if (m_executor) {
        m_executor->cancel();
    }
}

bool RunWorker::advance()
{
    while (m_scenarioIndex < m_scenarios.size()) {
        if (++m_itemIndex < m_scenarios.at(m_scenarioIndex).items.size()) {
            return true;
        }
        ++m_scenarioIndex;
        m_itemIndex = -1;
    }
    return false;
}

void RunWorker::startNextItem()
{
    if (m_cancelled) {
        finishRun(RunStatus::Cancelled);
        return;
    }
    if (!advance()) {
        finishRun(RunStatus::Completed);
        return;
    }
    const Scenario& scenario = m_scenarios.at(m_scenarioIndex);
    const Item& item = scenario.items.at(m_itemIndex);
    QString error;
    const std::optional<RequestTemplate> request = RequestTemplate::build(scenario, item.call, &error);
    if (!request) {
        failItem(error);
        return;
    }
    const bool load = TestVerdict::isLoad(item);
    const qint64 timeoutMs = item.call.timeout.value_or(m_options.defaultTimeoutMs);
    m_itemStartNs = MonotonicClock::nowNs() + (load ? LoadLeadNs : 0);
    ItemRunContext context{.proxy = m_proxy.get(),
                           .proxyPort = m_proxy->proxyPort(),
                           .request = *request,
                           .callIdPrefix = m_runToken + '-' + QByteArray::number(++m_itemSerial) + '-',
                           .faults = ItemFaultPlan(item),
                           .startNs = m_itemStartNs,
                           .timeoutNs = std::max<qint64>(timeoutMs, 1) * 1'000'000,
                           .verifyCertificates = !m_options.insecure};
    m_proxyEvents.reset(context.callIdPrefix, context.faults);
    m_explanation = FailureExplanation(item);
    m_undecidedCalls.clear();
    m_buckets.reset(m_scenarioIndex, m_itemIndex);
    m_callsDone = 0;
    m_recorder->beginItem(m_scenarioIndex, m_itemIndex, request->url(),
                          m_plan.scenarios.at(m_scenarioIndex).items.at(m_itemIndex).calls, m_itemStartNs);
    m_recorder->setRequestBody(request->body());
    m_executor = makeExecutor(item, std::move(context));
    connect(m_executor.get(), &ItemExecutor::callsCompleted, this, &RunWorker::onCalls);
    connect(m_executor.get(), &ItemExecutor::exchangesCaptured, this,
            [this](const CallExchanges& exchanges) { m_recorder->addExchanges(exchanges); });
    connect(m_executor.get(), &ItemExecutor::finished, this, &RunWorker::onExecutorFinished);
    // A load item may fail every call for the same reason: told once an item.
    connect(m_executor.get(), &ItemExecutor::callWarning, this,
            [this, warned = QSet<QString>()](const QString& message) mutable {
                if (!warned.contains(message)) {
                    warned.insert(message);
                    emit warning(describeItem(m_scenarios.at(m_scenarioIndex), m_itemIndex) + QStringLiteral(": ")
                                 + message);
                }
            });
    m_executor->start();
}

void RunWorker::failItem(const QString& error)
{
    const Scenario& scenario = m_scenarios.at(m_scenarioIndex);
    const Item& item = scenario.items.at(m_itemIndex);
    const RunPlan::ItemPlan& plan = m_plan.scenarios.at(m_scenarioIndex).items.at(m_itemIndex);
    m_recorder->beginItem(m_scenarioIndex, m_itemIndex, resolvedUrl(scenario, item.call), plan.calls,
                          MonotonicClock::nowNs());
    const ItemResult& result = m_recorder->failItem(error);
    QList<TestOutcome> outcomes;
    if (plan.load) {
        outcomes.append(TestOutcome{.scenarioIndex = m_scenarioIndex, .itemIndex = m_itemIndex, .passed = false});
    }
    for (quint32 index = 0; !plan.load && index < plan.calls; ++index) {
        outcomes.append(TestOutcome{
            .scenarioIndex = m_scenarioIndex, .itemIndex = m_itemIndex, .callIndex = index, .passed = false});
    }
    emit testsFinished(outcomes);
    emit itemFinished(m_scenarioIndex, m_itemIndex, result);
    // Queued, so that a file of many such items does not recurse.
    QMetaObject::invokeMethod(this, &RunWorker::startNextItem, Qt::QueuedConnection);
}

std::unique_ptr<ItemExecutor> RunWorker::makeExecutor(const Item& item, ItemRunContext context) const
{
    const Strategy strategy = item.context && item.context->strategy ? *item.context->strategy : SingleStrategy{};
    if (const auto* load = std::get_if<LoadStrategy>(&strategy)) {
        return std::make_unique<LoadExecutor>(std::move(context), *load, m_options.loadThreads);
    }
    SequentialExecutor::Settings settings{.expect = item.expect};
    if (const auto* repeat = std::get_if<RepeatStrategy>(&strategy)) {
        settings.calls = RunPlanner::planItem(item).calls;
        settings.wait = std::chrono::milliseconds(std::max(repeat->wait.value_or(0), 0));
        settings.failfast = repeat->failfast.value_or(false);
    }
    return std::make_unique<SequentialExecutor>(std::move(context), settings);
}

void RunWorker::onCalls(const CallRecords& calls)
{
    m_recorder->addCalls(calls);
    m_callsDone += static_cast<quint32>(calls.size());
    for (const CallRecord& call : calls) {
        m_buckets.add(call);
    }
    const Item& item = m_scenarios.at(m_scenarioIndex).items.at(m_itemIndex);
    if (!TestVerdict::isLoad(item)) {
        QList<TestOutcome> outcomes;
        for (const CallRecord& call : calls) {
            // A failure that a fault may explain is decided once the proxy has said which
            // faults it applied, at the item's end.
            if (TestVerdict::callMeetsExpectation(item.expect, call) && m_explanation.awaitsAppliedFaults(call)) {
                m_undecidedCalls.append(call.index);
                continue;
            }
            outcomes.append(TestOutcome{.scenarioIndex = m_scenarioIndex,
                                        .itemIndex = m_itemIndex,
                                        .callIndex = call.index,
                                        .passed = TestVerdict::callPasses(item, m_explanation, call)});
        }
        if (!outcomes.isEmpty()) {
            emit testsFinished(outcomes);
        }
    }
}

void RunWorker::onExecutorFinished()
{
    // Deleted later: this runs inside the executor's own signal.
    m_executor.release()->deleteLater();
    m_graceTimer.start(ProxyEventGrace);
}

void RunWorker::finishItem()
{
    publishLive();
    const ItemResult& result = m_recorder->finishItem(m_proxyEvents, MonotonicClock::nowNs());
    const Item& item = m_scenarios.at(m_scenarioIndex).items.at(m_itemIndex);
    if (TestVerdict::isLoad(item)) {
        emit testsFinished({TestOutcome{.scenarioIndex = m_scenarioIndex,
                                        .itemIndex = m_itemIndex,
                                        .passed = TestVerdict::loadItemPasses(item, result)}});
    } else if (!m_undecidedCalls.isEmpty()) {
        QList<TestOutcome> outcomes;
        for (const quint32 index : std::as_const(m_undecidedCalls)) {
            const CallRecord* call = findCall(result.calls, index);
            outcomes.append(TestOutcome{.scenarioIndex = m_scenarioIndex,
                                        .itemIndex = m_itemIndex,
                                        .callIndex = index,
                                        .passed = call && TestVerdict::callPasses(item, m_explanation, *call)});
        }
        m_undecidedCalls.clear();
        emit testsFinished(outcomes);
    }
    emit itemFinished(m_scenarioIndex, m_itemIndex, result);
    startNextItem();
}

void RunWorker::finishRun(RunStatus status, const QString& error)
{
    m_finished = true;
    m_liveTimer.stop();
    m_heartbeatTimer.stop();
    if (m_proxy) {
        m_proxy->stop();
    }
    const RunResultPointer result = m_recorder->finishRun(status, error, m_options.resultsPath);
    if (!m_options.resultsPath.isEmpty()) {
        QString writeError;
        if (!ResultsJsonWriter::write(*result, m_options.resultsPath, &writeError)) {
            emit warning(writeError);
        }
    }
    emit finished(result);
}

void RunWorker::publishLive()
{
    m_recorder->flush();
    if (m_itemIndex < 0 || m_scenarioIndex >= m_scenarios.size()) {
        return;
    }
    const QList<TimeBucket> buckets = m_buckets.takeChanged();
    if (!buckets.isEmpty()) {
        emit bucketsReady(buckets);
        const Item& item = m_scenarios.at(m_scenarioIndex).items.at(m_itemIndex);
        if (item.context && !item.context->slo.isEmpty()) {
            emit sloProgressed(m_scenarioIndex, m_itemIndex,
                               SteadyStateEvaluator::faultedPhaseSlo(item, m_recorder->currentCalls()));
        }
    }
    emit progressed(RunProgress{.scenarioIndex = m_scenarioIndex,
                                .itemIndex = m_itemIndex,
                                .callsDone = m_callsDone,
                                .callsPlanned = m_plan.scenarios.at(m_scenarioIndex).items.at(m_itemIndex).calls,
                                .elapsedMs = (MonotonicClock::nowNs() - m_itemStartNs) / 1'000'000});
}
