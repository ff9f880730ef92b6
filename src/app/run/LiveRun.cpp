#include "run/LiveRun.h"

#include "proxy/UpstreamTarget.h"
#include "runner/RunPlanner.h"
#include "runner/TestVerdict.h"

#include <algorithm>

#include <QUrl>

namespace
{
// `host:port` of a call's URL, the port spelled out even when it is the scheme's.
QString authorityOf(const QString& url)
{
    const QUrl parsed(url);
    const bool https = parsed.scheme() == QLatin1String("https");
    return UpstreamTarget{parsed.scheme(), parsed.host(), static_cast<quint16>(parsed.port(https ? 443 : 80))}
        .authority();
}
} // namespace

double LiveRun::ItemState::spanMs() const
{
    const double passed
        = buckets.isEmpty() ? 0.0 : static_cast<double>(buckets.last().startMs + buckets.last().lengthMs);
    return std::max({static_cast<double>(plannedDurationMs), static_cast<double>(elapsedMs), passed});
}

LiveRun::LiveRun(QString source, QList<Scenario> scenarios, QObject* parent)
    : QObject(parent)
    , m_source(std::move(source))
    , m_definitions(std::move(scenarios))
{
    for (const Scenario& scenario : std::as_const(m_definitions)) {
        ScenarioState state{.title = scenario.title};
        for (const Item& item : scenario.items) {
            state.items.append(ItemState{.definition = item});
        }
        m_scenarios.append(state);
    }
}

LiveRun* LiveRun::fromResult(const QString& source, const RunResultPointer& result, QObject* parent)
{
    QList<Scenario> scenarios;
    for (const ScenarioResult& scenario : result->scenarios) {
        scenarios.append(scenario.scenario);
    }
    auto* run = new LiveRun(source, scenarios, parent);
    run->setPlan(RunPlanner::plan(scenarios));
    for (int scenarioIndex = 0; scenarioIndex < result->scenarios.size(); ++scenarioIndex) {
        const ScenarioResult& scenario = result->scenarios.at(scenarioIndex);
        for (int itemIndex = 0; itemIndex < scenario.items.size(); ++itemIndex) {
            const Item& item = scenario.scenario.items.at(itemIndex);
            const ItemResult& itemResult = scenario.items.at(itemIndex);
            // The tests as the run decided them: a load item as a whole, otherwise each call.
            QList<TestOutcome> outcomes;
            if (TestVerdict::isLoad(item) || !itemResult.error.isEmpty()) {
                const TestVerdict::Tally tally = TestVerdict::tally(item, itemResult);
                for (int test = 0; test < tally.run; ++test) {
                    outcomes.append(TestOutcome{scenarioIndex, itemIndex, -1, test >= tally.failed});
                }
            } else {
                const FailureExplanation explanation(item);
                for (const CallRecord& call : itemResult.calls) {
                    outcomes.append(TestOutcome{scenarioIndex, itemIndex, call.index,
                                                TestVerdict::callPasses(item, explanation, call)});
                }
            }
            run->addOutcomes(outcomes);
            if (LiveRun::ItemState* state = run->mutableItem(scenarioIndex, itemIndex)) {
                state->elapsedMs = itemResult.totalTimeNs / 1'000'000;
            }
            run->finishItem(scenarioIndex, itemIndex, itemResult);
        }
    }
    run->finish(result);
    return run;
}

const LiveRun::ItemState* LiveRun::item(int scenarioIndex, int itemIndex) const
{
    if (scenarioIndex < 0 || scenarioIndex >= m_scenarios.size()) {
        return nullptr;
    }
    const QList<ItemState>& items = m_scenarios.at(scenarioIndex).items;
    return itemIndex >= 0 && itemIndex < items.size() ? &items.at(itemIndex) : nullptr;
}

LiveRun::ItemState* LiveRun::mutableItem(int scenarioIndex, int itemIndex)
{
    return const_cast<ItemState*>(item(scenarioIndex, itemIndex));
}

void LiveRun::setPlan(const RunPlan& plan)
{
    for (qsizetype scenario = 0; scenario < std::min(plan.scenarios.size(), m_scenarios.size()); ++scenario) {
        const RunPlan::ScenarioPlan& scenarioPlan = plan.scenarios.at(scenario);
        ScenarioState& state = m_scenarios[scenario];
        state.title = scenarioPlan.title;
        state.plannedTests = scenarioPlan.tests;
        for (qsizetype index = 0; index < std::min(scenarioPlan.items.size(), state.items.size()); ++index) {
            const RunPlan::ItemPlan& itemPlan = scenarioPlan.items.at(index);
            ItemState& item = state.items[index];
            item.load = itemPlan.load;
            item.plannedCalls = itemPlan.calls;
            item.plannedDurationMs = itemPlan.durationMs;
        }
    }
    ++m_revision;
    emit planned();
}

