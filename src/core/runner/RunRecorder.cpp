#include "runner/RunRecorder.h"

#include "proxy/MonotonicClock.h"
#include "runner/ScenarioJson.h"
#include "runner/TestVerdict.h"
#include "store/RunStore.h"

#include <algorithm>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

RunRecorder::RunRecorder(QList<Scenario> scenarios, std::unique_ptr<RunStore> store, WarningCallback warn)
    : m_store(std::move(store))
    , m_warn(std::move(warn))
{
    for (Scenario& scenario : scenarios) {
        m_result.scenarios.append(ScenarioResult{.scenario = std::move(scenario)});
    }
}

RunRecorder::~RunRecorder() = default;

void RunRecorder::storeFailed()
{
    m_warn(QStringLiteral("the run store stopped recording: %1").arg(m_store->lastError()));
    m_store.reset();
}

void RunRecorder::beginRun(const QString& source, std::optional<quint64> seed)
{
    m_result.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_result.seed = seed;
    if (!m_store) {
        return;
    }
    QJsonArray scenarios;
    for (const ScenarioResult& scenario : m_result.scenarios) {
        scenarios.append(ScenarioJson::toJson(scenario.scenario));
    }
    m_runId = m_store->beginRun(source, m_result.startedAtMs, QJsonDocument(scenarios).toJson(QJsonDocument::Compact),
                                seed);
    if (m_runId < 0) {
        storeFailed();
    }
}

ItemResult& RunRecorder::currentItem()
{
    return m_result.scenarios[m_scenarioIndex].items.last();
}

void RunRecorder::beginItem(int scenarioIndex, int itemIndex, const QString& target, quint32 plannedCalls,
                            qint64 startNs)
{
    m_scenarioIndex = scenarioIndex;
    m_itemIndex = itemIndex;
    m_itemStartNs = startNs;
    const qint64 wallClockUs = QDateTime::currentMSecsSinceEpoch() * 1000 + (startNs - MonotonicClock::nowNs()) / 1000;
    m_result.scenarios[scenarioIndex].items.append(
        ItemResult{.target = target, .startedAtUs = wallClockUs, .plannedCalls = plannedCalls});
    currentItem().calls.reserve(plannedCalls);
    if (m_store && !m_store->beginItem(m_runId, scenarioIndex, itemIndex, target, wallClockUs, plannedCalls)) {
        storeFailed();
    }
}

void RunRecorder::addCalls(const CallRecords& calls)
{
    currentItem().calls.append(calls);
    if (m_store) {
        m_unflushed.append(calls);
    }
}

void RunRecorder::addExchanges(const CallExchanges& exchanges)
{
    currentItem().exchanges.append(exchanges);
}

void RunRecorder::setRequestBody(const QByteArray& body)
{
    ItemResult& item = currentItem();
    item.requestBody = body.left(CallExchange::BodyExcerptBytes);
    item.requestBodyBytes = static_cast<quint32>(body.size());
}

void RunRecorder::flush()
{
    if (m_store && !m_unflushed.isEmpty()) {
        if (!m_store->appendCalls(m_runId, m_scenarioIndex, m_itemIndex, m_unflushed)) {
            storeFailed();
        }
    }
    m_unflushed.clear();
}

void RunRecorder::beatHeartbeat()
{
    if (m_store && !m_store->beatHeartbeat(m_runId)) {
        storeFailed();
    }
}

const ItemResult& RunRecorder::finishItem(const ProxyEventMatcher& proxyEvents, qint64 endNs)
{
    flush();
    ItemResult& item = currentItem();
    item.totalTimeNs = endNs - m_itemStartNs;
    std::sort(item.calls.begin(), item.calls.end(),
              [](const CallRecord& a, const CallRecord& b) { return a.index < b.index; });
    std::sort(item.exchanges.begin(), item.exchanges.end(),
              [](const CallExchange& a, const CallExchange& b) { return a.callIndex < b.callIndex; });
    item.appliedFaults = proxyEvents.resolve(item.calls);
    const Item& definition = m_result.scenarios.at(m_scenarioIndex).scenario.items.at(m_itemIndex);
    item.slo = SteadyStateEvaluator::faultedPhaseSlo(definition, item.calls);
    item.steadyState = SteadyStateEvaluator::evaluate(definition, item.calls);
    if (m_store) {
        CallRecords updated;
        std::copy_if(item.calls.begin(), item.calls.end(), std::back_inserter(updated), [](const CallRecord& call) {
            return call.appliedFaults != 0 || call.errorClass == CallErrorClass::ProxyError;
        });
        const QByteArray slo = QJsonDocument(toJson(item.slo)).toJson(QJsonDocument::Compact);
        if (!m_store->finishItem(m_runId, m_scenarioIndex, m_itemIndex, item.totalTimeNs, item.calls, updated, slo)) {
            storeFailed();
        }
    }
    return item;
}

const ItemResult& RunRecorder::failItem(const QString& error)
{
    ItemResult& item = currentItem();
    item.error = error;
    if (m_store && !m_store->failItem(m_runId, m_scenarioIndex, m_itemIndex, error)) {
        storeFailed();
    }
    return item;
}

RunResultPointer RunRecorder::finishRun(RunStatus status, const QString& error, const QString& resultsPath)
{
    flush();
    m_result.endedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_result.status = status;
    m_result.error = error;
    if (m_store) {
        const TestVerdict::Tally tally = TestVerdict::tally(m_result);
        if (!m_store->finishRun(m_runId, toString(status), m_result.endedAtMs, tally.run, tally.failed, resultsPath,
                                error)) {
            storeFailed();
        }
    }
    return std::make_shared<const RunResult>(m_result);
}
