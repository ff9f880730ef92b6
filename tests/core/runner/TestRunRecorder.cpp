#include "proxy/MonotonicClock.h"
#include "runner/ResultsJsonWriter.h"
#include "runner/RunRecorder.h"
#include "runner/TimeBucketAggregator.h"
#include "store/RunStore.h"
#include "support/PeakResident.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

namespace
{
// A load item with a latency fault that the proxy applies to every call, and an SLO each way.
Scenario loadScenario(quint32 calls)
{
    const Item item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")},
                    .context = Context{.upstreams = {QStringLiteral("*")},
                                       .faults = {Fault{.parameters = LatencyFault{.mean = 20, .stddev = 5}}},
                                       .strategy = LoadStrategy{.duration = calls * 2, .clients = 10, .rps = 50},
                                       .slo = {Slo{.type = SloType::Latency, .objective = 95, .threshold = 30},
                                               Slo{.type = SloType::Error, .objective = 99, .threshold = 1}}}};
    return Scenario{.title = QStringLiteral("load"), .items = {item}};
}

// What a load client would have measured for call index, at 500 calls a second.
CallRecord syntheticCall(quint32 index)
{
    const qint64 intendedUs = index * 2000LL;
    return CallRecord{.intendedStartUs = intendedUs,
                      .startUs = intendedUs + index % 50,
                      .ttfbUs = 15'000 + static_cast<qint32>(index % 7000),
                      .latencyUs = 20'000 + static_cast<qint32>(index % 10'007),
                      .index = index,
                      .bodyBytes = 27,
                      .activeFaults = 1,
                      .status = static_cast<quint16>(index % 100 == 0 ? 500 : 200)};
}

// The proxy's report that it delayed each of these calls.
QList<ProxyEvent> latencyEvents(const QByteArray& callIdPrefix, quint32 first, quint32 count)
{
    QList<ProxyEvent> events;
    events.reserve(count);
    for (quint32 index = first; index < first + count; ++index) {
        ProxyEvent event;
        event.callId = QString::fromLatin1(callIdPrefix + QByteArray::number(index));
        event.applied = {ProxyEvent::AppliedFault{.amount = 20}};
        events.append(event);
    }
    return events;
}

} // namespace

class TestRunRecorder : public QObject
{
    Q_OBJECT

private slots:
    void flushKeepsTheCallsSoFarInTheStore();
    void threeHundredThousandCallsStayUnder200Megabytes();
};

void TestRunRecorder::flushKeepsTheCallsSoFarInTheStore()
{
    QTemporaryDir folder;
    const QString storePath = folder.filePath(QStringLiteral("runs.sqlite"));
    auto store = std::make_unique<RunStore>(storePath);
    QString error;
    QVERIFY2(store->open(&error), qPrintable(error));
    QStringList warnings;
    RunRecorder recorder({loadScenario(100)}, std::move(store), [&warnings](const QString& w) { warnings << w; });
    recorder.beginRun(QStringLiteral("s.yaml"));
    recorder.beginItem(0, 0, QStringLiteral("http://127.0.0.1:9/"), 100, MonotonicClock::nowNs());
    CallRecords calls;
    for (quint32 index = 0; index < 10; ++index) {
        calls.append(syntheticCall(index));
    }
    recorder.addCalls(calls);
    recorder.flush();

    // What another process would find if this one died now: the run, still running, and its calls.
    RunStore reader(storePath);
    QVERIFY2(reader.open(&error, 60'000), qPrintable(error));
    const QList<StoredRun> runs = reader.runs();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().status, QStringLiteral("running"));
    const CallRecords stored = reader.calls(runs.first().id, 0, 0);
    QCOMPARE(stored.size(), 10);
    QCOMPARE(stored.at(9).latencyUs, calls.at(9).latencyUs);
    QCOMPARE(stored.at(9).intendedStartUs, calls.at(9).intendedStartUs);
    QVERIFY(warnings.isEmpty());
}

void TestRunRecorder::threeHundredThousandCallsStayUnder200Megabytes()
{
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("under AddressSanitizer the resident size measures the sanitizer's shadow memory and quarantine");
#elif defined(__SANITIZE_THREAD__)
    // The recorder, the store and the writer all run on this thread, so TSan has no race to look for
    // here, only its shadow memory to add (310 MB in all) and two minutes, near the test's timeout.
    QSKIP("under ThreadSanitizer the resident size measures the sanitizer's shadow memory");
#endif
    // A 10-minute run at 500 calls a second, through everything the runner keeps while it runs
    // (records, live time slices, the proxy's reports, the run store) and writes at its end.
    constexpr quint32 Calls = 300'000;
    constexpr quint32 Batch = 1'000; // the load clients' batches
    constexpr qint64 Limit = 200LL * 1024 * 1024;
    QTemporaryDir folder;
    auto store = std::make_unique<RunStore>(folder.filePath(QStringLiteral("runs.sqlite")));
    QString error;
    QVERIFY2(store->open(&error), qPrintable(error));
    const Scenario scenario = loadScenario(Calls);
    RunRecorder recorder({scenario}, std::move(store), [](const QString& warning) { QFAIL(qPrintable(warning)); });
    const QByteArray prefix = "run-1-";
    ProxyEventMatcher proxyEvents;
    proxyEvents.reset(prefix, ItemFaultPlan(scenario.items.first()));
    TimeBucketAggregator buckets;
    buckets.reset(0, 0);

    const qint64 startNs = MonotonicClock::nowNs();
    recorder.beginRun(QStringLiteral("memory.yaml"));
    recorder.beginItem(0, 0, scenario.items.first().call.url, Calls, startNs);
    for (quint32 first = 0; first < Calls; first += Batch) {
        CallRecords calls;
        calls.reserve(Batch);
        for (quint32 index = first; index < first + Batch; ++index) {
            calls.append(syntheticCall(index));
            buckets.add(calls.last());
        }
        recorder.addCalls(calls);
        proxyEvents.add(latencyEvents(prefix, first, Batch));
        recorder.flush();
        buckets.takeChanged();
    }
    const ItemResult& item = recorder.finishItem(proxyEvents, startNs + Calls * 2'000'000LL);
    QCOMPARE(item.calls.size(), qsizetype(Calls));
    QCOMPARE(item.appliedFaults.size(), qsizetype(Calls));
    QCOMPARE(item.slo.size(), 2);
    QCOMPARE(item.slo.at(1).overThreshold, qsizetype(Calls / 100)); // every hundredth call got a 500
    const QString resultsPath = folder.filePath(QStringLiteral("results.json"));
    const RunResultPointer result = recorder.finishRun(RunStatus::Completed, {}, resultsPath);
    QVERIFY2(ResultsJsonWriter::write(*result, resultsPath, &error), qPrintable(error));

    const qint64 peak = peakResidentKb() * 1024;
    qInfo("300,000 calls: peak resident %.1f MB, %zu bytes a record, results.json %.1f MB", peak / 1048576.0,
          sizeof(CallRecord), QFileInfo(resultsPath).size() / 1048576.0);
    QVERIFY(peak > 0);
    QVERIFY2(peak < Limit, qPrintable(QString::number(peak)));
}

QTEST_GUILESS_MAIN(TestRunRecorder)
#include "TestRunRecorder.moc"
