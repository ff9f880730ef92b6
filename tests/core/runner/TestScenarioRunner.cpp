#include "FakeProxyEngine.h"
#include "ScriptedHttpServer.h"
#include "runner/ResultsJsonReader.h"
#include "runner/ScenarioRunnerImpl.h"
#include "runner/TestVerdict.h"
#include "store/RunStore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace
{
Fault latency(double mean, std::optional<Period> period = std::nullopt)
{
    return Fault{.parameters = LatencyFault{.mean = mean, .stddev = 0}, .period = period};
}

Period secondHalf()
{
    return Period{.start = PeriodBound{.value = 50}};
}

Scenario scenarioOf(const Item& item)
{
    return Scenario{.title = QStringLiteral("test"), .items = {item}};
}

// A runner with the fake proxy, and what it reported.
class RunnerFixture
{
public:
    RunnerFixture()
        : log(std::make_shared<FakeProxyLog>())
        , runner([log = log] { return std::make_unique<FakeProxyEngine>(log); })
        , finished(&runner, &ScenarioRunner::finished)
        , tests(&runner, &ScenarioRunner::testsFinished)
        , buckets(&runner, &ScenarioRunner::bucketsReady)
        , liveSlo(&runner, &ScenarioRunner::sloProgressed)
        , planned(&runner, &ScenarioRunner::planned)
    {
        options.storePath = folder.filePath(QStringLiteral("runs.sqlite"));
    }

    RunResultPointer run(const QList<Scenario>& scenarios, int timeoutMs = 20000)
    {
        if (!runner.start(scenarios, options) || !finished.wait(timeoutMs)) {
            return nullptr;
        }
        return finished.first().first().value<RunResultPointer>();
    }

    QTemporaryDir folder;
    std::shared_ptr<FakeProxyLog> log;
    RunOptions options;
    ScenarioRunnerImpl runner;
    QSignalSpy finished;
    QSignalSpy tests;
    QSignalSpy buckets;
    QSignalSpy liveSlo;
    QSignalSpy planned;
};
} // namespace

class TestScenarioRunner : public QObject
{
    Q_OBJECT

private slots:
    void singleCallThroughTheProxy();
    void repeatGrowsLatencyAfterABaseline();
    void failfastStopsAtTheFirstMiss();
    void repeatWaitsBetweenCalls();
    void loadFollowsFaultPeriodsAndEvaluatesSlos();
    void loadTimesOutBlackholedCalls();
    void cancelStopsWithinASecondAndKeepsWhatWasMeasured();
    void theStoreIsWrittenAsTheRunGoes();
    void keepsTheRunInTheStoreAndResultsJson();
    void aProxyThatWillNotStartInterruptsTheRun();
    void anItemThatCannotRunFailsAloneAndTheOthersRun();
};

void TestScenarioRunner::singleCallThroughTheProxy()
{
    RunnerFixture fixture;
    const Item item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")},
                    .context = Context{.upstreams = {QStringLiteral("*")}, .faults = {latency(60)}},
                    .expect = Expectation{.status = 200}};
    const RunResultPointer result = fixture.run({scenarioOf(item)});
    QVERIFY(result);
    QCOMPARE(toString(result->status), toString(RunStatus::Completed));
    const ItemResult& itemResult = result->scenarios.at(0).items.at(0);
    QCOMPARE(itemResult.calls.size(), 1);
    const CallRecord& call = itemResult.calls.first();
    QCOMPARE(call.status, 200);
    QVERIFY(call.latencyUs >= 60'000);
    QCOMPARE(call.activeFaults, 1u);
    QCOMPARE(call.appliedFaults, 1u);
    // The exchange, for the inspector: the request as sent and the response as it came.
    QCOMPARE(itemResult.exchanges.size(), 1);
    const CallExchange& exchange = itemResult.exchanges.first();
    QCOMPARE(exchange.callIndex, 0u);
    QVERIFY2(exchange.requestHead.startsWith("GET http://127.0.0.1:9/ HTTP/1.1\r\n"), exchange.requestHead.constData());
    QVERIFY(exchange.requestHead.contains("x-aftershock-call-id: "));
    QVERIFY2(exchange.responseHead.startsWith("HTTP/1.1 200"), exchange.responseHead.constData());
    QCOMPARE(exchange.responseBody.size(), qsizetype(call.bodyBytes));
    QCOMPARE(itemResult.appliedFaults.size(), 1);
    QCOMPARE(itemResult.appliedFaults.first().amount, 60.0f);
    QCOMPARE(itemResult.target, QStringLiteral("http://127.0.0.1:9/"));
    QCOMPARE(fixture.planned.first().first().value<RunPlan>().scenarios.first().tests, 1);
    QCOMPARE(fixture.tests.size(), 1);
    QVERIFY(fixture.tests.first().first().value<QList<TestOutcome>>().first().passed);
}

