#include "ReportTestSupport.h"
#include "report/FailurePattern.h"
#include "report/MarkdownReportWriter.h"
#include "report/ReportCharts.h"
#include "report/ReportWording.h"
#include "runner/SloEvaluator.h"
#include "runner/SteadyStateEvaluator.h"

#include <QTest>

using namespace ReportTestSupport;

class TestReportBuilder : public QObject
{
    Q_OBJECT

private slots:
    void describesTheRun();
    void findsEachFailureAndItsPattern();
    void findsTheBlackholesFailuresInsideItsWindow();
    void tellsErrorsThatPersistAfterTheWindow();
    void breachedSlosFailTheirScenarioInTheDashboard();
    void comparesWithABaseline();
    void survivesRunsWithNothingInThem();
    void showsTheSteadyStatePhasesAndRecovery();
};

void TestReportBuilder::describesTheRun()
{
    const ReportModel model = modelOf(QStringLiteral("demo-seed7.json"));
    QCOMPARE(model.title, QStringLiteral("Resilience report: scenarios"));
    QCOMPARE(model.targets, QStringList{QStringLiteral("localhost:9090")});
    QCOMPARE(model.seed, QStringLiteral("7"));
    QCOMPARE(model.status, QStringLiteral("completed"));
    QCOMPARE(model.generatedOn, QStringLiteral("2026-12-03 12:00:00 UTC"));
    QCOMPARE(model.testsRun, 13);
    QCOMPARE(model.scenarios.size(), 8);
    QVERIFY(model.executiveSummary.first().contains(QStringLiteral("8 scenarios (8 items, 13 tests)")));
    QVERIFY(model.posture.startsWith(QStringLiteral("The API held under")));
    const ReportItem& load = model.scenarios.at(2).items.first();
    QVERIFY(load.load);
    QCOMPARE(load.faults.size(), 3);
    QCOMPARE(load.faults.first().window, QStringLiteral("1s to 2s500ms"));
    QCOMPARE(load.percentiles.size(), 5);
    QVERIFY(!load.scheduleSlip.isEmpty());
}

void TestReportBuilder::findsEachFailureAndItsPattern()
{
    const ReportModel model = modelOf(QStringLiteral("breaking-seed11.json"));
    QCOMPARE(model.failures.size(), 4);
    const ReportFailure& errors = model.failures.at(0);
    QCOMPARE(errors.check, QStringLiteral("fewer than 1% errors"));
    QCOMPARE(errors.objective, QStringLiteral("errors < 1%"));
    QCOMPARE(errors.observed, QStringLiteral("20.00 %"));
    QCOMPARE(errors.margin, QStringLiteral("+19.00 pp over"));
    QCOMPARE(errors.pattern,
             QStringLiteral("8 failures (timeout ×8): all inside the black-hole window, none after it: "
                            "recovered"));
    const ReportFailure& slow = model.failures.at(1);
    QVERIFY2(slow.observed.startsWith(QStringLiteral("at least 500")), qPrintable(slow.observed));
    QVERIFY2(slow.pattern.startsWith(QStringLiteral("8/40 requests over threshold (8 with no response), all inside the "
                                                    "black-hole window")),
             qPrintable(slow.pattern));
    QVERIFY2(model.failures.at(2).pattern.contains(QStringLiteral("all inside the fault windows, in both")),
             qPrintable(model.failures.at(2).pattern));
    QCOMPARE(model.failures.at(3).check, QStringLiteral("expectation"));
    QVERIFY(model.failures.at(3).pattern.startsWith(QStringLiteral("3 of 10 calls missed it (HTTP 500")));
    QVERIFY(model.executiveSummary.at(1).startsWith(QStringLiteral("What broke: fewer than 1% errors")));
}

