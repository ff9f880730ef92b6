#include "ScriptedHttpServer.h"
#include "runner/ResultsJsonReader.h"
#include "runner/ResultsJsonWriter.h"
#include "runner/ScenarioRunnerImpl.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace
{
constexpr int RunTimeoutMs = 60000;
// A call every 100 ms: 10 in the before phase of 1 s.
constexpr int BeforeCalls = 10;

// 1 s with no fault, 2 s faulted, 1 s with no fault again, through the real proxy.
Item steadyStateItem(quint16 port, const Fault& fault, const QList<Slo>& slos)
{
    return Item{.call = Call{.url = QStringLiteral("http://127.0.0.1:%1/").arg(port), .timeout = 300},
                .context
                = Context{.upstreams = {QStringLiteral("127.0.0.1:%1").arg(port)},
                          .faults = {fault},
                          .strategy = LoadStrategy{.duration = 2000,
                                                   .clients = 1,
                                                   .rps = 10,
                                                   .steadyState = SteadyState{.beforeMs = 1000, .afterMs = 1000}},
                          .slo = slos}};
}

// The black-hole over the middle second of the faulted phase: 1.5 s to 2.5 s from the start.
Fault middleBlackhole()
{
    return Fault{.parameters = BlackholeFault{},
                 .period = Period{.start = PeriodBound{.value = 25}, .duration = PeriodBound{.value = 50}}};
}

const Slo NoErrors{.type = SloType::Error, .title = QStringLiteral("no errors"), .objective = 99, .threshold = 1};
} // namespace

// A load item with `steady_state` through the real proxy against a local upstream: the phases,
// their SLOs and the recovery, and how results.json keeps them.
class TestScenarioRunnerSteadyState : public QObject
{
    Q_OBJECT

private slots:
    void recoversAfterABlackhole();
    void anUpstreamThatStaysSlowDoesNotRecover();
    void aFailingBaselineMakesTheTestVoid();

private:
    static RunResultPointer run(const Item& item, const QString& resultsPath = {});
};

RunResultPointer TestScenarioRunnerSteadyState::run(const Item& item, const QString& resultsPath)
{
    ScenarioRunnerImpl runner;
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    if (!runner.start({Scenario{.title = QStringLiteral("steady state"), .items = {item}}},
                      RunOptions{.useStore = false, .resultsPath = resultsPath})
        || !finished.wait(RunTimeoutMs)) {
        return nullptr;
    }
    return finished.first().first().value<RunResultPointer>();
}

void TestScenarioRunnerSteadyState::recoversAfterABlackhole()
{
    ScriptedHttpServer upstream;
    QVERIFY(upstream.listen());
    QTemporaryDir folder;
    const QString resultsPath = folder.filePath(QStringLiteral("results.json"));
    const RunResultPointer result = run(steadyStateItem(upstream.port(), middleBlackhole(), {NoErrors}), resultsPath);
    QVERIFY(result);
    const ItemResult& item = result->scenarios.at(0).items.at(0);
    QCOMPARE(item.calls.size(), 40);
    for (const CallRecord& call : item.calls) {
        const qint64 dueMs = call.intendedStartUs / 1000;
        const bool inWindow = dueMs >= 1500 && dueMs < 2500;
        QCOMPARE(call.activeFaults, inWindow ? 1u : 0u);
        if (dueMs < 1500 || dueMs >= 3000) {
            // Before the window and in the after phase, every call is answered.
            QVERIFY2(call.status == 200, qPrintable(QStringLiteral("call %1 due at %2 ms").arg(call.index).arg(dueMs)));
        }
    }
    QVERIFY(item.steadyState);
    const SteadyStateResult& steadyState = *item.steadyState;
    QCOMPARE(steadyState.beforeCalls, BeforeCalls);
    QCOMPARE(steadyState.duringCalls, 20);
    QCOMPARE(steadyState.afterCalls, 10);
    QVERIFY(steadyState.healthyBefore);
    QVERIFY(!steadyState.during.first().pass);
    QVERIFY(steadyState.after.first().pass);
    QVERIFY(steadyState.recovered);
    QVERIFY(steadyState.recoveredAfterMs);
    QVERIFY(*steadyState.recoveredAfterMs >= 0 && *steadyState.recoveredAfterMs <= 1500);
    // The item's own SLOs are the faulted phase's, as without a steady state.
    QCOMPARE(item.slo.first().overThreshold, steadyState.during.first().overThreshold);

    // results.json keeps the phases and the recovery, and reads them back.
    const ResultsJsonReader::Outcome read = ResultsJsonReader::readFile(resultsPath);
    QVERIFY(read.run);
    const std::optional<SteadyStateResult>& reread = read.run->scenarios.at(0).items.at(0).steadyState;
    QVERIFY(reread);
    QCOMPARE(reread->recoveredAfterMs, steadyState.recoveredAfterMs);
    QCOMPARE(reread->recovered, true);
    QCOMPARE(reread->healthyBefore, true);
    QCOMPARE(reread->afterCalls, steadyState.afterCalls);
    QCOMPARE(reread->during.first().overThreshold, steadyState.during.first().overThreshold);
}

void TestScenarioRunnerSteadyState::anUpstreamThatStaysSlowDoesNotRecover()
{
    // Fast for the before phase's calls, then slow for good: from the faulted phase on, whatever
    // the fault does, every answer takes 200 ms.
    ScriptedHttpServer upstream;
    QVERIFY(upstream.listen());
    upstream.reply = [&upstream](const HttpMessageHead&) {
        return ScriptedHttpServer::Reply{.delayMs = upstream.requestCount() > BeforeCalls ? 200 : 0};
    };
    const Fault latency{.parameters = LatencyFault{.mean = 50, .stddev = 0}};
    const Slo fast{
        .type = SloType::Latency, .title = QStringLiteral("p90 under 100 ms"), .objective = 90, .threshold = 100};
    const RunResultPointer result = run(steadyStateItem(upstream.port(), latency, {fast}));
    QVERIFY(result);
    const std::optional<SteadyStateResult>& steadyState = result->scenarios.at(0).items.at(0).steadyState;
    QVERIFY(steadyState);
    QVERIFY(steadyState->healthyBefore);
    QVERIFY(!steadyState->during.first().pass);
    QVERIFY(!steadyState->after.first().pass);
    QVERIFY(!steadyState->recovered);
    QVERIFY(!steadyState->recoveredAfterMs);
}

void TestScenarioRunnerSteadyState::aFailingBaselineMakesTheTestVoid()
{
    ScriptedHttpServer upstream;
    QVERIFY(upstream.listen());
    upstream.reply = [](const HttpMessageHead&) {
        return ScriptedHttpServer::Reply{.status = 503};
    };
    const RunResultPointer result = run(steadyStateItem(upstream.port(), middleBlackhole(), {NoErrors}));
    QVERIFY(result);
    const std::optional<SteadyStateResult>& steadyState = result->scenarios.at(0).items.at(0).steadyState;
    QVERIFY(steadyState);
    QVERIFY(!steadyState->healthyBefore);
    QVERIFY(!steadyState->before.first().pass);
}

QTEST_GUILESS_MAIN(TestScenarioRunnerSteadyState)
#include "TestScenarioRunnerSteadyState.moc"