void TestScenarioRunner::repeatGrowsLatencyAfterABaseline()
{
    RunnerFixture fixture;
    const Item item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")},
                    .context = Context{.faults = {latency(50)},
                                       .strategy = RepeatStrategy{.count = 3, .step = 40, .addBaselineCall = true}}};
    const RunResultPointer result = fixture.run({scenarioOf(item)});
    QVERIFY(result);
    const CallRecords calls = result->scenarios.at(0).items.at(0).calls;
    QCOMPARE(calls.size(), 4);
    const std::lock_guard lock(fixture.log->mutex);
    QCOMPARE(fixture.log->setFaultsCalls.size(), 4);
    QVERIFY(fixture.log->setFaultsCalls.at(0).isEmpty());
    const QList<double> means{50, 90, 130};
    for (int i = 0; i < 3; ++i) {
        const QList<Fault>& faults = fixture.log->setFaultsCalls.at(i + 1);
        QCOMPARE(std::get<LatencyFault>(faults.first().parameters).meanOrDefault(), means.at(i));
        QVERIFY(calls.at(i + 1).latencyUs >= means.at(i) * 1000);
    }
    QVERIFY(calls.at(0).latencyUs < 50'000);
    QCOMPARE(calls.at(0).activeFaults, 0u);
    QCOMPARE(TestVerdict::tally(*result).run, 4);
}

void TestScenarioRunner::failfastStopsAtTheFirstMiss()
{
    RunnerFixture fixture;
    const Item item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")},
                    .context = Context{.faults = {latency(30)},
                                       .strategy = RepeatStrategy{.count = 5, .step = 100, .failfast = true}},
                    .expect = Expectation{.responseTimeUnder = 100}};
    const RunResultPointer result = fixture.run({scenarioOf(item)});
    QVERIFY(result);
    QCOMPARE(result->scenarios.at(0).items.at(0).calls.size(), 2);
    const TestVerdict::Tally tally = TestVerdict::tally(*result);
    QCOMPARE(tally.run, 2);
    QCOMPARE(tally.failed, 1);
}

void TestScenarioRunner::repeatWaitsBetweenCalls()
{
    RunnerFixture fixture;
    const Item item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")},
                    .context = Context{.strategy = RepeatStrategy{.count = 2, .wait = 200}}};
    const RunResultPointer result = fixture.run({scenarioOf(item)});
    QVERIFY(result);
    const CallRecords calls = result->scenarios.at(0).items.at(0).calls;
    QCOMPARE(calls.size(), 2);
    const qint64 firstEndUs = calls.at(0).startUs + calls.at(0).latencyUs;
    QVERIFY(calls.at(1).startUs - firstEndUs >= 195'000);
}

