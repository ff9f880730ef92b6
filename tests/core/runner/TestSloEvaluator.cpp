#include "runner/SloEvaluator.h"

#include <QTest>

namespace
{
CallRecords callsWithLatencies(const QList<int>& milliseconds)
{
    CallRecords calls;
    for (const int ms : milliseconds) {
        calls.append(CallRecord{.latencyUs = ms * 1000, .status = 200});
    }
    return calls;
}
} // namespace

class TestSloEvaluator : public QObject
{
    Q_OBJECT

private slots:
    void latencyBreach();
    void latencyAtThresholdPasses();
    void errorRateCountsTimeoutsAndServerErrors();
    void errorRateMustBeStrictlyUnder();
    void noCallsFails();
};

void TestSloEvaluator::latencyBreach()
{
    const Slo slo{.type = SloType::Latency, .title = QStringLiteral("P95 < 300ms"), .objective = 95, .threshold = 300};
    const SloResult result
        = SloEvaluator::evaluate(slo, callsWithLatencies({100, 200, 300, 400, 500, 600, 700, 800, 900, 1000}));
    QVERIFY(!result.pass);
    QCOMPARE(*result.observed, 1000.0);
    QCOMPARE(result.margin, -700.0);
    QCOMPARE(result.overThreshold, 7);
}

void TestSloEvaluator::latencyAtThresholdPasses()
{
    const Slo slo{.type = SloType::Latency, .objective = 50, .threshold = 300};
    const SloResult result = SloEvaluator::evaluate(slo, callsWithLatencies({300, 300, 300}));
    QVERIFY(result.pass);
    QCOMPARE(result.margin, 0.0);
    QCOMPARE(result.overThreshold, 0);
}

void TestSloEvaluator::errorRateCountsTimeoutsAndServerErrors()
{
    CallRecords calls = callsWithLatencies({1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
    calls[0].errorClass = CallErrorClass::Timeout;
    calls[0].status = 0;
    calls[1].status = 503;
    calls[2].status = 404; // a client error is an answer, not a failure
    const Slo slo{.type = SloType::Error, .objective = 99, .threshold = 25};
    const SloResult result = SloEvaluator::evaluate(slo, calls);
    QVERIFY(result.pass);
    QCOMPARE(*result.observed, 20.0);
    QCOMPARE(result.margin, 5.0);
    QCOMPARE(result.overThreshold, 2);
}

void TestSloEvaluator::errorRateMustBeStrictlyUnder()
{
    CallRecords calls = callsWithLatencies({1, 1, 1, 1});
    calls[0].errorClass = CallErrorClass::Refused;
    const SloResult result = SloEvaluator::evaluate(Slo{.type = SloType::Error, .threshold = 25}, calls);
    QCOMPARE(*result.observed, 25.0);
    QVERIFY(!result.pass);
}

void TestSloEvaluator::noCallsFails()
{
    const QList<SloResult> results = SloEvaluator::evaluate(
        {Slo{.type = SloType::Latency, .threshold = 300}, Slo{.type = SloType::Error, .threshold = 1}}, {});
    QCOMPARE(results.size(), 2);
    for (const SloResult& result : results) {
        QVERIFY(!result.observed);
        QVERIFY(!result.pass);
    }
}

QTEST_GUILESS_MAIN(TestSloEvaluator)
#include "TestSloEvaluator.moc"
