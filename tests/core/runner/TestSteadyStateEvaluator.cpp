#include "runner/ItemFaultPlan.h"
#include "runner/SteadyStateEvaluator.h"

#include <functional>

#include <QTest>

namespace
{
// 1 s before, 2 s faulted with a black-hole over its middle second (1.5 s to 2.5 s from the
// item's start), 1 s after; an error SLO.
Item steadyStateItem()
{
    const Fault blackhole{.parameters = BlackholeFault{},
                          .period = Period{.start = PeriodBound{.value = 25}, .duration = PeriodBound{.value = 50}}};
    return Item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")},
                .context
                = Context{.faults = {blackhole},
                          .strategy = LoadStrategy{.duration = 2000,
                                                   .clients = 1,
                                                   .rps = 10,
                                                   .steadyState = SteadyState{.beforeMs = 1000, .afterMs = 1000}},
                          .slo = {Slo{.type = SloType::Error, .threshold = 1}}}};
}

// A call every 100 ms over 4 s; failed decides which fail.
CallRecords callsOver4s(const std::function<bool(qint64 dueMs)>& failed)
{
    CallRecords calls;
    for (quint32 index = 0; index < 40; ++index) {
        const qint64 dueMs = qint64{index} * 100;
        calls.append(CallRecord{.intendedStartUs = dueMs * 1000,
                                .startUs = dueMs * 1000,
                                .latencyUs = 5000,
                                .index = index,
                                .status = static_cast<quint16>(failed(dueMs) ? 500 : 200)});
    }
    return calls;
}
} // namespace

class TestSteadyStateEvaluator : public QObject
{
    Q_OBJECT

private slots:
    void tagsCallsByPhaseAndShiftsFaultWindows();
    void recoveryCountsFromTheEndOfTheLastWindow();
    void stillFailingAtTheEndIsNotRecovered();
    void aFailingBaselineIsVoid();
    void nothingWithoutASteadyState();
};

void TestSteadyStateEvaluator::tagsCallsByPhaseAndShiftsFaultWindows()
{
    const ItemFaultPlan plan(steadyStateItem());
    const LoadPhases& phases = plan.phases();
    QCOMPARE(phases.totalMs(), 4000);
    QVERIFY(phases.phaseAt(999) == LoadPhase::Before);
    QVERIFY(phases.phaseAt(1000) == LoadPhase::During);
    QVERIFY(phases.phaseAt(2999) == LoadPhase::During);
    QVERIFY(phases.phaseAt(3000) == LoadPhase::After);
    // The window keeps its meaning within the faulted phase.
    QCOMPARE(plan.activeMaskAtDue(1499), 0u);
    QCOMPARE(plan.activeMaskAtDue(1500), 1u);
    QCOMPARE(plan.activeMaskAtDue(2499), 1u);
    QCOMPARE(plan.activeMaskAtDue(2500), 0u);
    QCOMPARE(plan.lastFaultEndMs(), 2500.0);
    // A fault without a period acts over the faulted phase only, and the proxy is told so.
    Item always = steadyStateItem();
    always.context->faults.first().period.reset();
    const ItemFaultPlan alwaysPlan(always);
    QCOMPARE(alwaysPlan.activeMaskAtDue(500), 0u);
    QCOMPARE(alwaysPlan.activeMaskAtDue(1000), 1u);
    QCOMPARE(alwaysPlan.activeMaskAtDue(3500), 0u);
    QCOMPARE(alwaysPlan.lastFaultEndMs(), 3000.0);
    QVERIFY(alwaysPlan.proxyFaults().first().period.has_value());
    QVERIFY(!alwaysPlan.faults().first().period.has_value());
}

void TestSteadyStateEvaluator::recoveryCountsFromTheEndOfTheLastWindow()
{
    // Failing in the window and until 3.0 s, into the after phase: not recovered.
    const CallRecords calls = callsOver4s([](qint64 dueMs) { return dueMs >= 1500 && dueMs < 3100; });
    const std::optional<SteadyStateResult> result = SteadyStateEvaluator::evaluate(steadyStateItem(), calls);
    QVERIFY(result);
    QCOMPARE(result->beforeCalls, 10);
    QCOMPARE(result->duringCalls, 20);
    QCOMPARE(result->afterCalls, 10);
    QVERIFY(result->healthyBefore);
    QVERIFY(!result->during.first().pass);
    QVERIFY(!result->after.first().pass); // a call at 3.0 s failed
    QVERIFY(!result->recovered);
    QVERIFY(!result->recoveredAfterMs);

    // Clean again from 2.9 s: of the 250 ms buckets laid from the window's end (2.5 s), the one at
    // 2.75 s still holds the failed call at 2.8 s, so recovery starts at 3.0 s, 500 ms after it.
    const CallRecords recovering = callsOver4s([](qint64 dueMs) { return dueMs >= 1500 && dueMs < 2900; });
    const std::optional<SteadyStateResult> recovered = SteadyStateEvaluator::evaluate(steadyStateItem(), recovering);
    QVERIFY(recovered);
    QVERIFY(recovered->after.first().pass);
    QVERIFY(recovered->recovered);
    QCOMPARE(recovered->recoveredAfterMs, std::optional<qint64>(500));
}

void TestSteadyStateEvaluator::stillFailingAtTheEndIsNotRecovered()
{
    const CallRecords calls = callsOver4s([](qint64 dueMs) { return dueMs >= 1500; });
    const std::optional<SteadyStateResult> result = SteadyStateEvaluator::evaluate(steadyStateItem(), calls);
    QVERIFY(result);
    QVERIFY(result->healthyBefore);
    QVERIFY(!result->recovered);
    QVERIFY(!result->recoveredAfterMs);
}

void TestSteadyStateEvaluator::aFailingBaselineIsVoid()
{
    const CallRecords calls = callsOver4s([](qint64 dueMs) { return dueMs < 500; });
    const std::optional<SteadyStateResult> result = SteadyStateEvaluator::evaluate(steadyStateItem(), calls);
    QVERIFY(result);
    QVERIFY(!result->healthyBefore);
    QVERIFY(!result->before.first().pass);
}

void TestSteadyStateEvaluator::nothingWithoutASteadyState()
{
    Item item = steadyStateItem();
    std::get<LoadStrategy>(*item.context->strategy).steadyState.reset();
    const CallRecords calls = callsOver4s([](qint64 dueMs) { return dueMs < 500; });
    QVERIFY(!SteadyStateEvaluator::evaluate(item, calls));
    // The faulted phase is then every call.
    QCOMPARE(SteadyStateEvaluator::faultedPhaseSlo(item, calls).first().overThreshold, 5);
    QCOMPARE(SteadyStateEvaluator::faultedPhaseSlo(steadyStateItem(), calls).first().overThreshold, 0);
}

QTEST_GUILESS_MAIN(TestSteadyStateEvaluator)
#include "TestSteadyStateEvaluator.moc"
