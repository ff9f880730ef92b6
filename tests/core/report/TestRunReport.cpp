#include "core/runner/SampleRun.h"
#include "report/RunReport.h"

#include <QTest>

class TestRunReport : public QObject
{
    Q_OBJECT

private slots:
    void describesEachItem();
    void showsLoadTimelinesAndSlos();
    void masksCredentials();
    void saysWhatNeverFiredAndWhatWasDropped();
};

namespace
{
QString report(const RunResult& run = sampleRun())
{
    return QString::fromUtf8(RunReport::toMarkdown(run));
}
} // namespace

void TestRunReport::describesEachItem()
{
    const QString markdown = report();
    QVERIFY(markdown.startsWith(QStringLiteral("# Scenarios Report\n")));
    QVERIFY(markdown.contains(QStringLiteral("Status: cancelled")));
    QVERIFY(markdown.contains(QStringLiteral("## Scenario: Sample \"quoted\" (items: 2)")));
    QVERIFY(markdown.contains(QStringLiteral("### 🎯 `GET` http://localhost:9090/ | Failed")));
    QVERIFY(markdown.contains(QStringLiteral("**Strategy**: repeat 1 times with a step of 50 ms, after a baseline")));
    QVERIFY(markdown.contains(QStringLiteral("**Expectation**: Status Code 200")));
    // Two calls, the second a 500: one error and one expectation failure.
    QVERIFY(markdown.contains(QStringLiteral("| 2 | 1 (50.0%) | 2.00 | 102.00 | 52.00 | 1 | 350ms |")));
    QVERIFY(markdown.contains(QStringLiteral("| p25 | 2.00 | 1 (50.0%) |")));
    QVERIFY(markdown.contains(QStringLiteral("| p99 | 102.00 | 2 (100.0%) |")));
}

void TestRunReport::showsLoadTimelinesAndSlos()
{
    const QString markdown = report();
    QVERIFY(markdown.contains(QStringLiteral("**Strategy**: load for 1s with 1 clients @ 4 RPS each")));
    QVERIFY(
        markdown.contains(QStringLiteral("| blackhole | 0% `.....xxxxx` 100% | Black-hole (server side, egress) |")));
    QVERIFY(markdown.contains(
        QStringLiteral("| errors | ❌ | errors < 1% | Above by 49.00 pp (observed 50.00 %) | 2 (50.0%) |")));
    // Each load call went out 100 µs after it was due; the repeat item has no schedule.
    QVERIFY(markdown.contains(QStringLiteral("**Schedule slip** (how late calls went out; latency counts from when "
                                             "each was due): p50 0.10 ms, p99 0.10 ms, max 0.10 ms\n")));
    QCOMPARE(markdown.count(QStringLiteral("**Schedule slip**")), 1);
}

void TestRunReport::masksCredentials()
{
    RunResult run = sampleRun();
    Scenario& scenario = run.scenarios.first().scenario;
    scenario.config = ScenarioConfig{.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer s3cr3t")}}};
    scenario.items.first().call.headers = {{QStringLiteral("X-Api-Key"), QStringLiteral("k3y")},
                                           {QStringLiteral("Accept"), QStringLiteral("text/plain")}};
    const QString markdown = report(run);
    QVERIFY(!markdown.contains(QStringLiteral("s3cr3t")));
    QVERIFY(!markdown.contains(QStringLiteral("k3y")));
    QVERIFY(markdown.contains(QStringLiteral("    - Authorization: xxxxxx")));
    QVERIFY(markdown.contains(QStringLiteral("    - Accept: text/plain")));
}

void TestRunReport::saysWhatNeverFiredAndWhatWasDropped()
{
    RunResult run = sampleRun();
    ItemResult& repeat = run.scenarios.first().items[0];
    repeat.calls[1].appliedFaults = 0;
    repeat.appliedFaults.clear();
    ItemResult& load = run.scenarios.first().items[1];
    load.calls.append(
        CallRecord{.intendedStartUs = 900'000, .startUs = 900'000, .index = 4, .errorClass = CallErrorClass::Dropped});
    const QString markdown = report(run);
    QVERIFY2(
        markdown.contains(QStringLiteral("once per request; applied to ⚠️ configured but never applied (0 of 1 "
                                         "calls)")),
        qPrintable(markdown));
    QVERIFY(markdown.contains(QStringLiteral("| Black-hole (server side, egress) | 2 of 2 calls |")));
    QVERIFY(markdown.contains(QStringLiteral("**Dropped calls**: 1 calls were due while every one of the 4 "
                                             "connections (max_clients) was busy")));
    // Four calls sent: the dropped one is neither a request nor a latency of 0 ms.
    QVERIFY(markdown.contains(QStringLiteral("| 4 | 2 (50.0%) | 1.00 | 500.10 |")));
}

QTEST_GUILESS_MAIN(TestRunReport)
#include "TestRunReport.moc"
