#include "FakeProxyEngine.h"
#include "runner/ScenarioRunnerImpl.h"
#include "store/RunStore.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace
{
Scenario oneItem(const Item& item)
{
    return Scenario{.title = QStringLiteral("test"), .items = {item}};
}

Item callDelayedBy(double latencyMs, std::optional<Strategy> strategy = std::nullopt)
{
    return Item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")},
                .context = Context{.upstreams = {QStringLiteral("*")},
                                   .faults = {Fault{.parameters = LatencyFault{.mean = latencyMs, .stddev = 0}}},
                                   .strategy = strategy}};
}
} // namespace

// What a real run (RunWorker, RunRecorder, a fake proxy) leaves in the run store for other
// processes and the history views to read.
class TestRunRecording : public QObject
{
    Q_OBJECT

private slots:
    void aLongCallKeepsTheRunAliveForOtherProcesses();
    void keepsTheSeedAndEachItemsStatistics();
};

void TestRunRecording::aLongCallKeepsTheRunAliveForOtherProcesses()
{
    constexpr int HeartbeatMs = 100;
    constexpr qint64 StaleAfterMs = 1000;
    QTemporaryDir folder;
    const auto log = std::make_shared<FakeProxyLog>();
    ScenarioRunnerImpl runner([log] { return std::make_unique<FakeProxyEngine>(log); });
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    const RunOptions options{.storePath = folder.filePath(QStringLiteral("runs.sqlite")),
                             .heartbeatIntervalMs = HeartbeatMs};
    // One call that the upstream holds far longer than the staleness threshold: no call ends, so
    // nothing is flushed while it lasts.
    QVERIFY(runner.start({oneItem(callDelayedBy(20000))}, options));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(options.storePath), 5000);

    RunStore observer(options.storePath);
    QString error;
    QVERIFY2(observer.open(&error), qPrintable(error));
    QList<qint64> beats;
    const auto beatsSeen = [&] {
        const QList<StoredRun> runs = observer.runs();
        if (!runs.isEmpty() && (beats.isEmpty() || beats.last() != runs.first().heartbeatAtMs)) {
            beats.append(runs.first().heartbeatAtMs);
        }
        return beats.size();
    };
    // Enough beats that the run started longer ago than the threshold.
    QTRY_VERIFY_WITH_TIMEOUT(beatsSeen() >= StaleAfterMs / HeartbeatMs + 2, 10000);
    const StoredRun run = observer.runs().first();
    QVERIFY(QDateTime::currentMSecsSinceEpoch() - run.startedAtMs > StaleAfterMs);
    QVERIFY(observer.calls(run.id, 0, 0).isEmpty()); // still in the call
    QCOMPARE(log->requests.load(), 1);

    // Another process opens the store with that threshold.
    RunStore other(options.storePath);
    QVERIFY2(other.open(&error, StaleAfterMs), qPrintable(error));
    QCOMPARE(other.runs().first().status, QStringLiteral("running"));

    runner.cancel();
    QVERIFY(finished.wait(5000));
    QCOMPARE(other.runs().first().status, QStringLiteral("cancelled"));
}

void TestRunRecording::keepsTheSeedAndEachItemsStatistics()
{
    QTemporaryDir folder;
    const auto log = std::make_shared<FakeProxyLog>();
    ScenarioRunnerImpl runner([log] { return std::make_unique<FakeProxyEngine>(log); });
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    const RunOptions options{.source = QStringLiteral("/api/s.yaml"),
                             .storePath = folder.filePath(QStringLiteral("runs.sqlite")),
                             .randomSeed = 18446744073709551557ULL};
    QVERIFY(runner.start({oneItem(callDelayedBy(20, RepeatStrategy{.count = 4}))}, options));
    QVERIFY(finished.wait(20000));

    RunStore store(options.storePath);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    const QList<StoredRun> runs = store.runs(QStringLiteral("/api/s.yaml"));
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().status, QStringLiteral("completed"));
    QCOMPARE(runs.first().seed, options.randomSeed);
    const QList<StoredItem> items = store.items(runs.first().id);
    QCOMPARE(items.size(), 1);
    QVERIFY(items.first().finished);
    QCOMPARE(items.first().calls, 4);
    QCOMPARE(items.first().failedCalls, 0);
    QVERIFY2(items.first().minMs >= 20, qPrintable(QString::number(items.first().minMs)));
    QVERIFY(items.first().p50Ms >= items.first().minMs);
    QVERIFY(items.first().p99Ms <= items.first().maxMs);
    int bucketCalls = 0;
    for (const TimeBucket& bucket : store.timeBuckets(runs.first().id, 0, 0)) {
        bucketCalls += bucket.calls;
    }
    QCOMPARE(bucketCalls, 4);
}

QTEST_GUILESS_MAIN(TestRunRecording)
#include "TestRunRecording.moc"
