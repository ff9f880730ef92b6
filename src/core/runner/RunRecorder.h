#pragma once

#include "runner/ProxyEventMatcher.h"
#include "runner/RunResult.h"

#include <functional>
#include <memory>
#include <optional>

#include <QList>
#include <QString>

class RunStore;

// Keeps what a run measures as it goes: the results model, and the run store, which it flushes
// whenever asked (the runner asks every quarter second) so that a crash loses little. A store that
// fails is reported once through the warning callback; the run goes on without it.
class RunRecorder
{
public:
    using WarningCallback = std::function<void(const QString&)>;

    // store may be null: the run is then kept in memory only.
    RunRecorder(QList<Scenario> scenarios, std::unique_ptr<RunStore> store, WarningCallback warn);
    ~RunRecorder();

    void beginRun(const QString& source, std::optional<quint64> seed = std::nullopt);
    // startNs: the item's start on the monotonic clock, from which its calls' times count.
    void beginItem(int scenarioIndex, int itemIndex, const QString& target, quint32 plannedCalls, qint64 startNs);
    void addCalls(const CallRecords& calls);
    void addExchanges(const CallExchanges& exchanges);
    // The body every call of the current item sends, kept once (its first bytes).
    void setRequestBody(const QByteArray& body);
    // Writes the calls added since the last flush to the store.
    void flush();
    // Tells other processes reading the store that the run is alive, between flushes too.
    void beatHeartbeat();
    // Sorts the item's calls, applies what the proxy reported, evaluates the SLOs and stores it all.
    const ItemResult& finishItem(const ProxyEventMatcher& proxyEvents, qint64 endNs);
    // Ends the current item, begun a moment ago, as one that could not run: no calls, the reason kept.
    const ItemResult& failItem(const QString& error);
    RunResultPointer finishRun(RunStatus status, const QString& error, const QString& resultsPath);

    const RunResult& result() const
    {
        return m_result;
    }
    // The current item's calls so far, in the order they ended.
    const CallRecords& currentCalls() const
    {
        return m_result.scenarios.at(m_scenarioIndex).items.last().calls;
    }

private:
    ItemResult& currentItem();
    void storeFailed();

    RunResult m_result;
    std::unique_ptr<RunStore> m_store;
    WarningCallback m_warn;
    qint64 m_runId = -1;
    int m_scenarioIndex = -1;
    int m_itemIndex = -1;
    qint64 m_itemStartNs = 0;
    CallRecords m_unflushed;
};
