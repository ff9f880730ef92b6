#include "shell/ScreenshotTour.h"

#include "advisor/AdvisorChain.h"
#include "advisor/ApiKeyStore.h"
#include "demo/DemoTargetProcess.h"
#include "editor/EditorDocument.h"
#include "editor/GenerateFromOpenApiDialog.h"
#include "editor/ScenarioFormEditor.h"
#include "editor/YamlEditor.h"
#include "history/ComparisonView.h"
#include "history/HistoryPanel.h"
#include "history/RunHistoryModel.h"
#include "report/ReportView.h"
#include "run/LiveRun.h"
#include "run/RunView.h"
#include "settings/SettingsDialog.h"
#include "shell/MainWindow.h"
#include "shell/WelcomePage.h"
#include "shell/Workspace.h"

#include <algorithm>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTcpServer>
#include <QTreeWidget>
#include <QWidget>

namespace
{
constexpr int SettleMs = 300;
constexpr int LoadTimeoutMs = 30000;
constexpr int RunTimeoutMs = 180000;
// The demo target's own bound, and its last probe's.
constexpr int DemoStartTimeoutMs = 25000;
const QSize WindowSize(1440, 900);
// The demo has eight scenarios; a larger file need not be shown whole.
constexpr int MaximumScenarioPanels = 8;
constexpr int DiagnosticsDockHeight = 230;
constexpr int HistoryDockHeight = 150;

// Lets layouts, timers and queued signals run, as they would between two user actions.
void settle()
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < SettleMs) {
        QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
    }
}

// Lets the file be read (on its worker thread); false when it could not be, and the document is gone.
bool waitUntilLoaded(EditorDocument* document)
{
    const QPointer<EditorDocument> loading(document);
    QElapsedTimer timer;
    timer.start();
    while (loading && loading->isLoading() && timer.elapsed() < LoadTimeoutMs) {
        QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
    }
    return loading && !loading->isLoading();
}

// Lets the run end, then shows its first item as it ended, with its report charts; false when the
// run did not end within RunTimeoutMs of timer's start.
bool showFinishedRun(RunView* view, const QPointer<LiveRun>& run, const QElapsedTimer& timer)
{
    while (run && !run->isFinished() && timer.elapsed() < RunTimeoutMs) {
        QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
    }
    if (!run || !run->isFinished()) {
        return false;
    }
    view->selectItem(0, 0);
    while (!view->chartsCurrent() && timer.elapsed() < RunTimeoutMs) {
        QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
    }
    return true;
}

// The scenario with the most faults in one item: the one that shows the timeline best.
int richestScenario(const EditorDocument& document)
{
    int best = 0;
    qsizetype mostFaults = -1;
    const QList<ScenarioDocument>& scenarios = document.structure().documents;
    for (int index = 0; index < scenarios.size(); ++index) {
        for (const Item& item : scenarios.at(index).scenario.items) {
            const qsizetype faults = item.context ? item.context->faults.size() : 0;
            if (faults > mostFaults) {
                mostFaults = faults;
                best = index;
            }
        }
    }
    return best;
}
} // namespace

ScreenshotTour::ScreenshotTour(MainWindow* window, QString outputFolder, QStringList files)
    : m_window(window)
    , m_outputFolder(std::move(outputFolder))
    , m_files(std::move(files))
{ }

