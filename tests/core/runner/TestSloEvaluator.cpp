#include "runner/SloEvaluator.h"

#include <QJsonArray>
#include <QJsonObject>
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
    void callsWithoutResponseCountOverAnyThreshold();
    void aFewCallsWithoutResponseBelowThePercentileStillCount();
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

void TestSloEvaluator::callsWithoutResponseCountOverAnyThreshold()
{
    // An outage: six of ten calls refused at once (0 ms). Sorted as plain times they would make
    // p95 look fast; they count as over the threshold instead.
    CallRecords calls = callsWithLatencies({50, 60, 70, 80, 0, 0, 0, 0, 0, 0});
    for (qsizetype i = 4; i < calls.size(); ++i) {
        calls[i].errorClass = CallErrorClass::Refused;
        calls[i].status = 0;
    }
    const Slo slo{.type = SloType::Latency, .objective = 95, .threshold = 300};
    const SloResult result = SloEvaluator::evaluate(slo, calls);
    QVERIFY(!result.pass);
    QVERIFY(result.observedIsLowerBound);
    QCOMPARE(result.noResponse, 6);
    QCOMPARE(result.overThreshold, 6);
    QCOMPARE(*result.observed, 80.0); // at least as slow as the slowest answer
    const QJsonObject json = toJson({result}).at(0).toObject();
    QCOMPARE(json.value(QLatin1String("no_response")).toInt(), 6);
    QVERIFY(json.value(QLatin1String("observed_is_lower_bound")).toBool());
}

void TestSloEvaluator::aFewCallsWithoutResponseBelowThePercentileStillCount()
{
    CallRecords calls;
    for (int i = 1; i <= 100; ++i) {
        calls.append(CallRecord{.latencyUs = i * 1000, .status = 200});
    }
    calls[0].errorClass = CallErrorClass::Timeout; // timed out after 1 ms: ranks last, not first
    calls[0].status = 0;
    const Slo slo{.type = SloType::Latency, .objective = 50, .threshold = 300};
    const SloResult result = SloEvaluator::evaluate(slo, calls);
    QVERIFY(result.pass);
    QVERIFY(!result.observedIsLowerBound);
    QCOMPARE(*result.observed, 51.5); // the median of 2..100 ms and one slower than all
    QCOMPARE(result.noResponse, 1);
    QCOMPARE(result.overThreshold, 1);
}

QTEST_GUILESS_MAIN(TestSloEvaluator)
#include "TestSloEvaluator.moc"
