#include "report/ReportBuilder.h"
#include "report/ReportCharts.h"
#include "run/CallTableModel.h"
#include "run/LiveRun.h"
#include "run/RunChartView.h"
#include "run/RunControllerImpl.h"
#include "run/RunProgressModel.h"
#include "run/RunView.h"
#include "run/SloTableModel.h"
#include "runner/ResultsJsonReader.h"
#include "runner/ScenarioRunnerImpl.h"
#include "scenario/ScenarioLoader.h"
#include "support/DemoTarget.h"
#include "support/LoopbackPort.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <QtCharts/QChart>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

namespace
{
constexpr int RunTimeoutMs = 30000;

// A load item against the demo target with a latency window in its middle and two SLOs, then a
// single call: the run view's two kinds of item.
QList<Scenario> demoScenarios(const QString& baseUrl, const QString& duration = QStringLiteral("3s"))
{
    const QString yaml = QStringLiteral(R"(title: Latency window under load
items:
- call:
    method: GET
    url: %1/
  context:
    upstreams:
    - %1/
    faults:
    - type: latency
      mean: 120.0
      period: start:40%,duration:30%
    strategy:
      mode: load
      duration: %2
      clients: 2
      rps: 5
    slo:
    - slo_type: latency
      title: p95 under 100 ms
      objective: 95
      threshold: 100
    - slo_type: error
      title: under 1% errors
      objective: 99
      threshold: 1
  expect:
    all_slo_are_valid: true
---
title: One call
items:
- call:
    method: GET
    url: %1/
  expect:
    status: 200
)")
                             .arg(baseUrl, duration);
    const ScenarioFile file = ScenarioLoader::loadText(yaml.toUtf8(), QStringLiteral("demo.yaml"));
    return file.scenarios();
}

template<typename T>
T* find(QWidget* parent, const QString& name)
{
    return parent->findChild<T*>(name);
}
} // namespace

// The run view over the real runner and the demo target: what it shows is what the run measured.
class TestRunView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void aDemoTargetRunShowsTheRunsTrueValues();
    void stopEndsALoadRunWithinASecond();
    void theSelectionFollowsTheRunningItemUntilTheUserPicksOne();
    void aChartWithNothingAboveZeroKeepsItsScale();
    void theInspectorShowsTheClickedCallsHeadersAndFaults();
    void aRunWhoseCallsAreAllRefusedSaysWhereNothingListens();
    void theBannerNamesOnlyTargetsThatRefusedEveryCall();
    void aSteadyStateRunShowsItsPhasesAndTheRecovery();

private:
    DemoTarget m_target;
    std::unique_ptr<QTemporaryDir> m_folder;
    RunOptions options() const;
};

void TestRunView::initTestCase()
{
    QString error;
    QVERIFY2(m_target.start(&error), qPrintable(error));
}

void TestRunView::init()
{
    m_folder = std::make_unique<QTemporaryDir>();
}

RunOptions TestRunView::options() const
{
    RunOptions options;
    options.source = QStringLiteral("demo.yaml");
    options.storePath = m_folder->filePath(QStringLiteral("runs.sqlite"));
    options.resultsPath = m_folder->filePath(QStringLiteral("results.json"));
    return options;
}