QStringList ScreenshotTour::run(QString* error)
{
    QDir().mkpath(m_outputFolder);
    m_window->resize(WindowSize);
    m_window->show();
    settle();
    if (!grab(QStringLiteral("welcome"), error)) {
        return m_written;
    }

    EditorDocument* document = nullptr;
    if (m_files.isEmpty()) {
        if (!grabTryDemo(error)) {
            return m_written;
        }
        document = m_window->currentDocument();
    } else {
        document = m_window->openFile(m_files.first());
    }
    if (!waitUntilLoaded(document)) {
        *error = QStringLiteral("cannot open %1").arg(m_files.value(0, QStringLiteral("the demo")));
        return m_written;
    }
    if (!grabForm(document, error)) {
        return m_written;
    }

    if (m_files.size() > 1) {
        document = m_window->openFile(m_files.at(1));
        if (!waitUntilLoaded(document)) {
            *error = QStringLiteral("cannot open %1").arg(m_files.at(1));
            return m_written;
        }
        document->ensureStructureCurrent();
        m_window->showScenario(document, 0);
    }
    m_window->showView(MainWindow::View::Yaml);
    // The first error, as the diagnostics panel lists errors first; the panel tall enough to list several.
    const Diagnostics& diagnostics = document->structure().diagnostics;
    const auto firstError = std::find_if(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& diagnostic) {
        return diagnostic.severity == Diagnostic::Severity::Error;
    });
    m_window->yamlEditor()->goToLine(firstError == diagnostics.end() ? 1 : firstError->location.line);
    if (auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("diagnosticsDock"))) {
        m_window->resizeDocks({dock}, {DiagnosticsDockHeight}, Qt::Vertical);
    }
    settle();
    if (!grab(QStringLiteral("yaml-diagnostics"), error)) {
        return m_written;
    }
    // Back on the welcome page, which now lists the files just opened.
    m_window->showView(MainWindow::View::Welcome);
    settle();
    if (!grab(QStringLiteral("welcome-recent"), error)) {
        return m_written;
    }
    // As after a crash: what it offers back.
    auto* welcome = m_window->findChild<WelcomePage*>();
    welcome->offerRecovery(1);
    settle();
    if (!grab(QStringLiteral("welcome-recovery"), error)) {
        return m_written;
    }
    welcome->offerRecovery(0);
    if (grabDialogs(error) && (m_runFile.isEmpty() || grabRun(error))) {
        grabRefusedRun(error);
    }
    return m_written;
}

// Try the demo as a new user presses it: the demo target starts (or the reason it cannot), the
// scenarios open, and the callout points at Run.
bool ScreenshotTour::grabTryDemo(QString* error)
{
    m_window->tryDemo();
    auto* callout = m_window->findChild<QWidget*>(QStringLiteral("runCallout"));
    QElapsedTimer timer;
    timer.start();
    while (!callout->isVisible() && timer.elapsed() < DemoStartTimeoutMs) {
        QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
    }
    if (!callout->isVisible()) {
        *error = QStringLiteral("Try the demo did not end within %1 s").arg(DemoStartTimeoutMs / 1000);
        return false;
    }
    settle();
    const bool grabbed = grab(QStringLiteral("try-demo"), error);
    // The pictures that follow are of the form, not of this step.
    callout->hide();
    m_window->statusBar()->clearMessage();
    return grabbed;
}

// A run whose every call is refused, and what the run view says of it. It calls the demo's port
// once the tour's own demo target has stopped, so that the picture shows what a new user met.
bool ScreenshotTour::grabRefusedRun(QString* error)
{
    DemoTargetProcess* target = m_window->demoTarget();
    quint16 port = DemoTargetProcess::DefaultPort;
    if (target->isChildProcess() && target->state() == DemoTargetProcess::State::Ready) {
        target->stop();
        QElapsedTimer timer;
        timer.start();
        while (target->state() == DemoTargetProcess::State::Stopping && timer.elapsed() < LoadTimeoutMs) {
            QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
        }
    } else {
        // Another program may hold the demo's port: a loopback port just freed refuses for sure.
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        port = probe.serverPort();
    }
    const QString url = QStringLiteral("http://127.0.0.1:%1/").arg(port);
    EditorDocument* document = m_window->workspace()->addUnsavedDocument(
        QStringLiteral("nothing-listens.yaml"),
        QStringLiteral("title: The demo's root, with the demo target stopped\nitems:\n- call:\n    method: GET\n"
                       "    url: %1\n  context:\n    upstreams:\n    - %1\n    strategy:\n      mode: repeat\n"
                       "      step: 1\n      count: 10\n      wait: 50\n  expect:\n    status: 200\n")
            .arg(url),
        false);
    document->ensureStructureCurrent();
    m_window->showScenario(document, 0);
    m_window->runFromDocument(-1, -1);
    RunView* view = m_window->currentRunView();
    const QPointer<LiveRun> run(view ? view->run() : nullptr);
    QElapsedTimer timer;
    timer.start();
    if (!showFinishedRun(view, run, timer)) {
        *error = QStringLiteral("the run against %1 did not finish within %2 s").arg(url).arg(RunTimeoutMs / 1000);
        return false;
    }
    const QList<QDockWidget*> hidden = hideBottomDocks();
    settle();
    const bool grabbed = grab(QStringLiteral("run-refused"), error);
    for (QDockWidget* dock : hidden) {
        dock->show();
    }
    return grabbed;
}