void TestScenarioRunner::loadFollowsFaultPeriodsAndEvaluatesSlos()
{
    RunnerFixture fixture;
    const Item item{
        .call = Call{.url = QStringLiteral("http://127.0.0.1:9/")},
        .context = Context{
            .faults = {latency(100, secondHalf())},
            .strategy = LoadStrategy{.duration = 1000, .clients = 2, .rps = 10},
            .slo = {Slo{.type = SloType::Latency, .title = QStringLiteral("p95"), .objective = 95, .threshold = 50},
                    Slo{.type = SloType::Error, .title = QStringLiteral("errors"), .objective = 99, .threshold = 1}}}};
    const RunResultPointer result = fixture.run({scenarioOf(item)});
    QVERIFY(result);
    const ItemResult& itemResult = result->scenarios.at(0).items.at(0);
    QCOMPARE(itemResult.calls.size(), 20);
    for (const CallRecord& call : itemResult.calls) {
        const bool inWindow = call.intendedStartUs >= 500'000;
        QCOMPARE(call.activeFaults, inWindow ? 1u : 0u);
        // Within the window every call is delayed; well before it (a stalled machine may send a
        // call late, into the window) none is.
        if (inWindow) {
            QVERIFY(call.appliedFaults == 1 && call.latencyUs >= 100'000);
        } else if (call.intendedStartUs < 300'000) {
            QCOMPARE(call.appliedFaults, 0u);
        }
    }
    QCOMPARE(itemResult.slo.size(), 2);
    QVERIFY(!itemResult.slo.at(0).pass);
    QVERIFY(itemResult.slo.at(0).margin < -50);
    QVERIFY(itemResult.slo.at(0).overThreshold >= 10);
    QVERIFY(itemResult.slo.at(1).pass);
    QCOMPARE(*itemResult.slo.at(1).observed, 0.0);
    QCOMPARE(TestVerdict::tally(*result).run, 1);
    QVERIFY(!fixture.buckets.isEmpty());
    QCOMPARE(fixture.log->runWindows, 1);
    // Live verdicts as the calls came: the last, sent as the item ended, saw every call.
    QVERIFY(!fixture.liveSlo.isEmpty());
    const QList<QVariant> last = fixture.liveSlo.last();
    QCOMPARE(last.at(0).toInt(), 0);
    QCOMPARE(last.at(1).toInt(), 0);
    const auto live = last.at(2).value<QList<SloResult>>();
    QCOMPARE(live.size(), 2);
    QCOMPARE(live.at(0).observed, itemResult.slo.at(0).observed);
    QCOMPARE(live.at(1).pass, true);
}

void TestScenarioRunner::loadTimesOutBlackholedCalls()
{
    RunnerFixture fixture;
    const Item item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/"), .timeout = 100},
                    .context = Context{.faults = {Fault{.parameters = BlackholeFault{}, .period = secondHalf()}},
                                       .strategy = LoadStrategy{.duration = 1000, .clients = 2, .rps = 5}},
                    .expect = Expectation{.allSloAreValid = true}};
    const RunResultPointer result = fixture.run({scenarioOf(item)});
    QVERIFY(result);
    const CallRecords calls = result->scenarios.at(0).items.at(0).calls;
    QCOMPARE(calls.size(), 10);
    for (const CallRecord& call : calls) {
        QCOMPARE(call.errorClass == CallErrorClass::Timeout, call.intendedStartUs >= 500'000);
    }
}

void TestScenarioRunner::cancelStopsWithinASecondAndKeepsWhatWasMeasured()
{
    RunnerFixture fixture;
    const Item load{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")},
                    .context = Context{.strategy = LoadStrategy{.duration = 60000, .clients = 2, .rps = 20}}};
    const Item never{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")}};
    QVERIFY(fixture.runner.start({scenarioOf(load), scenarioOf(never)}, fixture.options));
    QTRY_VERIFY_WITH_TIMEOUT(fixture.log->requests >= 10, 10000);
    QElapsedTimer clock;
    clock.start();
    fixture.runner.cancel();
    QVERIFY(fixture.finished.wait(1000));
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!fixture.runner.isRunning());
    const auto result = fixture.finished.first().first().value<RunResultPointer>();
    QCOMPARE(toString(result->status), toString(RunStatus::Cancelled));
    QVERIFY(result->scenarios.at(0).items.at(0).calls.size() >= 5);
    QVERIFY(result->scenarios.at(1).items.isEmpty());
}

void TestScenarioRunner::theStoreIsWrittenAsTheRunGoes()
{
    // A crash may lose only what was measured since the last flush (a quarter second): while the
    // item is under way, another connection to the store already sees its calls.
    RunnerFixture fixture;
    const Item load{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")},
                    .context = Context{.strategy = LoadStrategy{.duration = 60000, .clients = 2, .rps = 10}}};
    QVERIFY(fixture.runner.start({scenarioOf(load)}, fixture.options));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(fixture.options.storePath), 5000);
    RunStore store(fixture.options.storePath);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    const auto storedCalls = [&store] {
        const QList<StoredRun> runs = store.runs();
        return runs.isEmpty() ? 0 : store.calls(runs.first().id, 0, 0).size();
    };
    QTRY_VERIFY_WITH_TIMEOUT(storedCalls() >= 20, 5000);
    // Read in this order, the store can only lag further behind the calls made than it does.
    const qsizetype stored = storedCalls();
    const int made = fixture.log->requests;
    QVERIFY2(made - stored <= 20, qPrintable(QStringLiteral("%1 calls made, %2 stored").arg(made).arg(stored)));
    QVERIFY(fixture.runner.isRunning());
    QCOMPARE(store.runs().first().status, QStringLiteral("running"));
    fixture.runner.cancel();
    QVERIFY(fixture.finished.wait(2000));
    QCOMPARE(store.runs().first().status, QStringLiteral("cancelled"));
    const auto result = fixture.finished.first().first().value<RunResultPointer>();
    QCOMPARE(storedCalls(), result->scenarios.at(0).items.at(0).calls.size());
}