void TestRunView::aDemoTargetRunShowsTheRunsTrueValues()
{
    RunControllerImpl controller(new ScenarioRunnerImpl(ProxyEngineFactory()));
    QSignalSpy states(&controller, &RunController::stateChanged);
    QSignalSpy finished(&controller, &RunController::finished);
    auto* run = new LiveRun(QStringLiteral("demo.yaml"), demoScenarios(m_target.baseUrl()));
    RunView view(run);
    view.resize(1200, 800);
    view.show();
    QVERIFY(controller.start(run, options()));
    QCOMPARE(controller.state(), RunController::State::Running);

    // Mid-run: the load item is shown, its charts fill from the live slices.
    auto* latency = find<RunChartView>(&view, QStringLiteral("latencyChartView"));
    auto* rates = find<RunChartView>(&view, QStringLiteral("ratesChartView"));
    QVERIFY(latency && rates);
    QTRY_VERIFY_WITH_TIMEOUT(!latency->pointsOf(QStringLiteral("p95")).isEmpty(), RunTimeoutMs);
    QCOMPARE(view.shownItem(), std::make_pair(0, 0));
    QCOMPARE(latency->shownChart().bands.size(), 1);
    QCOMPARE(latency->shownChart().bands.first().begin, 1.2); // 40% of 3 s
    QCOMPARE(latency->shownChart().thresholds.first().value, 100.0);

    QVERIFY(finished.wait(RunTimeoutMs));
    QCOMPARE(controller.state(), RunController::State::Finished);
    QCOMPARE(states.first().first().value<RunController::State>(), RunController::State::Running);

    // After: the SLO panel and the charts hold results.json's values.
    const ResultsJsonReader::Outcome results = ResultsJsonReader::readFile(options().resultsPath);
    QVERIFY2(results.run, qPrintable(results.diagnostics.isEmpty() ? QString() : results.diagnostics.first().message));
    const ItemResult& loadResult = results.run->scenarios.at(0).items.at(0);
    view.selectItem(0, 0);
    auto* slo = qobject_cast<SloTableModel*>(find<QTableView>(&view, QStringLiteral("sloTableView"))->model());
    QVERIFY(slo);
    QCOMPARE(slo->checks().size(), loadResult.slo.size());
    for (qsizetype index = 0; index < loadResult.slo.size(); ++index) {
        const ReportCheck expected = ReportBuilder::checkOf(loadResult.slo.at(index));
        const ReportCheck& shown = slo->checks().at(index);
        QCOMPARE(shown.observed, expected.observed);
        QCOMPARE(shown.margin, expected.margin);
        QCOMPARE(shown.passed, expected.passed);
        const QString verdict = slo->index(static_cast<int>(index), SloTableModel::VerdictColumn).data().toString();
        QCOMPARE(verdict, expected.passed ? QStringLiteral("✓ holds") : QStringLiteral("✗ breached"));
    }
    // The latency SLO breaks in the window (120 ms added to every call of 30% of the run).
    QVERIFY(!slo->checks().at(0).passed);
    const ReportChart expectedLatency
        = ReportCharts::latencyOverTime(results.run->scenarios.at(0).scenario.items.at(0), loadResult);
    // The report's charts are made on a worker: the live ones stay until they come.
    QTRY_VERIFY_WITH_TIMEOUT(view.chartsCurrent(), RunTimeoutMs);
    QCOMPARE(latency->shownChart().series.size(), expectedLatency.series.size());
    for (qsizetype index = 0; index < expectedLatency.series.size(); ++index) {
        QCOMPARE(latency->shownChart().series.at(index).points.size(), expectedLatency.series.at(index).points.size());
    }
    // Every call a dot (30 of them), the slow ones in the window.
    QCOMPARE(latency->shownChart().dots.size(), loadResult.calls.size());
    QVERIFY(find<QCheckBox>(&view, QStringLiteral("callsCheckBox"))->isChecked());
    // The target answered: no word of refusals.
    QVERIFY(!find<QWidget>(&view, QStringLiteral("refusedFrame"))->isVisibleTo(&view));

    // The single call's item: its expectation, decided.
    view.selectItem(1, 0);
    QCOMPARE(slo->checks().size(), 1);
    QCOMPARE(slo->checks().first().observed, QStringLiteral("1 of 1 calls met it"));
    auto* tree = find<QTreeView>(&view, QStringLiteral("progressTreeView"));
    const QModelIndex second = tree->model()->index(1, RunProgressModel::ResultColumn);
    QCOMPARE(second.data().toString(), QStringLiteral("✓ passed"));
    const QModelIndex first = tree->model()->index(0, RunProgressModel::ResultColumn);
    QCOMPARE(first.data().toString(), QStringLiteral("✗ failed"));
    QCOMPARE(tree->model()->index(0, RunProgressModel::MarksColumn).data().toString(), QStringLiteral("✗"));

    // Reopened from its results file, as the history does: the same numbers and verdicts.
    RunView reopened(LiveRun::fromResult(QStringLiteral("demo.yaml"), std::make_shared<const RunResult>(*results.run)));
    QCOMPARE(reopened.run()->testsRun(), run->testsRun());
    QCOMPARE(reopened.run()->testsFailed(), run->testsFailed());
    reopened.selectItem(0, 0);
    auto* reopenedSlo
        = qobject_cast<SloTableModel*>(find<QTableView>(&reopened, QStringLiteral("sloTableView"))->model());
    view.selectItem(0, 0);
    QCOMPARE(reopenedSlo->checks().size(), slo->checks().size());
    for (qsizetype index = 0; index < slo->checks().size(); ++index) {
        QCOMPARE(reopenedSlo->checks().at(index).observed, slo->checks().at(index).observed);
        QCOMPARE(reopenedSlo->checks().at(index).passed, slo->checks().at(index).passed);
    }
    auto* reopenedTree = find<QTreeView>(&reopened, QStringLiteral("progressTreeView"));
    for (int row = 0; row < 2; ++row) {
        for (const int column :
             {RunProgressModel::ProgressColumn, RunProgressModel::MarksColumn, RunProgressModel::ResultColumn}) {
            QCOMPARE(reopenedTree->model()->index(row, column).data(), tree->model()->index(row, column).data());
        }
    }
    QTRY_VERIFY_WITH_TIMEOUT(reopened.chartsCurrent(), RunTimeoutMs);
    QCOMPARE(find<RunChartView>(&reopened, QStringLiteral("latencyChartView"))->shownChart().dots.size(),
             latency->shownChart().dots.size());
}