// The run view while the first item is half done (charts filling, the SLO panel moving), then
// after the run, on the same item.
bool ScreenshotTour::grabRun(QString* error)
{
    EditorDocument* document = m_window->openFile(m_runFile);
    if (!waitUntilLoaded(document)) {
        *error = QStringLiteral("cannot open %1").arg(m_runFile);
        return false;
    }
    m_window->showView(MainWindow::View::Form);
    // The run's history below it, small, so that the charts have the room.
    if (auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("historyDock"))) {
        dock->raise();
        m_window->resizeDocks({dock}, {HistoryDockHeight}, Qt::Vertical);
    }
    m_window->runFromDocument(-1, -1);
    RunView* view = m_window->currentRunView();
    if (!view) {
        *error = QStringLiteral("the run of %1 did not start").arg(m_runFile);
        return false;
    }
    const QPointer<LiveRun> run(view->run());
    const auto halfDone = [&run] {
        const LiveRun::ItemState* item = run ? run->item(0, 0) : nullptr;
        return !run || run->isFinished()
            || (item && item->elapsedMs * 2 >= std::max<qint64>(item->plannedDurationMs, 1));
    };
    QElapsedTimer timer;
    timer.start();
    while (!halfDone() && timer.elapsed() < RunTimeoutMs) {
        QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
    }
    settle();
    if (!grab(QStringLiteral("run-live"), error)) {
        return false;
    }
    if (!showFinishedRun(view, run, timer)) {
        *error = QStringLiteral("the run of %1 did not finish within %2 s").arg(m_runFile).arg(RunTimeoutMs / 1000);
        return false;
    }
    settle();
    if (!grab(QStringLiteral("run-finished"), error)) {
        return false;
    }
    // The inspector on the first call a fault touched, as a click on its dot shows it.
    const LiveRun::ItemState* item = run->item(0, 0);
    if (item && item->result) {
        const CallRecords& calls = item->result->calls;
        const auto touched = std::find_if(calls.begin(), calls.end(), [](const CallRecord& call) {
            return call.appliedFaults != 0 && call.errorClass == CallErrorClass::None;
        });
        if (touched != calls.end()) {
            const QList<QDockWidget*> hidden = hideBottomDocks();
            view->inspectCall(touched->index);
            settle();
            bool grabbed = grab(QStringLiteral("inspector"), error);
            if (auto* exchange = view->findChild<QTabWidget*>(QStringLiteral("exchangeTabWidget"));
                grabbed && exchange) {
                exchange->setCurrentWidget(view->findChild<QWidget*>(QStringLiteral("responseTab")));
                settle();
                grabbed = grab(QStringLiteral("inspector-response"), error);
                exchange->setCurrentIndex(0);
            }
            for (QDockWidget* dock : hidden) {
                dock->show();
            }
            if (!grabbed) {
                return false;
            }
        }
    }
    return grabHistory(error) && grabReport(view, error);
}

// Without the docks below (the history, the diagnostics), as a user who reads calls or a report
// gives them the room; returns those it hid.
QList<QDockWidget*> ScreenshotTour::hideBottomDocks()
{
    QList<QDockWidget*> hidden;
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>()) {
        if (dock->isVisible() && m_window->dockWidgetArea(dock) == Qt::BottomDockWidgetArea) {
            dock->hide();
            hidden.append(dock);
        }
    }
    return hidden;
}

// The report viewer on the first run, as its Report button opens it.
bool ScreenshotTour::grabReport(RunView* runView, QString* error)
{
    auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("documentTabWidget"));
    tabs->setCurrentWidget(runView);
    runView->findChild<QPushButton*>(QStringLiteral("reportButton"))->click();
    const QPointer<ReportView> report(qobject_cast<ReportView*>(tabs->currentWidget()));
    QElapsedTimer timer;
    timer.start();
    while (report && !report->isReady() && timer.elapsed() < LoadTimeoutMs) {
        QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
    }
    if (!report || !report->isReady()) {
        *error = QStringLiteral("the report of the run of %1 was not ready within %2 s")
                     .arg(m_runFile)
                     .arg(LoadTimeoutMs / 1000);
        return false;
    }
    // At the first scenario's section, where its charts are.
    auto* contents = report->findChild<QTreeWidget*>(QStringLiteral("contentsTreeWidget"));
    const QList<QTreeWidgetItem*> scenarios = contents
        ? contents->findItems(QStringLiteral("Scenarios"), Qt::MatchExactly | Qt::MatchRecursive)
        : QList<QTreeWidgetItem*>{};
    if (!scenarios.isEmpty() && scenarios.first()->childCount() > 0) {
        contents->setCurrentItem(scenarios.first()->child(0));
    }
    hideBottomDocks();
    settle();
    return grab(QStringLiteral("report"), error) && grabAdvisor(report, error);
}