void TestReportBuilder::findsTheBlackholesFailuresInsideItsWindow()
{
    // The demo-target run: its black-hole item passes (the black-hole explains its timeouts) and
    // the report still says where they fell and that the service recovered.
    const ReportModel model = modelOf(QStringLiteral("demo-seed7.json"));
    const ReportScenario& blackhole = model.scenarios.last();
    QCOMPARE(blackhole.title, QStringLiteral("Full black-hole for 1 s"));
    const ReportItem& item = blackhole.items.first();
    QVERIFY(item.failedCalls > 0);
    QCOMPARE(item.failuresByKind.value(QStringLiteral("timeout")), item.failedCalls);
    QVERIFY2(item.failurePattern.endsWith(QStringLiteral("all inside the black-hole window, none after it: recovered")),
             qPrintable(item.failurePattern));
    QCOMPARE(item.faults.first().window, QStringLiteral("4s500ms to 5s500ms"));
    QCOMPARE(item.faults.first().appliedCalls, item.failedCalls);
}

void TestReportBuilder::tellsErrorsThatPersistAfterTheWindow()
{
    const Item item{.call = Call{.url = QStringLiteral("http://a/")},
                    .context
                    = Context{.faults = {Fault{.parameters = HttpErrorFault{.statusCode = 503, .probability = 1},
                                               .period = Period{.start = PeriodBound{.value = 20},
                                                                .duration = PeriodBound{.value = 20}}}},
                              .strategy = LoadStrategy{.duration = 10'000, .clients = 1, .rps = 1}}};
    ItemResult result;
    // One call a second; the window is 2 s to 4 s; 503s go on until 7.2 s.
    for (int second = 0; second < 10; ++second) {
        const qint64 offsetUs = second * 1'000'000 + (second == 7 ? 200'000 : 0);
        const bool failing = offsetUs >= 2'000'000 && offsetUs <= 7'200'000;
        result.calls.append(CallRecord{.intendedStartUs = offsetUs,
                                       .latencyUs = 5000,
                                       .index = static_cast<quint32>(second),
                                       .status = static_cast<quint16>(failing ? 503 : 200)});
    }
    QCOMPARE(FailurePattern::ofFailedCalls(item, result),
             QStringLiteral("6 failures (HTTP 503 ×6): 2 inside the HTTP errors window, errors persist 3.2 s after the "
                            "window closed"));
}

void TestReportBuilder::breachedSlosFailTheirScenarioInTheDashboard()
{
    const ReportModel model = modelOf(QStringLiteral("breaking-seed11.json"));
    QCOMPARE(model.dashboard.size(), 2);
    QCOMPARE(model.dashboard.first().scope, QStringLiteral("All scenarios"));
    QCOMPARE(model.dashboard.first().scenarios, 3);
    QCOMPARE(model.dashboard.first().failed, 3);
    QCOMPARE(model.dashboard.at(1).scope, QStringLiteral("GET /"));
    // The pulses' load item has no all_slo_are_valid; its breached SLO fails its test all the
    // same (SPEC.md §2), so the tests failed agree with the dashboard.
    QVERIFY(!model.scenarios.at(1).passed);
    QCOMPARE(model.testsFailed, 5);
}

void TestReportBuilder::comparesWithABaseline()
{
    const RunResult baseline = readRun(QStringLiteral("breaking-seed11.json"));
    RunResult current = baseline;
    // The pulses got twice as slow; the 500s scenario is gone; a new one appeared.
    ItemResult& pulses = current.scenarios[1].items[0];
    for (CallRecord& call : pulses.calls) {
        call.latencyUs *= 2;
    }
    pulses.slo = SloEvaluator::evaluate(current.scenarios[1].scenario.items[0].context->slo, pulses.calls);
    current.scenarios.removeLast();
    current.scenarios.append(readRun(QStringLiteral("demo-seed7.json")).scenarios.first());
    ReportBuilder::Options options = fixedOptions();
    options.baseline = &baseline;
    const ReportModel model = ReportBuilder::build(current, options);
    QVERIFY(model.comparison);
    const ReportComparison& comparison = *model.comparison;
    QVERIFY(!comparison.rows.isEmpty());
    // Regressions first: the pulses' latencies and SLO.
    QVERIFY(comparison.rows.first().regression);
    QCOMPARE(comparison.rows.first().scenario, QStringLiteral("Latency pulses against a tight SLO"));
    qsizetype regressions = 0;
    for (const ReportComparisonRow& row : comparison.rows) {
        regressions += row.regression ? 1 : 0;
        if (row.regression) {
            QCOMPARE(row.scenario, QStringLiteral("Latency pulses against a tight SLO"));
            QVERIFY2(row.delta.startsWith(QLatin1Char('+')), qPrintable(row.delta));
        }
    }
    QCOMPARE(regressions, 4); // p50, p95, p99 and the SLO
    QCOMPARE(comparison.onlyInBaseline, QStringList{QStringLiteral("Random 500s reach the caller: GET / (repeat)")});
    QCOMPARE(comparison.onlyInCurrent,
             QStringList{QStringLiteral("Single high-latency spike (client ingress): GET / (single)")});
    // Unchanged measures are no regression.
    const auto blackhole = std::find_if(comparison.rows.begin(), comparison.rows.end(), [](const auto& row) {
        return row.scenario == QLatin1String("Black-hole for 1 s under load")
            && row.measure == QLatin1String("p50 latency");
    });
    QVERIFY(blackhole != comparison.rows.end());
    QVERIFY(!blackhole->regression);
    QCOMPARE(blackhole->delta, QStringLiteral("+0.00 ms"));
    // Both runs' latency curves on one chart for each load item in both: the baseline dashed.
    QCOMPARE(comparison.charts.size(), 2);
    for (const ReportChartReference& reference : comparison.charts) {
        const ReportChart& chart = model.charts.at(reference.index);
        QCOMPARE(chart.kind, ReportChart::Kind::LatencyOverTime);
        QVERIFY2(std::any_of(chart.series.begin(), chart.series.end(),
                             [](const ReportChart::Series& series) {
                                 return series.dashed && series.colour == ReportChart::ColourRole::Baseline;
                             }),
                 qPrintable(reference.caption));
    }
}

void TestReportBuilder::survivesRunsWithNothingInThem()
{
    const ReportModel empty = ReportBuilder::build(RunResult{}, fixedOptions(QString()));
    QCOMPARE(empty.title, QStringLiteral("Resilience report: 0 scenarios against no target"));
    QCOMPARE(empty.dashboard.first().scenarios, 0);

    // A cancelled run: the second item never ran; an item that could not be sent.
    RunResult cancelled = readRun(QStringLiteral("breaking-seed11.json"));
    cancelled.status = RunStatus::Cancelled;
    cancelled.scenarios[0].scenario.items.append(cancelled.scenarios[0].scenario.items.first());
    cancelled.scenarios[1].items[0].calls.clear();
    cancelled.scenarios[1].items[0].error = QStringLiteral("the header 'X' cannot be sent");
    const ReportModel model = ReportBuilder::build(cancelled, fixedOptions());
    QCOMPARE(model.scenarios.first().itemsNotRun, 1);
    QVERIFY(!model.scenarios.first().passed);
    QCOMPARE(model.scenarios.at(1).items.first().error, QStringLiteral("the header 'X' cannot be sent"));
    QVERIFY(model.executiveSummary.first().contains(QStringLiteral("The run was cancelled")));
}

void TestReportBuilder::showsTheSteadyStatePhasesAndRecovery()
{
    // 1 s before, 2 s faulted with a black-hole from 1.5 s to 2.5 s of the run, 1 s after; a call
    // every 100 ms, failing from the window's start until 2.8 s.
    const Fault blackhole{.parameters = BlackholeFault{},
                          .period = Period{.start = PeriodBound{.value = 25}, .duration = PeriodBound{.value = 50}}};
    const Item item{
        .call = Call{.url = QStringLiteral("http://a/")},
        .context = Context{.faults = {blackhole},
                           .strategy = LoadStrategy{.duration = 2000,
                                                    .clients = 1,
                                                    .rps = 10,
                                                    .steadyState = SteadyState{.beforeMs = 1000, .afterMs = 1000}},
                           .slo = {Slo{.type = SloType::Error, .title = QStringLiteral("no errors"), .threshold = 1}}}};
    ItemResult result{.target = QStringLiteral("http://a/")};
    for (quint32 index = 0; index < 40; ++index) {
        const qint64 dueUs = qint64{index} * 100'000;
        const bool failed = dueUs >= 1'500'000 && dueUs < 2'900'000;
        result.calls.append(CallRecord{.intendedStartUs = dueUs,
                                       .latencyUs = 5000,
                                       .index = index,
                                       .status = static_cast<quint16>(failed ? 503 : 200)});
    }
    result.slo = SteadyStateEvaluator::faultedPhaseSlo(item, result.calls);
    result.steadyState = SteadyStateEvaluator::evaluate(item, result.calls);
    RunResult run;
    run.scenarios.append(
        ScenarioResult{.scenario = Scenario{.title = QStringLiteral("outage"), .items = {item}}, .items = {result}});
    const ReportModel model = ReportBuilder::build(run, fixedOptions());
    const ReportItem& section = model.scenarios.first().items.first();
    QCOMPARE(section.recovery, QStringLiteral("recovered in 0.5 s"));
    QCOMPARE(section.steadyState, QStringLiteral("healthy before, degraded during, recovered in 0.5 s"));
    QCOMPARE(section.phases.size(), 3);
    QCOMPARE(section.phases.at(0).window, QStringLiteral("0s to 1s"));
    QCOMPARE(section.phases.at(0).verdict, QStringLiteral("met every SLO"));
    QCOMPARE(section.phases.at(1).verdict, QStringLiteral("missed 1 of 1 SLOs"));
    QCOMPARE(section.phases.at(2).calls, 10);
    // The window is told from the item's start, where the charts draw it.
    QCOMPARE(section.faults.first().window, QStringLiteral("1s500ms to 2s500ms"));
    QCOMPARE(model.dashboard.first().recovery, QStringLiteral("recovered in 0.5 s"));
    // Back in the first bucket after the window: no false "0.0 s" precision.
    SteadyStateResult atOnce = *result.steadyState;
    atOnce.recoveredAfterMs = 0;
    QCOMPARE(ReportWording::recovery(atOnce), QStringLiteral("recovered in under 0.25 s"));

    const QString markdown = QString::fromUtf8(MarkdownReportWriter::write(model));
    QVERIFY(markdown.contains(QStringLiteral("| Scope | Scenarios | Passed | Failed | Recovery |")));
    QVERIFY(markdown.contains(QStringLiteral("**Steady state:** healthy before, degraded during, recovered in 0.5 s")));
    QVERIFY(markdown.contains(QStringLiteral("| after | 3s to 4s | 10 | no errors |")));

    // The charts shade the two steady phases apart from the fault's window.
    const ReportChart chart = ReportCharts::forItem(item, result, nullptr).first();
    QCOMPARE(chart.bands.size(), 3);
    QVERIFY(chart.bands.at(0).kind == ReportChart::Band::Kind::SteadyState);
    QCOMPARE(chart.bands.at(0).label, QStringLiteral("steady state before"));
    QCOMPARE(chart.bands.at(1).label, QStringLiteral("steady state after"));
    QCOMPARE(chart.bands.at(1).begin, 3.0);
    QVERIFY(chart.bands.at(2).kind == ReportChart::Band::Kind::Fault);
    QCOMPARE(chart.bands.at(2).begin, 1.5);
    QCOMPARE(chart.xMaximum, 4.0);
}

QTEST_GUILESS_MAIN(TestReportBuilder)
#include "TestReportBuilder.moc"