void TestRunView::stopEndsALoadRunWithinASecond()
{
    RunControllerImpl controller(new ScenarioRunnerImpl(ProxyEngineFactory()));
    QSignalSpy finished(&controller, &RunController::finished);
    auto* run = new LiveRun(QStringLiteral("demo.yaml"), demoScenarios(m_target.baseUrl(), QStringLiteral("60s")));
    RunView view(run);
    QVERIFY(controller.start(run, options()));
    QTRY_VERIFY_WITH_TIMEOUT(run->item(0, 0) && run->item(0, 0)->callsDone >= 5, RunTimeoutMs);
    controller.stop();
    QCOMPARE(controller.state(), RunController::State::Stopping);
    QVERIFY(finished.count() == 1 || finished.wait(1000));
    QCOMPARE(controller.state(), RunController::State::Finished);
    QVERIFY(run->result()->status == RunStatus::Cancelled);
    view.refresh();
    auto* tree = find<QTreeView>(&view, QStringLiteral("progressTreeView"));
    QCOMPARE(tree->model()->index(0, RunProgressModel::ResultColumn).data().toString(), QStringLiteral("stopped"));
    QCOMPARE(tree->model()->index(1, RunProgressModel::ResultColumn).data().toString(), QStringLiteral("waiting"));
}

void TestRunView::theSelectionFollowsTheRunningItemUntilTheUserPicksOne()
{
    auto* run = new LiveRun(QStringLiteral("demo.yaml"), demoScenarios(m_target.baseUrl()));
    RunView view(run);
    run->setProgress(RunProgress{.scenarioIndex = 1, .itemIndex = 0, .callsDone = 0, .callsPlanned = 1});
    QCOMPARE(view.shownItem(), std::make_pair(1, 0));
    auto* tree = find<QTreeView>(&view, QStringLiteral("progressTreeView"));
    tree->setCurrentIndex(tree->model()->index(0, 0));
    QCOMPARE(view.shownItem(), std::make_pair(0, 0));
    run->setProgress(RunProgress{.scenarioIndex = 0, .itemIndex = 0});
    run->setProgress(RunProgress{.scenarioIndex = 1, .itemIndex = 0});
    QCOMPARE(view.shownItem(), std::make_pair(0, 0));
}