namespace
{
// The advisor as the tour shows it: no LLM runs here, so a stand-in replays a review of the tour's
// run (a latency window and a black-hole on GET /) through the same signals the real one sends.
class ReplayAdvisor final : public Advisor
{
public:
    using Advisor::Advisor;
    void start(const AdvisorRequest&) override
    { }
    void cancel() override
    {
        emit finished({}, QStringLiteral("stopped by the user"));
    }
};

const QString PostureAnswer = QStringLiteral(R"(## Overall Resilience Posture

*How GET / held under the run's two faults*

The service rides out injected latency but not a black-hole: the p95 SLO (≤ 150 ms) is breached by more than 250 ms, and every call in the black-hole window waited the full 400 ms client timeout before failing.

- Latency passes straight through: no call was shed or served from a cache while 200 ms were added.
- The errors stop as soon as the black-hole ends: recovery is immediate.)");

const QString DeepDiveAnswer = QStringLiteral(R"(## SLO Failures Deep Dive

*Where the breaches sit against the fault windows*

| Scenario | Endpoint | SLO | Objective | Observed | Margin | Failure Pattern |
|---|---|---|---|---|---|---|
| Latency and a black-hole under load | GET / | p95 under 150 ms | p95 ≤ 150 ms | ≥ 400 ms | +250 ms over | slow calls fill the latency window; the timeouts fill the black-hole window |
| Latency and a black-hole under load | GET / | under 1% errors | errors < 1% | 15.00 % | +14.00 pp over | all 72 timeouts inside the black-hole window, none after it |)");

const QString CausesSoFar = QStringLiteral(R"(## Potential Cause Hypotheses

*Why the calls hung rather than failed fast*

1. **No deadline shorter than the client's timeout.** The 72 calls caught by the black-hole each waited 400 ms: nothing between the caller and `read_root` gives up sooner, so a silent upstream costs the whole budget.
   - **How to confirm:** run the black-hole again with a 100 ms timeout and )");
} // namespace

// The advisor mid-review in the report viewer: two answers settled into the report, the third
// arriving in the panel below it.
bool ScreenshotTour::grabAdvisor(ReportView* report, QString* error)
{
    ReplayAdvisor advisor;
    report->setAdvisor(&advisor);
    if (auto* role = report->findChild<QComboBox*>(QStringLiteral("roleComboBox"))) {
        role->setCurrentText(QStringLiteral("SRE"));
    }
    report->startAdvisor({});
    const QList<std::tuple<QString, QString, QString>> settled{
        {QStringLiteral("posture"), QStringLiteral("Overall Resilience Posture"), PostureAnswer},
        {QStringLiteral("slo-deep-dive"), QStringLiteral("SLO Failures Deep Dive"), DeepDiveAnswer}};
    for (int index = 0; index < settled.size(); ++index) {
        const auto& [id, title, answer] = settled.at(index);
        emit advisor.stepStarted(index, AdvisorChain::steps().at(index).progressLabel);
        emit advisor.textArrived(index, answer);
        emit advisor.stepFinished(index, {.id = id, .title = title, .markdown = answer, .note = {}});
    }
    emit advisor.stepStarted(2, AdvisorChain::steps().at(2).progressLabel);
    emit advisor.textArrived(2, CausesSoFar);
    auto* contents = report->findChild<QTreeWidget*>(QStringLiteral("contentsTreeWidget"));
    QElapsedTimer timer;
    timer.start();
    const auto settledIn = [contents] {
        return contents
            && !contents
                    ->findItems(QStringLiteral("Advisor: SLO Failures Deep Dive"),
                                Qt::MatchExactly | Qt::MatchRecursive)
                    .isEmpty();
    };
    while (!settledIn() && timer.elapsed() < LoadTimeoutMs) {
        QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
    }
    if (!settledIn()) {
        *error = QStringLiteral("the advisor's answers did not reach the report within %1 s").arg(LoadTimeoutMs / 1000);
        return false;
    }
    contents->setCurrentItem(
        contents
            ->findItems(QStringLiteral("Advisor: Overall Resilience Posture"), Qt::MatchExactly | Qt::MatchRecursive)
            .first());
    settle();
    const bool grabbed = grab(QStringLiteral("report-advisor"), error);
    report->stopAdvisor();
    report->setAdvisor(nullptr);
    return grabbed;
}