void LiveRun::addOutcomes(const QList<TestOutcome>& outcomes)
{
    for (const TestOutcome& outcome : outcomes) {
        ItemState* item = mutableItem(outcome.scenarioIndex, outcome.itemIndex);
        if (!item) {
            continue;
        }
        ScenarioState& scenario = m_scenarios[outcome.scenarioIndex];
        scenario.marks += outcome.passed ? QStringLiteral("▮") : QStringLiteral("✗");
        ++(outcome.passed ? item->testsPassed : item->testsFailed);
        scenario.testsFailed += outcome.passed ? 0 : 1;
        ++m_testsRun;
        m_testsFailed += outcome.passed ? 0 : 1;
    }
    ++m_revision;
}

void LiveRun::setProgress(const RunProgress& progress)
{
    ItemState* item = mutableItem(progress.scenarioIndex, progress.itemIndex);
    if (!item) {
        return;
    }
    const bool started = item->state == State::Waiting;
    item->callsDone = progress.callsDone;
    item->elapsedMs = progress.elapsedMs;
    item->state = State::Running;
    m_scenarios[progress.scenarioIndex].state = State::Running;
    ++m_revision;
    if (started) {
        emit itemStarted(progress.scenarioIndex, progress.itemIndex);
    }
}

void LiveRun::addBuckets(const QList<TimeBucket>& buckets)
{
    for (const TimeBucket& bucket : buckets) {
        ItemState* item = mutableItem(bucket.scenarioIndex, bucket.itemIndex);
        if (!item || bucket.index < 0) {
            continue;
        }
        // Slices without calls are never sent: they are filled in empty, so that lines break there.
        while (item->buckets.size() <= bucket.index) {
            const auto index = static_cast<int>(item->buckets.size());
            item->buckets.append(TimeBucket{.scenarioIndex = bucket.scenarioIndex,
                                            .itemIndex = bucket.itemIndex,
                                            .index = index,
                                            .startMs = qint64{index} * bucket.lengthMs,
                                            .lengthMs = bucket.lengthMs});
        }
        item->buckets[bucket.index] = bucket;
    }
    ++m_revision;
}

void LiveRun::setLiveSlo(int scenarioIndex, int itemIndex, const QList<SloResult>& slo)
{
    if (ItemState* item = mutableItem(scenarioIndex, itemIndex); item && !item->result) {
        item->slo = slo;
        ++m_revision;
    }
}

void LiveRun::finishItem(int scenarioIndex, int itemIndex, const ItemResult& result)
{
    ItemState* item = mutableItem(scenarioIndex, itemIndex);
    if (!item) {
        return;
    }
    item->result = result;
    item->slo = result.slo;
    if (!result.calls.isEmpty()) {
        // Stops at the first call that was not refused: an item that reached its target costs one look.
        const bool refused = std::all_of(result.calls.begin(), result.calls.end(), [](const CallRecord& call) {
            return call.errorClass == CallErrorClass::Refused;
        });
        TargetTally& tally = m_targets[authorityOf(result.target)];
        ++(refused ? tally.refusedItems : tally.otherItems);
    }
    item->callsDone = static_cast<quint32>(result.calls.size());
    item->state = item->testsFailed > 0 || !result.error.isEmpty() ? State::Failed : State::Passed;
    ScenarioState& scenario = m_scenarios[scenarioIndex];
    if (scenario.state == State::Waiting) {
        scenario.state = State::Running;
    }
    if (itemIndex + 1 == scenario.items.size()) {
        settleScenario(scenario, false);
    }
    ++m_revision;
}

QStringList LiveRun::refusedTargets() const
{
    QStringList targets;
    for (auto target = m_targets.cbegin(); target != m_targets.cend(); ++target) {
        if (target->refusedItems > 0 && target->otherItems == 0) {
            targets.append(target.key());
        }
    }
    return targets;
}

void LiveRun::finish(const RunResultPointer& result)
{
    m_result = result;
    const bool cancelled = result && result->status != RunStatus::Completed;
    for (ScenarioState& scenario : m_scenarios) {
        bool cutShort = false;
        for (ItemState& item : scenario.items) {
            // Stopped in the middle: what ran was kept, but the item did not make all its calls.
            const bool unfinished = item.state == State::Running
                || (cancelled && item.state == State::Passed && item.result
                    && item.result->calls.size() < static_cast<qsizetype>(item.plannedCalls));
            if (unfinished) {
                item.state = State::Cancelled;
                cutShort = true;
            }
        }
        if (scenario.state != State::Waiting) {
            settleScenario(scenario, cutShort || (cancelled && scenario.state == State::Running));
        }
    }
    ++m_revision;
    emit finished();
}

void LiveRun::settleScenario(ScenarioState& scenario, bool cancelled)
{
    if (scenario.testsFailed > 0
        || std::any_of(scenario.items.begin(), scenario.items.end(),
                       [](const ItemState& item) { return item.state == State::Failed; })) {
        scenario.state = State::Failed;
    } else {
        scenario.state = cancelled ? State::Cancelled : State::Passed;
    }
}