void TestRunView::aChartWithNothingAboveZeroKeepsItsScale()
{
    // No errors yet: the error axis had a height of zero, which drew neither the fault windows
    // nor the SLO's line.
    const Item item = demoScenarios(QStringLiteral("http://127.0.0.1:9")).first().items.first();
    QList<TimeBucket> buckets;
    for (int index = 0; index < 4; ++index) {
        buckets.append(TimeBucket{.index = index, .startMs = index * 250, .lengthMs = 250, .calls = 3});
    }
    RunChartView view;
    view.showChart(ReportCharts::liveErrorsAndThroughput(item, buckets, 3000));
    auto* errors = qobject_cast<QValueAxis*>(view.chart()->axes(Qt::Vertical).first());
    QVERIFY(errors);
    QVERIFY2(errors->max() >= 1.0, qPrintable(QString::number(errors->max()))); // the 1% SLO in sight
    const QList<QPointF> rate = view.pointsOf(QStringLiteral("error rate"));
    QVERIFY(!rate.isEmpty());
    QCOMPARE(rate.first().y(), 0.0);
}

namespace
{
// The inspector's details as "what: value" lines.
QStringList detailsOf(QWidget* view)
{
    QStringList lines;
    auto* tree = find<QTreeWidget>(view, QStringLiteral("detailsTreeWidget"));
    for (int top = 0; top < tree->topLevelItemCount(); ++top) {
        for (int child = 0; child < tree->topLevelItem(top)->childCount(); ++child) {
            const QTreeWidgetItem* item = tree->topLevelItem(top)->child(child);
            lines << item->text(0) + QStringLiteral(": ") + item->text(1);
        }
    }
    return lines;
}
} // namespace

