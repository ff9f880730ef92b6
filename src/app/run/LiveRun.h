#pragma once

#include "runner/RunEvents.h"
#include "runner/RunResult.h"
#include "scenario/Scenario.h"

#include <optional>

#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

// One run as the GUI sees it while it goes and after: the plan, each item's progress, live time
// slices and SLOs, and the results as items finish. The run view's models read it; RunController
// writes it from the runner's signals. Views redraw on a timer of their own when the revision has
// moved, so that a fast run costs the GUI thread a bounded number of redraws.
class LiveRun : public QObject
{
    Q_OBJECT

public:
    enum class State { Waiting, Running, Passed, Failed, Cancelled };

    struct ItemState
    {
        Item definition;
        bool load = false;
        quint32 plannedCalls = 0;
        qint64 plannedDurationMs = 0; // load only
        quint32 callsDone = 0;
        qint64 elapsedMs = 0;
        QList<TimeBucket> buckets; // by index, every slice from the first to the last sent
        QList<SloResult> slo; // as the calls come, then the final verdicts
        int testsPassed = 0;
        int testsFailed = 0;
        State state = State::Waiting;
        std::optional<ItemResult> result; // once the item has finished

        // The span its time charts cover, in ms: the planned duration, or what has passed.
        double spanMs() const;
    };

    struct ScenarioState
    {
        QString title;
        int plannedTests = 0;
        QString marks; // one a decided test, in order: ▮ passed, ✗ failed
        int testsFailed = 0;
        QList<ItemState> items;
        State state = State::Waiting;
    };

    LiveRun(QString source, QList<Scenario> scenarios, QObject* parent = nullptr);
    // A run that has ended, as its results file holds it (the history reopens runs so): every item
    // finished, the same numbers and verdicts it had.
    static LiveRun* fromResult(const QString& source, const RunResultPointer& result, QObject* parent = nullptr);

    QString source() const
    {
        return m_source;
    }
    const QList<Scenario>& scenarios() const
    {
        return m_definitions;
    }
    const QList<ScenarioState>& scenarioStates() const
    {
        return m_scenarios;
    }
    const ItemState* item(int scenarioIndex, int itemIndex) const;
    // Counts every change: views compare it with what they last drew.
    quint64 revision() const
    {
        return m_revision;
    }
    bool isFinished() const
    {
        return m_result != nullptr;
    }
    RunResultPointer result() const
    {
        return m_result;
    }
    QString resultsPath() const
    {
        return m_resultsPath;
    }
    void setResultsPath(const QString& path)
    {
        m_resultsPath = path;
    }
    int testsRun() const
    {
        return m_testsRun;
    }
    int testsFailed() const
    {
        return m_testsFailed;
    }
    // The `host:port` of the calls of finished items where every call was refused, and no
    // finished item that called it had another outcome: nothing seems to listen there.
    QStringList refusedTargets() const;

    // From the runner.
    void setPlan(const RunPlan& plan);
    void addOutcomes(const QList<TestOutcome>& outcomes);
    void setProgress(const RunProgress& progress);
    void addBuckets(const QList<TimeBucket>& buckets);
    void setLiveSlo(int scenarioIndex, int itemIndex, const QList<SloResult>& slo);
    void finishItem(int scenarioIndex, int itemIndex, const ItemResult& result);
    void finish(const RunResultPointer& result);

signals:
    void planned();
    void itemStarted(int scenarioIndex, int itemIndex);
    void finished();

private:
    ItemState* mutableItem(int scenarioIndex, int itemIndex);
    void settleScenario(ScenarioState& scenario, bool cancelled);

    QString m_source;
    QList<Scenario> m_definitions;
    QList<ScenarioState> m_scenarios;
    RunResultPointer m_result;
    QString m_resultsPath;
    // Finished items by the host:port they called: how many had every call refused, how many not.
    struct TargetTally
    {
        int refusedItems = 0;
        int otherItems = 0;
    };
    QMap<QString, TargetTally> m_targets;
    quint64 m_revision = 0;
    int m_testsRun = 0;
    int m_testsFailed = 0;
};