void TestScenarioRunner::keepsTheRunInTheStoreAndResultsJson()
{
    RunnerFixture fixture;
    fixture.options.resultsPath = fixture.folder.filePath(QStringLiteral("out/results.json"));
    const Item item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")},
                    .context = Context{.strategy = RepeatStrategy{.count = 3}},
                    .expect = Expectation{.status = 201}};
    const RunResultPointer result = fixture.run({scenarioOf(item)});
    QVERIFY(result);

    RunStore store(fixture.options.storePath);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    const QList<StoredRun> runs = store.runs();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().status, QStringLiteral("completed"));
    QCOMPARE(runs.first().testsRun, 3);
    QCOMPARE(runs.first().testsFailed, 3);
    QCOMPARE(store.calls(runs.first().id, 0, 0).size(), 3);

    const ResultsJsonReader::Outcome read = ResultsJsonReader::readFile(fixture.options.resultsPath);
    QVERIFY(read.run);
    QCOMPARE(read.run->scenarios.at(0).items.at(0).calls.size(), 3);
    QCOMPARE(TestVerdict::tally(*read.run).failed, 3);
}

void TestScenarioRunner::aProxyThatWillNotStartInterruptsTheRun()
{
    // Another listener holds the port: the proxy cannot bind it.
    class RefusingProxy : public FakeProxyEngine
    {
    public:
        using FakeProxyEngine::FakeProxyEngine;
        bool start(const ProxyConfig&, QString* error) override
        {
            *error = QStringLiteral("address in use");
            return false;
        }
    };
    auto log = std::make_shared<FakeProxyLog>();
    ScenarioRunnerImpl runner([log] { return std::make_unique<RefusingProxy>(log); });
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    QVERIFY(runner.start({scenarioOf(Item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")}})},
                         RunOptions{.useStore = false}));
    QVERIFY(finished.wait(5000));
    const auto result = finished.first().first().value<RunResultPointer>();
    QCOMPARE(toString(result->status), toString(RunStatus::Interrupted));
    QVERIFY(result->error.contains(QStringLiteral("address in use")));
}

void TestScenarioRunner::anItemThatCannotRunFailsAloneAndTheOthersRun()
{
    RunnerFixture fixture;
    fixture.options.resultsPath = fixture.folder.filePath(QStringLiteral("results.json"));
    // The loader accepts these (a header's value is only checked when the request is built), the
    // request builder does not.
    const Call injected{.url = QStringLiteral("http://127.0.0.1:9/"),
                        .headers = {{QStringLiteral("X-A"), QStringLiteral("a\r\nInjected: 1")}}};
    const Item repeat{.call = injected, .context = Context{.strategy = RepeatStrategy{.count = 2}}};
    const Item plain{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")}, .expect = Expectation{.status = 200}};
    const Item load{.call = injected, .context = Context{.strategy = LoadStrategy{.duration = 1000}}};
    const RunResultPointer result
        = fixture.run({Scenario{.title = QStringLiteral("test"), .items = {repeat, plain, load}}});
    QVERIFY(result);
    QCOMPARE(toString(result->status), toString(RunStatus::Completed));
    const QList<ItemResult>& items = result->scenarios.at(0).items;
    QCOMPARE(items.size(), 3);
    QVERIFY2(items.at(0).error.contains(QStringLiteral("'X-A' cannot be sent")), qPrintable(items.at(0).error));
    QVERIFY(items.at(0).calls.isEmpty());
    QVERIFY(items.at(1).error.isEmpty());
    QCOMPARE(items.at(1).calls.size(), 1);
    QCOMPARE(items.at(1).calls.first().status, 200);
    QVERIFY(!items.at(2).error.isEmpty());
    // Two planned calls of the repeat and the load item as a whole fail; the plain call passes.
    const TestVerdict::Tally tally = TestVerdict::tally(*result);
    QCOMPARE(tally.run, 4);
    QCOMPARE(tally.failed, 3);
    int failedOutcomes = 0;
    for (const QList<QVariant>& signal : std::as_const(fixture.tests)) {
        for (const TestOutcome& outcome : signal.first().value<QList<TestOutcome>>()) {
            failedOutcomes += outcome.passed ? 0 : 1;
        }
    }
    QCOMPARE(failedOutcomes, 3);

    const ResultsJsonReader::Outcome read = ResultsJsonReader::readFile(fixture.options.resultsPath);
    QVERIFY2(read.run, read.diagnostics.isEmpty() ? "" : qPrintable(read.diagnostics.first().message));
    QCOMPARE(read.run->scenarios.at(0).items.at(0).error, items.at(0).error);
    QCOMPARE(TestVerdict::tally(*read.run).failed, 3);

    RunStore store(fixture.options.storePath);
    QString why;
    QVERIFY2(store.open(&why), qPrintable(why));
    const QList<StoredItem> stored = store.items(store.runs().constLast().id);
    QCOMPARE(stored.size(), 3);
    QVERIFY(stored.at(0).finished);
    QCOMPARE(stored.at(0).error, items.at(0).error);
    QVERIFY(stored.at(1).error.isEmpty());
}

QTEST_GUILESS_MAIN(TestScenarioRunner)
#include "TestScenarioRunner.moc"