void TestRunView::theInspectorShowsTheClickedCallsHeadersAndFaults()
{
    RunControllerImpl controller(new ScenarioRunnerImpl(ProxyEngineFactory()));
    QSignalSpy finished(&controller, &RunController::finished);
    auto* run = new LiveRun(QStringLiteral("demo.yaml"), demoScenarios(m_target.baseUrl()));
    RunView view(run);
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(controller.start(run, options()));
    QVERIFY(finished.wait(RunTimeoutMs));
    const ItemResult& result = *run->item(0, 0)->result;
    // Under 1,000 calls, a load item keeps every call's exchange.
    QCOMPARE(result.exchanges.size(), result.calls.size());

    view.selectItem(0, 0);
    QTRY_VERIFY_WITH_TIMEOUT(view.chartsCurrent(), RunTimeoutMs);
    auto* table = find<QTableView>(&view, QStringLiteral("callsTableView"));
    // Filled when its tab is first shown, not while the SLO panel is in front.
    QCOMPARE(table->model()->rowCount(), 0);
    const auto inWindow = std::find_if(result.calls.begin(), result.calls.end(),
                                       [](const CallRecord& call) { return call.appliedFaults == 1u; });
    const auto outside = std::find_if(result.calls.begin(), result.calls.end(),
                                      [](const CallRecord& call) { return call.activeFaults == 0; });
    QVERIFY(inWindow != result.calls.end() && outside != result.calls.end());

    // A click on the call's dot shows it: the latency fault, by how much, and the demo's answer.
    auto* latency = find<RunChartView>(&view, QStringLiteral("latencyChartView"));
    QScatterSeries* dots = nullptr;
    for (QAbstractSeries* series : latency->chart()->series()) {
        if (series->name() == QLatin1String("calls")) {
            dots = qobject_cast<QScatterSeries*>(series);
        }
    }
    QVERIFY(dots);
    const QPointF dot(inWindow->intendedStartUs / 1e6, inWindow->latencyMs());
    const QPoint where
        = latency->mapFromScene(latency->chart()->mapToScene(latency->chart()->mapToPosition(dot, dots)));
    QTest::mouseClick(latency->viewport(), Qt::LeftButton, {}, where);
    auto* inspector = find<QWidget>(&view, QStringLiteral("callInspector"));
    auto* summary = find<QLabel>(inspector, QStringLiteral("summaryLabel"));
    QTRY_VERIFY2_WITH_TIMEOUT(summary->text().startsWith(QStringLiteral("Call %1 ·").arg(inWindow->index)),
                              qPrintable(summary->text()), 5000);
    QCOMPARE(find<QTabWidget>(&view, QStringLiteral("detailsTabWidget"))->currentWidget()->objectName(),
             QStringLiteral("callsPanel"));
    QCOMPARE(table->model()->rowCount(), result.calls.size());
    const AppliedFault applied
        = *std::find_if(result.appliedFaults.begin(), result.appliedFaults.end(),
                        [&](const AppliedFault& fault) { return fault.callIndex == inWindow->index; });
    const QStringList details = detailsOf(&view);
    QVERIFY2(
        details.contains(QStringLiteral("#1 latency: applied: +%1 ms").arg(QLocale().toString(applied.amount, 'f', 1))),
        qPrintable(details.join(QLatin1Char('\n'))));
    const QString request = find<QPlainTextEdit>(&view, QStringLiteral("requestPlainTextEdit"))->toPlainText();
    QVERIFY2(request.startsWith(QStringLiteral("GET %1/ HTTP/1.1\n").arg(m_target.baseUrl())), qPrintable(request));
    QVERIFY(request.contains(QStringLiteral("x-aftershock-call-id: ")));
    const QString response = find<QPlainTextEdit>(&view, QStringLiteral("responsePlainTextEdit"))->toPlainText();
    QVERIFY2(response.startsWith(QStringLiteral("HTTP/1.1 200 OK\n")), qPrintable(response));
    QVERIFY(response.contains(QStringLiteral("content-type: application/json"), Qt::CaseInsensitive));
    QVERIFY(response.endsWith(QStringLiteral("{\"message\":\"Hello, World!\"}")));

    // A row of the table: a call the window missed has no fault.
    table->setCurrentIndex(
        table->model()->index(qobject_cast<QSortFilterProxyModel*>(table->model())
                                  ->mapFromSource(qobject_cast<QSortFilterProxyModel*>(table->model())
                                                      ->sourceModel()
                                                      ->index(static_cast<int>(outside - result.calls.begin()), 0))
                                  .row(),
                              0));
    QVERIFY2(summary->text().startsWith(QStringLiteral("Call %1 ·").arg(outside->index)), qPrintable(summary->text()));
    QVERIFY(detailsOf(&view).contains(QStringLiteral("None: no fault was configured for this call")));

    // The fault filter keeps the calls the latency touched, and says how many of all.
    auto* faultFilter = find<QComboBox>(&view, QStringLiteral("faultFilterComboBox"));
    const int latencyChoice = faultFilter->findData(0);
    QVERIFY(latencyChoice > 0);
    faultFilter->setCurrentIndex(latencyChoice);
    emit faultFilter->activated(latencyChoice);
    const auto touched = std::count_if(result.calls.begin(), result.calls.end(),
                                       [](const CallRecord& call) { return call.appliedFaults & 1u; });
    QCOMPARE(table->model()->rowCount(), int(touched));
    QCOMPARE(find<QLabel>(&view, QStringLiteral("callCountLabel"))->text(),
             QStringLiteral("%1 of %2 calls").arg(touched).arg(result.calls.size()));

    // Sorted by latency, slowest first: the slowest call the fault touched heads the table.
    table->sortByColumn(CallTableModel::LatencyColumn, Qt::DescendingOrder);
    qint32 slowest = 0;
    for (const CallRecord& call : result.calls) {
        if (call.appliedFaults & 1u) {
            slowest = std::max(slowest, call.latencyUs);
        }
    }
    const auto* filter = qobject_cast<QSortFilterProxyModel*>(table->model());
    const auto* calls = qobject_cast<CallTableModel*>(filter->sourceModel());
    QCOMPARE(calls->call(filter->mapToSource(filter->index(0, 0)).row()).latencyUs, slowest);
}