// Runs the file a second time, then the history with both runs, and their comparison.
bool ScreenshotTour::grabHistory(QString* error)
{
    HistoryPanel* history = m_window->historyPanel();
    m_window->runFromDocument(-1, -1);
    const QPointer<LiveRun> again(m_window->currentRunView() ? m_window->currentRunView()->run() : nullptr);
    QElapsedTimer timer;
    timer.start();
    while (again && !again->isFinished() && timer.elapsed() < RunTimeoutMs) {
        QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
    }
    if (m_window->currentRunView()) {
        m_window->currentRunView()->selectItem(0, 0);
    }
    while (history->model()->rowCount() < 2 && timer.elapsed() < RunTimeoutMs) {
        QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
    }
    if (history->model()->rowCount() < 2) {
        *error = QStringLiteral("the second run of %1 is not in the history").arg(m_runFile);
        return false;
    }
    history->selectRuns({history->model()->runAt(0)->id, history->model()->runAt(1)->id});
    settle();
    if (!grab(QStringLiteral("history"), error)) {
        return false;
    }
    history->findChild<QPushButton*>(QStringLiteral("compareButton"))->click();
    auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("documentTabWidget"));
    while (!qobject_cast<ComparisonView*>(tabs->currentWidget()) && timer.elapsed() < RunTimeoutMs) {
        QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
    }
    settle();
    return grab(QStringLiteral("comparison"), error);
}

// The whole window on the richest scenario, then the form alone on each scenario's faults and
// strategy, so that every fault kind and every strategy mode is seen once.
bool ScreenshotTour::grabForm(EditorDocument* document, QString* error)
{
    document->ensureStructureCurrent();
    m_window->showScenario(document, richestScenario(*document), 0);
    m_window->showView(MainWindow::View::Form);
    const QList<QPair<ScenarioFormEditor::Tab, QString>> tabs{
        {ScenarioFormEditor::CallTab, QStringLiteral("form")},
        {ScenarioFormEditor::FaultsTab, QStringLiteral("fault-timeline")},
        {ScenarioFormEditor::StrategyTab, QStringLiteral("strategy")},
        {ScenarioFormEditor::ChecksTab, QStringLiteral("checks")}};
    for (const auto& [tab, name] : tabs) {
        m_window->formEditor()->showTab(tab);
        settle();
        if (!grab(name, error)) {
            return false;
        }
    }
    const int scenarios = static_cast<int>(document->structure().documents.size());
    for (int index = 0; index < std::min(scenarios, MaximumScenarioPanels); ++index) {
        m_window->showScenario(document, index, 0);
        for (const auto& [tab, name] : {qMakePair(ScenarioFormEditor::FaultsTab, QStringLiteral("faults")),
                                        qMakePair(ScenarioFormEditor::StrategyTab, QStringLiteral("strategy"))}) {
            m_window->formEditor()->showTab(tab);
            settle();
            if (!grab(m_window->formEditor(), QStringLiteral("%1-%2").arg(name).arg(index + 1), error)) {
                return false;
            }
        }
    }
    return true;
}

bool ScreenshotTour::grabDialogs(QString* error)
{
    // A keychain service of its own: the pictures never show (even masked) a key the user stored.
    ApiKeyStore keyStore(QStringLiteral("AftershockScreenshots"));
    SettingsDialog settings(&keyStore, m_window);
    settings.show();
    settle();
    // A made-up key, to show it masked; the dialog is closed without OK, so it is never stored.
    settings.findChild<QLineEdit*>(QStringLiteral("apiKeyLineEdit"))
        ->setText(QStringLiteral("made-up-key-for-a-picture"));
    if (!grab(&settings, QStringLiteral("settings"), error)) {
        return false;
    }
    auto* tabs = settings.findChild<QTabWidget*>(QStringLiteral("settingsTabWidget"));
    tabs->setCurrentIndex(tabs->count() - 1);
    settle();
    if (!grab(&settings, QStringLiteral("settings-proxy"), error)) {
        return false;
    }
    settings.close();

    GenerateFromOpenApiDialog generate(m_window);
    generate.show();
    if (m_files.size() > 2) {
        generate.load(m_files.at(2));
    }
    settle();
    return grab(&generate, QStringLiteral("generate"), error);
}

bool ScreenshotTour::grab(const QString& name, QString* error)
{
    return grab(m_window, name, error);
}

bool ScreenshotTour::grab(QWidget* widget, const QString& name, QString* error)
{
    const QString path = QDir(m_outputFolder).filePath(name + QStringLiteral(".png"));
    if (!widget->grab().save(path)) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    m_written << path;
    return true;
}
