#include "runner/TestVerdict.h"

#include <QTest>

namespace
{
Item loadItem(QList<Fault> faults = {})
{
    return Item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9090/")},
                .context = Context{.faults = std::move(faults),
                                   .strategy = LoadStrategy{.duration = 1000, .clients = 1, .rps = 4}}};
}

ItemResult resultOf(CallRecords calls)
{
    return ItemResult{.calls = std::move(calls)};
}

CallRecord failedCall(quint32 index, CallErrorClass errorClass, quint32 active = 0, quint32 applied = 0)
{
    return CallRecord{.index = index, .activeFaults = active, .appliedFaults = applied, .errorClass = errorClass};
}
} // namespace

// SPEC.md §2: a call that failed with no injected fault to explain it fails its test.
class TestTestVerdict : public QObject
{
    Q_OBJECT

private slots:
    void aLoadItemWithoutSloFailsWhenEveryCallWasRefused();
    void blackholeTimeoutsDoNotFailALoadItem();
    void aTimeoutNoFaultTouchedFails();
    void aResetIsExplainedOnlyByAStreamBreakingFault();
    void aSingleCallWithoutExpectationFailsWhenRefused();
    void droppedCallsAreReportedNotFailed();
    void aBreachedSloFailsALoadItemUnlessExpected();
};

void TestTestVerdict::aLoadItemWithoutSloFailsWhenEveryCallWasRefused()
{
    const Item item = loadItem();
    const ItemResult result
        = resultOf({failedCall(0, CallErrorClass::Refused), failedCall(1, CallErrorClass::Refused)});
    QVERIFY(!TestVerdict::loadItemPasses(item, result));
    QCOMPARE(TestVerdict::tally(item, result).failed, 1);
    QCOMPARE(TestVerdict::unexplainedFailures(item, result.calls), 2);
}

void TestTestVerdict::blackholeTimeoutsDoNotFailALoadItem()
{
    const Item item = loadItem({Fault{.parameters = BlackholeFault{}}});
    const ItemResult result
        = resultOf({CallRecord{.index = 0, .status = 200}, failedCall(1, CallErrorClass::Timeout, 1, 1),
                    failedCall(2, CallErrorClass::Timeout, 1, 1)});
    QVERIFY(TestVerdict::loadItemPasses(item, result));
}

void TestTestVerdict::aTimeoutNoFaultTouchedFails()
{
    // The fault was configured for the call but the proxy never applied it: the timeout is the
    // API's own.
    const Item item = loadItem({Fault{.parameters = BlackholeFault{}}});
    const FailureExplanation explanation(item);
    const CallRecord call = failedCall(0, CallErrorClass::Timeout, 1, 0);
    QVERIFY(explanation.awaitsAppliedFaults(call));
    QVERIFY(explanation.isUnexplained(call));
    QVERIFY(!TestVerdict::loadItemPasses(item, resultOf({call})));
}

void TestTestVerdict::aResetIsExplainedOnlyByAStreamBreakingFault()
{
    const Item item
        = loadItem({Fault{.parameters = LatencyFault{.mean = 100}}, Fault{.parameters = PacketLossFault{}}});
    const FailureExplanation explanation(item);
    QVERIFY(explanation.isUnexplained(failedCall(0, CallErrorClass::Reset, 0b11, 0b01)));
    QVERIFY(!explanation.isUnexplained(failedCall(0, CallErrorClass::Reset, 0b11, 0b10)));
    QVERIFY(explanation.isUnexplained(failedCall(0, CallErrorClass::Dns, 0b11, 0b11)));
    QVERIFY(explanation.isUnexplained(failedCall(0, CallErrorClass::Tls, 0b11, 0b11)));
}

void TestTestVerdict::aSingleCallWithoutExpectationFailsWhenRefused()
{
    const Item item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9090/")}};
    const FailureExplanation explanation(item);
    const CallRecord refused = failedCall(0, CallErrorClass::Refused);
    QVERIFY(TestVerdict::callMeetsExpectation(item.expect, refused));
    QVERIFY(!TestVerdict::callPasses(item, explanation, refused));
    QVERIFY(TestVerdict::callPasses(item, explanation, CallRecord{.status = 503})); // an answer, judged by SLOs
    QCOMPARE(TestVerdict::tally(item, resultOf({refused})).failed, 1);
}

void TestTestVerdict::droppedCallsAreReportedNotFailed()
{
    const Item item = loadItem();
    QVERIFY(TestVerdict::loadItemPasses(item, resultOf({failedCall(0, CallErrorClass::Dropped)})));
}

void TestTestVerdict::aBreachedSloFailsALoadItemUnlessExpected()
{
    // SPEC.md §2: a load item fails when one of its SLOs fails, with or without `expect`; the
    // report and the JUnit file said "failed" while the run counted a pass.
    Item item = loadItem();
    const SloResult held{.pass = true};
    const SloResult breached{.pass = false};
    ItemResult result = resultOf({CallRecord{.index = 0, .status = 200}});
    result.slo = {held, breached};
    QVERIFY(!TestVerdict::loadItemPasses(item, result));
    QCOMPARE(TestVerdict::tally(item, result).failed, 1);
    result.slo = {held};
    QVERIFY(TestVerdict::loadItemPasses(item, result));
    // `all_slo_are_valid: false` says the faults are meant to break them.
    item.expect = Expectation{.allSloAreValid = false};
    QVERIFY(!TestVerdict::loadItemPasses(item, result));
    result.slo = {held, breached};
    QVERIFY(TestVerdict::loadItemPasses(item, result));
}

QTEST_GUILESS_MAIN(TestTestVerdict)
#include "TestTestVerdict.moc"
