#include "runner/ItemFaultPlan.h"

#include <QTest>

namespace
{
Fault latency(double mean, std::optional<Period> period = std::nullopt)
{
    return Fault{.parameters = LatencyFault{.mean = mean}, .period = period};
}

Period period(double startPercent, double durationPercent)
{
    return Period{.start = PeriodBound{.value = startPercent}, .duration = PeriodBound{.value = durationPercent}};
}

Item repeatItem(bool baseline)
{
    return Item{.context = Context{.upstreams = {QStringLiteral("*")},
                                   .faults = {latency(100), Fault{.parameters = BlackholeFault{}}},
                                   .strategy = RepeatStrategy{.count = 3, .step = 50, .addBaselineCall = baseline}}};
}

double meanOf(const Fault& fault)
{
    return std::get<LatencyFault>(fault.parameters).meanOrDefault();
}
} // namespace

class TestItemFaultPlan : public QObject
{
    Q_OBJECT

private slots:
    void baselineCallHasNoFaults();
    void latencyGrowsByStepEachCall();
    void withoutBaselineTheFirstCallHasTheMean();
    void loadMasksFollowPeriods();
    void appliedFaultsPreferTheActiveOne();
    void itemWithoutContext();
};

void TestItemFaultPlan::baselineCallHasNoFaults()
{
    const ItemFaultPlan plan(repeatItem(true));
    QVERIFY(plan.faultsForCall(0).isEmpty());
    QCOMPARE(plan.activeMaskForCall(0), 0u);
    QCOMPARE(plan.activeMaskForCall(1), 0b11u);
    QCOMPARE(plan.upstreams(), QStringList{QStringLiteral("*")});
}

void TestItemFaultPlan::latencyGrowsByStepEachCall()
{
    const ItemFaultPlan plan(repeatItem(true));
    QCOMPARE(meanOf(plan.faultsForCall(1).at(0)), 100.0);
    QCOMPARE(meanOf(plan.faultsForCall(2).at(0)), 150.0);
    QCOMPARE(meanOf(plan.faultsForCall(3).at(0)), 200.0);
    // Only latency grows.
    QCOMPARE(toString(plan.faultsForCall(3).at(1).type()), toString(FaultType::Blackhole));
}

void TestItemFaultPlan::withoutBaselineTheFirstCallHasTheMean()
{
    const ItemFaultPlan plan(repeatItem(false));
    QCOMPARE(meanOf(plan.faultsForCall(0).at(0)), 100.0);
    QCOMPARE(meanOf(plan.faultsForCall(2).at(0)), 200.0);
}

void TestItemFaultPlan::loadMasksFollowPeriods()
{
    const Item item{.context = Context{.faults = {latency(150, period(10, 15)), latency(250, period(40, 15)),
                                                  Fault{.parameters = HttpErrorFault{.probability = 1}}},
                                       .strategy = LoadStrategy{.duration = 10000, .clients = 1, .rps = 1}}};
    const ItemFaultPlan plan(item);
    QCOMPARE(plan.activeMaskAt(0, 10000), 0b100u);
    QCOMPARE(plan.activeMaskAt(1000, 10000), 0b101u);
    QCOMPARE(plan.activeMaskAt(2499, 10000), 0b101u);
    QCOMPARE(plan.activeMaskAt(2500, 10000), 0b100u);
    QCOMPARE(plan.activeMaskAt(4500, 10000), 0b110u);
    QCOMPARE(plan.faultsInMask(0b010u, 7).size(), 1);
    QCOMPARE(meanOf(plan.faultsInMask(0b010u, 7).first()), 250.0);
}

void TestItemFaultPlan::appliedFaultsPreferTheActiveOne()
{
    const Item item{.context = Context{.faults = {latency(150, period(10, 15)), latency(250, period(40, 15))}}};
    const ItemFaultPlan plan(item);
    QCOMPARE(plan.indexOfApplied(FaultType::Latency, FaultSide::Server, FaultDirection::Ingress, 0b10u), 1);
    QCOMPARE(plan.indexOfApplied(FaultType::Latency, FaultSide::Server, FaultDirection::Ingress, 0b01u), 0);
    QCOMPARE(plan.indexOfApplied(FaultType::Blackhole, FaultSide::Server, FaultDirection::Ingress, 0b11u), -1);
}

void TestItemFaultPlan::itemWithoutContext()
{
    const ItemFaultPlan plan(Item{});
    QVERIFY(plan.faults().isEmpty());
    QCOMPARE(plan.activeMaskForCall(0), 0u);
    QVERIFY(plan.faultsForCall(0).isEmpty());
}

QTEST_GUILESS_MAIN(TestItemFaultPlan)
#include "TestItemFaultPlan.moc"