void TestRunView::aRunWhoseCallsAreAllRefusedSaysWhereNothingListens()
{
    const quint16 closedPort = unusedLoopbackPort();
    QVERIFY(closedPort != 0);
    const QString url = QStringLiteral("http://127.0.0.1:%1/").arg(closedPort);
    const ScenarioFile file = ScenarioLoader::loadText(
        QStringLiteral("title: Nothing there\nitems:\n- call:\n    method: GET\n    url: %1\n  context:\n"
                       "    upstreams:\n    - %1\n    strategy:\n      mode: repeat\n      step: 1\n"
                       "      count: 2\n      wait: 0\n")
            .arg(url)
            .toUtf8(),
        QStringLiteral("refused.yaml"));
    QVERIFY(!file.hasErrors());
    RunControllerImpl controller(new ScenarioRunnerImpl(ProxyEngineFactory()));
    QSignalSpy finished(&controller, &RunController::finished);
    auto* run = new LiveRun(QStringLiteral("refused.yaml"), file.scenarios());
    RunView view(run);
    view.resize(1200, 800);
    view.show();
    auto* banner = find<QWidget>(&view, QStringLiteral("refusedFrame"));
    QVERIFY(!banner->isVisibleTo(&view));
    QVERIFY(controller.start(run, options()));
    QVERIFY(finished.wait(RunTimeoutMs));
    const ItemResult& result = *run->item(0, 0)->result;
    QVERIFY(!result.calls.isEmpty());
    for (const CallRecord& call : result.calls) {
        QVERIFY2(call.errorClass == CallErrorClass::Refused, qPrintable(toString(call.errorClass)));
    }
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisibleTo(&view), 5000);
    QCOMPARE(find<QLabel>(&view, QStringLiteral("refusedStatusLabel"))->accessibleName(),
             QStringLiteral("Every call to 127.0.0.1:%1 was refused: nothing seems to listen there. Start the target "
                            "(or use Try the demo on the welcome page) and run again.")
                 .arg(closedPort));
}

void TestRunView::theBannerNamesOnlyTargetsThatRefusedEveryCall()
{
    const QList<Scenario> scenarios = demoScenarios(m_target.baseUrl());
    const auto itemResult = [](const QString& target, QList<CallErrorClass> classes) {
        ItemResult result;
        result.target = target;
        for (qsizetype index = 0; index < classes.size(); ++index) {
            result.calls.append(CallRecord{.index = quint32(index), .errorClass = classes.at(index)});
        }
        return result;
    };
    using Class = CallErrorClass;
    auto* run = new LiveRun(QStringLiteral("demo.yaml"), scenarios + scenarios + scenarios);
    RunView view(run);
    auto* banner = find<QWidget>(&view, QStringLiteral("refusedFrame"));
    auto* label = find<QLabel>(&view, QStringLiteral("refusedStatusLabel"));
    // One call of several answered: the target is there.
    run->finishItem(0, 0, itemResult(QStringLiteral("http://127.0.0.1:9/"), {Class::Refused, Class::None}));
    view.refresh();
    QVERIFY(!banner->isVisibleTo(&view));
    run->finishItem(1, 0, itemResult(QStringLiteral("http://localhost/a"), {Class::Refused, Class::Refused}));
    run->finishItem(2, 0, itemResult(QStringLiteral("https://[::1]/"), {Class::Refused}));
    view.refresh();
    QVERIFY(banner->isVisibleTo(&view));
    QVERIFY2(label->accessibleName().startsWith(QStringLiteral("Every call to [::1]:443 and localhost:80 was refused")),
             qPrintable(label->accessibleName()));
    // An item to the same target that got through: it no longer counts as nothing there.
    run->finishItem(3, 0, itemResult(QStringLiteral("http://localhost/b"), {Class::Timeout}));
    view.refresh();
    QVERIFY2(label->accessibleName().startsWith(QStringLiteral("Every call to [::1]:443 was refused")),
             qPrintable(label->accessibleName()));
}

void TestRunView::aSteadyStateRunShowsItsPhasesAndTheRecovery()
{
    // 1 s with no fault, 2 s with 150 ms added in its middle second, 2 s with no fault.
    const ScenarioFile file = ScenarioLoader::loadText(
        QStringLiteral("title: Steady state\nitems:\n- call:\n    method: GET\n    url: %1/\n  context:\n"
                       "    upstreams:\n    - %1/\n    faults:\n    - type: latency\n      mean: 150.0\n"
                       "      stddev: 0\n      period: start:25%,duration:50%\n    strategy:\n      mode: load\n"
                       "      duration: 2s\n      clients: 2\n      rps: 5\n      steady_state:\n        before: 1s\n"
                       "        after: 2s\n    slo:\n    - slo_type: latency\n      title: p95 under 100 ms\n"
                       "      objective: 95\n      threshold: 100\n")
            .arg(m_target.baseUrl())
            .toUtf8(),
        QStringLiteral("steady.yaml"));
    QVERIFY2(!file.hasErrors(), qPrintable(file.diagnostics.value(0).toString()));
    RunControllerImpl controller(new ScenarioRunnerImpl(ProxyEngineFactory()));
    QSignalSpy finished(&controller, &RunController::finished);
    auto* run = new LiveRun(QStringLiteral("steady.yaml"), file.scenarios());
    RunView view(run);
    view.resize(1200, 800);
    view.show();
    QVERIFY(controller.start(run, options()));
    QVERIFY(finished.wait(RunTimeoutMs));

    view.selectItem(0, 0);
    auto* slo = qobject_cast<SloTableModel*>(find<QTableView>(&view, QStringLiteral("sloTableView"))->model());
    QStringList names;
    for (const ReportCheck& check : slo->checks()) {
        names.append(check.name);
    }
    QCOMPARE(names,
             (QStringList{QStringLiteral("p95 under 100 ms"), QStringLiteral("p95 under 100 ms (before)"),
                          QStringLiteral("p95 under 100 ms (after)"), QStringLiteral("recovery")}));
    QVERIFY2(!slo->checks().at(0).passed, "the fault's second breaks the faulted phase");
    QVERIFY(slo->checks().at(1).passed);
    QVERIFY(slo->checks().at(2).passed);
    QVERIFY2(slo->checks().at(3).observed.startsWith(QStringLiteral("recovered in")),
             qPrintable(slo->checks().at(3).observed));
    QVERIFY(slo->checks().at(3).passed);

    // The chart shades both steady phases apart from the fault's window, where the run put them.
    auto* latency = find<RunChartView>(&view, QStringLiteral("latencyChartView"));
    QTRY_VERIFY_WITH_TIMEOUT(view.chartsCurrent(), RunTimeoutMs);
    QList<std::pair<double, double>> steady;
    QList<std::pair<double, double>> faults;
    for (const ReportChart::Band& band : latency->shownChart().bands) {
        (band.kind == ReportChart::Band::Kind::SteadyState ? steady : faults).append({band.begin, band.end});
    }
    QCOMPARE(steady, (QList<std::pair<double, double>>{{0.0, 1.0}, {3.0, 5.0}}));
    QCOMPARE(faults, (QList<std::pair<double, double>>{{1.5, 2.5}}));
}

QTEST_MAIN(TestRunView)
#include "TestRunView.moc"
