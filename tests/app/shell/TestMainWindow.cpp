#include "FakeScenarioRunner.h"
#include "GuiTestSupport.h"
#include "core/runner/SampleRun.h"
#include "editor/DiagnosticsTableModel.h"
#include "editor/EditorDocument.h"
#include "editor/ScenarioFormEditor.h"
#include "editor/YamlEditor.h"
#include "history/ComparisonView.h"
#include "history/HistoryPanel.h"
#include "history/RunHistoryModel.h"
#include "report/ReportView.h"
#include "run/LiveRun.h"
#include "run/RunController.h"
#include "run/RunView.h"
#include "runner/ResultsJsonWriter.h"
#include "scenario/ScenarioWriter.h"
#include "shell/Callout.h"
#include "shell/MainActions.h"
#include "shell/Workspace.h"
#include "store/RunStore.h"

#include <csignal>

#include <QAction>
#include <QApplication>
#include <QCommandLinkButton>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>

using namespace GuiTestSupport;

namespace
{
const QString SeedBroken = QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios/seed-broken.yaml");
const QString SeedCorrected = QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios/seed-corrected.yaml");
constexpr int MaximumFixes = 100;
constexpr int FileTimeoutMs = 20000;
// The demo target's start (uvicorn importing FastAPI and SQLAlchemy), and a little more.
constexpr int DemoTimeoutMs = 30000;

// Types path into every file dialog that shows while it lives and accepts it, as a user does
// (selectFile() is overridden by the dialog's first selection).
class FileDialogAnswerer
{
public:
    explicit FileDialogAnswerer(const QString& path)
    {
        m_timer.setInterval(50);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [path] {
            if (auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
                if (auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"))) {
                    name->setText(path);
                    QMetaObject::invokeMethod(dialog, "accept");
                }
            }
        });
        m_timer.start();
    }

private:
    QTimer m_timer;
};

// Answers the next modal message box with button, once it shows.
void answerNextMessageBox(QMessageBox::StandardButton button)
{
    QTimer::singleShot(0, [button] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (box) {
            box->button(button)->click();
        }
    });
}
} // namespace

// The main window as a whole: actions, the two views on one document, diagnostics and quick
// fixes, unsaved changes, the remembered layout, and Run and Stop.
class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void everyActionHasAShortcutAndATip();
    void theWelcomePageOffersItsThreeStarts();
    void tryTheDemoStartsItsTargetAndPointsAtRun();
    void tryTheDemoWithoutPythonSaysWhatToInstall();
    void theBrokenSeedShowsItsDiagnosticsAndQuickFixesRepairIt();
    void editingTheYamlUpdatesTheFormAndBack();
    void undoSpansBothViews();
    void closingWithUnsavedChangesAsks();
    void theLayoutIsRestored();
    void runAndStopDriveTheRunner();
    void runsOpenInTabsAndRunAgainFromThem();
    void aScenarioOrAnItemRunsAlone();
    void theHistoryReopensAndComparesStoredRuns();
    void closingDuringARunWaitsForItToStop();
    void aRunThatWillNotStopIsLeftBehindAfterTheBound();
    void closingDuringARealRunKeepsItsResults();
    void anInterruptClosesAsTheCloseButtonDoes();
    void openedFilesAreRemembered();
    void aFileLoadsBehindALoadingPageAndOpensOnce();
    void closingWaitsForASaveUnderWay();
    void theYamlViewFollowsThePalette();
    void exportToK6WritesTheScriptWhereTheUserSays();

private:
    DiagnosticsTableModel* diagnostics() const;
    QTableView* diagnosticsTable() const;
    // The first row with a quick fix, or -1.
    int firstFixableRow() const;

    QTemporaryDir m_folder;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    isolateSettings(QStringLiteral("TestMainWindow"));
}

void TestMainWindow::init()
{
    m_window = std::make_unique<MainWindow>(windowOptions(m_folder));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanup()
{
    // Nothing to save: whatever the test changed is dropped without asking.
    for (EditorDocument* document : m_window->workspace()->documents()) {
        document->undoStack()->setClean();
    }
    m_window.reset();
}

void TestMainWindow::everyActionHasAShortcutAndATip()
{
    QList<QAction*> actions = m_window->mainActions()->all();
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>()) {
        actions << dock->toggleViewAction();
    }
    for (const QAction* action : actions) {
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
        QVERIFY2(!action->statusTip().isEmpty(), qPrintable(action->text()));
        QVERIFY2(!action->text().isEmpty(), qPrintable(action->objectName()));
    }
    QToolBar* toolBar = m_window->findChild<QToolBar*>(QStringLiteral("mainToolBar"));
    QVERIFY(toolBar);
    for (QAction* action : toolBar->actions()) {
        if (QWidget* button = toolBar->widgetForAction(action);
            button && !action->isSeparator() && !action->text().isEmpty()) {
            QVERIFY2(!button->accessibleName().isEmpty(), qPrintable(action->text()));
        }
    }
}

void TestMainWindow::theWelcomePageOffersItsThreeStarts()
{
    QCOMPARE(m_window->currentView(), MainWindow::View::Welcome);
    auto* welcome = find<QWidget>(m_window.get(), QStringLiteral("welcomePage"));
    // Generate and Open each show their dialog first; here it is closed at once.
    const QList<QPair<QString, QString>> dialogs{
        {QStringLiteral("generateButton"), QStringLiteral("GenerateFromOpenApiDialog")},
        {QStringLiteral("openButton"), QStringLiteral("QFileDialog")}};
    for (const auto& [button, dialogClass] : dialogs) {
        QString shown;
        QTimer::singleShot(0, [&shown] {
            if (auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget())) {
                shown = QString::fromLatin1(dialog->metaObject()->className());
                dialog->reject();
            }
        });
        auto* link = find<QCommandLinkButton>(welcome, button);
        QVERIFY2(link, qPrintable(button));
        link->click();
        QCOMPARE(shown, dialogClass);
        QCOMPARE(m_window->currentView(), MainWindow::View::Welcome);
    }
    find<QCommandLinkButton>(welcome, QStringLiteral("newButton"))->click();
    QCOMPARE(m_window->currentView(), MainWindow::View::Form);
}

void TestMainWindow::tryTheDemoStartsItsTargetAndPointsAtRun()
{
    auto* welcome = find<QWidget>(m_window.get(), QStringLiteral("welcomePage"));
    auto* tryDemo = require<QCommandLinkButton>(welcome, QStringLiteral("tryDemoButton"));
    QCOMPARE(tryDemo->text(), QStringLiteral("Try the demo"));
    tryDemo->click();
    // Nothing waits on the target: the page says it is starting, and the button waits for it.
    QCOMPARE(m_window->currentView(), MainWindow::View::Welcome);
    QVERIFY(!tryDemo->isEnabled());
    QVERIFY(require<QLabel>(welcome, QStringLiteral("demoStatusLabel"))->isVisible());

    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentDocument(), DemoTimeoutMs);
    DemoTargetProcess* target = m_window->demoTarget();
    QCOMPARE(target->state(), DemoTargetProcess::State::Ready);
    QVERIFY(target->port() != 0 && target->port() != DemoTargetProcess::DefaultPort);
    QCOMPARE(m_window->currentView(), MainWindow::View::Form);
    const QString next = QStringLiteral("The demo target is up on 127.0.0.1:%1 — press Run (F5)").arg(target->port());
    QCOMPARE(m_window->statusBar()->currentMessage(), next);
    auto* callout = require<Callout>(m_window.get(), QStringLiteral("runCallout"));
    QVERIFY(callout->isVisible());
    QCOMPARE(callout->text(), next);
    QCOMPARE(callout->kind(), StatusLabel::Kind::Good);
    // It points at Run: its arrow's tip is under the Run tool button.
    auto* runButton = require<QWidget>(m_window.get(), QStringLiteral("runActionToolButton"));
    const QRect runRect(runButton->mapTo(m_window.get(), QPoint(0, 0)), runButton->size());
    QCOMPARE(callout->y(), runRect.bottom() + 1);
    QVERIFY(callout->x() <= runRect.center().x() && runRect.center().x() < callout->geometry().right());
    QVERIFY(tryDemo->isEnabled());
    QVERIFY(!require<QLabel>(welcome, QStringLiteral("demoStatusLabel"))->isVisibleTo(welcome));

    // The demo's eight scenarios, calling the port the target listens on.
    const QList<Scenario> scenarios = m_window->currentDocument()->structure().scenarios();
    QCOMPARE(scenarios.size(), 8);
    for (const Scenario& scenario : scenarios) {
        QCOMPARE(scenario.items.first().call.url, QStringLiteral("http://localhost:%1/").arg(target->port()));
    }

    // Run is what it pointed at: once pressed, the callout goes.
    m_window->mainActions()->run->trigger();
    QVERIFY(!callout->isVisible());
    m_window->mainActions()->stop->trigger();

    // The target is the window's child: it stops when the window closes.
    QSignalSpy stopped(target, &DemoTargetProcess::stopped);
    QVERIFY(m_window->close());
    QVERIFY(stopped.wait(int(DemoTargetProcess::StopGrace.count()) + 2000));
}

void TestMainWindow::tryTheDemoWithoutPythonSaysWhatToInstall()
{
    MainWindowOptions options = windowOptions(m_folder);
    options.demoTarget.interpreter = m_folder.filePath(QStringLiteral("no-such-python3"));
    m_window = std::make_unique<MainWindow>(options);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    require<QCommandLinkButton>(m_window.get(), QStringLiteral("tryDemoButton"))->click();

    // The scenarios open all the same, and the window says what to install, at Run.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentDocument(), DemoTimeoutMs);
    QCOMPARE(m_window->currentDocument()->structure().scenarios().size(), 8);
    const QString install = QStringLiteral("sudo apt install python3-fastapi python3-uvicorn python3-sqlalchemy");
    QVERIFY2(m_window->statusBar()->currentMessage().endsWith(install),
             qPrintable(m_window->statusBar()->currentMessage()));
    auto* callout = require<Callout>(m_window.get(), QStringLiteral("runCallout"));
    QVERIFY(callout->isVisible());
    QCOMPARE(callout->kind(), StatusLabel::Kind::Problem);
    QVERIFY2(callout->text().startsWith(options.demoTarget.interpreter), qPrintable(callout->text()));
    QVERIFY(callout->text().endsWith(install));
    // Closed, it stays closed; the welcome page keeps the reason for whoever goes back to it.
    require<QToolButton>(callout, QStringLiteral("closeButton"))->click();
    QVERIFY(!callout->isVisible());
    m_window->showView(MainWindow::View::Welcome);
    auto* status = require<QLabel>(m_window.get(), QStringLiteral("demoStatusLabel"));
    QVERIFY(status->isVisible());
    QVERIFY(status->accessibleName().endsWith(install));
}

void TestMainWindow::theBrokenSeedShowsItsDiagnosticsAndQuickFixesRepairIt()
{
    EditorDocument* document = m_window->openFile(SeedBroken);
    QVERIFY(document);
    QTRY_VERIFY(document->isStructureCurrent());
    QVERIFY(document->structure().hasErrors());
    QTRY_COMPARE(diagnostics()->rowCount(), static_cast<int>(document->structure().diagnostics.size()));
    QVERIFY(diagnostics()->rowCount() > 0);
    // Errors come first, though the file's first problem (line 9) is a note.
    QVERIFY(document->structure().diagnostics.constFirst().severity == Diagnostic::Severity::Info);
    const Diagnostic first = diagnostics()->diagnostic(0);
    QVERIFY(first.severity == Diagnostic::Severity::Error);
    QVERIFY(!m_window->yamlEditor()->diagnosticsAtLine(first.location.line).isEmpty());
    QVERIFY(m_window->yamlEditor()->markersAtLine(first.location.line - 1) != 0);

    // A click on a problem jumps to its line in the YAML view.
    QTableView* table = diagnosticsTable();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(diagnostics()->index(0, DiagnosticsTableModel::MessageColumn)).center());
    QCOMPARE(m_window->currentView(), MainWindow::View::Yaml);
    int line = 0;
    int column = 0;
    m_window->yamlEditor()->getCursorPosition(&line, &column);
    QCOMPARE(line + 1, first.location.line);

    // One click on each fix in turn, until none is left.
    int applied = 0;
    for (int row = firstFixableRow(); row >= 0 && applied < MaximumFixes; row = firstFixableRow()) {
        const QModelIndex fixCell = diagnostics()->index(row, DiagnosticsTableModel::FixColumn);
        table->scrollTo(fixCell);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(fixCell).center());
        ++applied;
        QTRY_VERIFY(document->isStructureCurrent());
        QTRY_COMPARE(diagnostics()->rowCount(), static_cast<int>(document->structure().diagnostics.size()));
    }
    QVERIFY(applied > 0);
    QVERIFY2(!document->structure().hasErrors(),
             qPrintable(document->structure().diagnostics.value(0).toString() + QLatin1Char('\n') + document->text()));
    const QList<Scenario> repaired = document->structure().scenarios();
    const QList<Scenario> expected = loadScenarios(SeedCorrected);
    QCOMPARE(repaired.size(), expected.size());
    for (int index = 0; index < expected.size(); ++index) {
        QVERIFY2(repaired.at(index) == expected.at(index),
                 qPrintable(QStringLiteral("scenario %1:\n%2")
                                .arg(index + 1)
                                .arg(QString::fromUtf8(ScenarioWriter::toYaml(repaired.at(index))))));
    }
    // Every fix is a step of the one undo history.
    QCOMPARE(document->undoStack()->count(), applied);
}

void TestMainWindow::editingTheYamlUpdatesTheFormAndBack()
{
    EditorDocument* document = m_window->openDemo();
    m_window->showScenario(document, 0, 0);
    m_window->formEditor()->showTab(ScenarioFormEditor::FaultsTab);
    auto* mean = find<QDoubleSpinBox>(m_window->formEditor(), QStringLiteral("meanSpinBox"));
    QCOMPARE(mean->value(), 800.0);

    // Typed in the YAML view: the form follows once the typing pauses.
    m_window->showView(MainWindow::View::Yaml);
    YamlEditor* yaml = m_window->yamlEditor();
    const int meanLine = static_cast<int>(
        document->text().left(document->text().indexOf(QStringLiteral("mean: 800"))).count(QLatin1Char('\n')));
    const int meanColumn = static_cast<int>(yaml->text(meanLine).indexOf(QStringLiteral("800")));
    yaml->setFocus();
    yaml->setSelection(meanLine, meanColumn, meanLine, meanColumn + 3);
    QTest::keyClicks(yaml, QStringLiteral("950"));
    QVERIFY(document->text().contains(QStringLiteral("mean: 950")));
    QTRY_COMPARE(mean->value(), 950.0);

    // Changed in the form: the YAML view shows it at once.
    mean->setValue(975);
    QVERIFY(yaml->text().contains(QStringLiteral("mean: 975")));
    QCOMPARE(yaml->text(), document->text());
}

void TestMainWindow::undoSpansBothViews()
{
    EditorDocument* document = m_window->newFile();
    const QString original = document->text();
    typeText(find<QLineEdit>(m_window->formEditor(), QStringLiteral("titleLineEdit")), QStringLiteral("From the form"));
    const QString afterForm = document->text();
    m_window->showView(MainWindow::View::Yaml);
    YamlEditor* yaml = m_window->yamlEditor();
    yaml->setFocus();
    yaml->setCursorPosition(yaml->lines() - 1, 0);
    QTest::keyClicks(yaml, QStringLiteral("# from the YAML"));
    QVERIFY(document->text().endsWith(QStringLiteral("# from the YAML")));

    // Ctrl+Z in the YAML view is the window's Undo: the document's one history.
    QTest::keyClick(yaml, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(document->text(), afterForm);
    QCOMPARE(yaml->text(), afterForm);
    m_window->mainActions()->undo->trigger();
    QCOMPARE(document->text(), original);
    QTRY_COMPARE(find<QLineEdit>(m_window->formEditor(), QStringLiteral("titleLineEdit"))->text(),
                 Workspace::newScenario().title);
    m_window->mainActions()->redo->trigger();
    QCOMPARE(document->text(), afterForm);
}

void TestMainWindow::closingWithUnsavedChangesAsks()
{
    EditorDocument* document = m_window->newFile();
    QVERIFY(document->isModified());
    QVERIFY(m_window->isWindowModified());

    answerNextMessageBox(QMessageBox::Cancel);
    QVERIFY(!m_window->close());
    QVERIFY(m_window->isVisible());

    answerNextMessageBox(QMessageBox::Discard);
    QVERIFY(m_window->close());
}

void TestMainWindow::theLayoutIsRestored()
{
    QDockWidget* workspaceDock = m_window->findChild<QDockWidget*>(QStringLiteral("workspaceDock"));
    m_window->openDemo();
    m_window->addDockWidget(Qt::RightDockWidgetArea, workspaceDock);
    m_window->findChild<QDockWidget*>(QStringLiteral("diagnosticsDock"))->hide();
    m_window->resize(1111, 840);
    m_window->workspace()->documents().constFirst()->undoStack()->setClean();
    QVERIFY(m_window->close());
    m_window.reset();

    m_window = std::make_unique<MainWindow>(windowOptions(m_folder));
    m_window->openDemo();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->size(), QSize(1111, 840));
    QCOMPARE(m_window->dockWidgetArea(m_window->findChild<QDockWidget*>(QStringLiteral("workspaceDock"))),
             Qt::RightDockWidgetArea);
    QVERIFY(!m_window->findChild<QDockWidget*>(QStringLiteral("diagnosticsDock"))->isVisible());
}

void TestMainWindow::runAndStopDriveTheRunner()
{
    QVERIFY(!m_window->mainActions()->run->isEnabled());
    m_window->openDemo();
    QAction* run = m_window->mainActions()->run;
    QAction* stop = m_window->mainActions()->stop;
    QVERIFY(run->isEnabled());
    QVERIFY(!stop->isEnabled());
    run->trigger();
    auto* runner = m_window->findChild<FakeScenarioRunner*>();
    QVERIFY(runner);
    QCOMPARE(runner->startedWith.size(), 8);
    QVERIFY(!run->isEnabled());
    QVERIFY(stop->isEnabled());
    stop->trigger();
    QCOMPARE(runner->cancelCount, 1);
    QVERIFY(run->isEnabled());
    QVERIFY(!stop->isEnabled());
    const QList<QLabel*> labels = m_window->statusBar()->findChildren<QLabel*>();
    QVERIFY(std::any_of(labels.begin(), labels.end(), [](const QLabel* label) {
        return label->text().contains(QStringLiteral("Tests run: 8, Tests failed: 0"));
    }));
}

void TestMainWindow::runsOpenInTabsAndRunAgainFromThem()
{
    m_window->openDemo();
    auto* tabs = find<QTabWidget>(m_window.get(), QStringLiteral("documentTabWidget"));
    QVERIFY(tabs);
    QCOMPARE(tabs->count(), 1);
    m_window->mainActions()->run->trigger();
    auto* runner = m_window->findChild<FakeScenarioRunner*>();
    QCOMPARE(tabs->count(), 2);
    RunView* first = m_window->currentRunView();
    QVERIFY(first);
    QCOMPARE(first->run()->scenarios().size(), 8);
    QCOMPARE(m_window->runController()->state(), RunController::State::Running);
    runner->finishRun();
    QCOMPARE(m_window->runController()->state(), RunController::State::Finished);
    QVERIFY(first->run()->isFinished());
    QCOMPARE(first->run()->testsRun(), 8);

    // Run on a run's tab runs the same scenarios again, in a tab of its own.
    runner->startedWith.clear();
    m_window->mainActions()->run->trigger();
    QCOMPARE(tabs->count(), 3);
    QCOMPARE(runner->startedWith.size(), 8);
    QVERIFY(m_window->currentRunView() != first);
    runner->finishRun();

    // Closing a finished run's tab removes it; the editor's tab cannot be closed.
    QVERIFY(!tabs->tabBar()->tabButton(0, QTabBar::RightSide));
    emit tabs->tabCloseRequested(1);
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(m_window->runViews().size(), 1);

    // Closing the tab of a run under way stops the run first.
    tabs->setCurrentIndex(0);
    QVERIFY(!m_window->currentRunView());
    m_window->mainActions()->run->trigger();
    QCOMPARE(tabs->count(), 3);
    emit tabs->tabCloseRequested(2);
    QCOMPARE(runner->cancelCount, 1);
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(m_window->runController()->state(), RunController::State::Finished);

    // Export Report acts on the tab in front: not the editor; a finished run's report opens and
    // is written where the user says.
    QAction* exportReport = m_window->mainActions()->exportReport;
    tabs->setCurrentIndex(0);
    QVERIFY(!exportReport->isEnabled());
    tabs->setCurrentIndex(1);
    QVERIFY(exportReport->isEnabled());
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("exported.md"));
    {
        const FileDialogAnswerer answer(path);
        exportReport->trigger();
    }
    auto* report = qobject_cast<ReportView*>(tabs->currentWidget());
    QVERIFY(report);
    QCOMPARE(tabs->count(), 3);
    QSignalSpy exported(report, &ReportView::exported);
    QVERIFY(exported.wait(30000));
    QCOMPARE(exported.first().at(0).toString(), path);
    QVERIFY2(exported.first().at(1).toString().isEmpty(), qPrintable(exported.first().at(1).toString()));
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readAll().startsWith("# "));
}

void TestMainWindow::aScenarioOrAnItemRunsAlone()
{
    m_window->openDemo();
    auto* runner = m_window->findChild<FakeScenarioRunner*>();
    m_window->runFromDocument(1, -1);
    QCOMPARE(runner->startedWith.size(), 1);
    const Scenario second = m_window->currentDocument()->structure().scenarios().at(1);
    QCOMPARE(runner->startedWith.first().title, second.title);
    QCOMPARE(runner->startedWith.first().items.size(), second.items.size());
    runner->finishRun();
    m_window->runFromDocument(1, 0);
    QCOMPARE(runner->startedWith.size(), 1);
    QCOMPARE(runner->startedWith.first().items.size(), 1);
    QCOMPARE(m_window->currentRunView()->run()->scenarios().first().items.size(), 1);
    runner->finishRun();
}

void TestMainWindow::theHistoryReopensAndComparesStoredRuns()
{
    // Two stored runs of one file, the second one slower on its first call.
    MainWindowOptions options = windowOptions(m_folder);
    options.storePath = m_folder.filePath(QStringLiteral("history.sqlite"));
    QList<qint64> ids;
    {
        RunStore store(options.storePath);
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        for (int index = 0; index < 2; ++index) {
            RunResult run = sampleRun();
            run.startedAtMs += index * 60'000;
            run.scenarios[0].items[0].calls[0].latencyUs = index == 0 ? 2'000 : 80'000;
            const qint64 id = store.beginRun(QStringLiteral("demo-scenarios.yaml"), run.startedAtMs, "[]");
            const QString path = m_folder.filePath(QStringLiteral("stored-%1.json").arg(id));
            QVERIFY2(ResultsJsonWriter::write(run, path, &error), qPrintable(error));
            QVERIFY(store.finishRun(id, QStringLiteral("cancelled"), run.endedAtMs, 3, 1, path, QString()));
            ids.append(id);
        }
    }
    m_window = std::make_unique<MainWindow>(options);
    m_window->show();
    HistoryPanel* history = m_window->historyPanel();
    QTRY_COMPARE_WITH_TIMEOUT(history->model()->rowCount(), 2, FileTimeoutMs);

    // Reopened: a run tab with the numbers it had.
    auto* tabs = find<QTabWidget>(m_window.get(), QStringLiteral("documentTabWidget"));
    history->selectRuns({ids.first()});
    find<QPushButton>(history, QStringLiteral("openButton"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentRunView(), FileTimeoutMs);
    const LiveRun* reopened = m_window->currentRunView()->run();
    QVERIFY(reopened->isFinished());
    QCOMPARE(reopened->scenarios().first().title, sampleRun().scenarios.first().scenario.title);
    QCOMPARE(reopened->item(0, 1)->slo.first().observed, std::optional<double>(50));

    // Compared: the second run's slower call is a regression, with its delta.
    history->selectRuns(ids);
    find<QPushButton>(history, QStringLiteral("compareButton"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<ComparisonView*>(tabs->currentWidget()), FileTimeoutMs);
    const auto* comparison = qobject_cast<ComparisonView*>(tabs->currentWidget());
    QVERIFY(!comparison->comparison().rows.isEmpty());
    const ReportComparisonRow& first = comparison->comparison().rows.first();
    QVERIFY2(first.regression, qPrintable(first.measure));
    QVERIFY2(first.delta.startsWith(QLatin1Char('+')), qPrintable(first.delta));
    auto* table = find<QTableView>(comparison, QStringLiteral("comparisonTableView"));
    QCOMPARE(table->model()->index(0, 6).data().toString(), QStringLiteral("▲ regression"));
}

void TestMainWindow::closingDuringARunWaitsForItToStop()
{
    m_window->openDemo();
    m_window->mainActions()->run->trigger();
    auto* runner = m_window->findChild<FakeScenarioRunner*>();
    QVERIFY(runner && runner->isRunning());
    runner->finishOnCancel = false;
    QVERIFY(runner->startedOptions.resultsPath.startsWith(m_folder.filePath(QStringLiteral("runs/"))));
    QVERIFY(runner->startedOptions.resultsPath.endsWith(QStringLiteral("/results.json")));
    QCOMPARE(runner->startedOptions.storePath, m_folder.filePath(QStringLiteral("runs.sqlite")));

    // The close is put off: the run is asked to stop and the window waits for it.
    QVERIFY(!m_window->close());
    QCOMPARE(runner->cancelCount, 1);
    QVERIFY(m_window->isVisible());
    QVERIFY(!m_window->close()); // a second close while stopping changes nothing
    QCOMPARE(runner->cancelCount, 1);
    runner->finishRun();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), FileTimeoutMs);
}

void TestMainWindow::aRunThatWillNotStopIsLeftBehindAfterTheBound()
{
    m_window->openDemo();
    m_window->mainActions()->run->trigger();
    auto* runner = m_window->findChild<FakeScenarioRunner*>();
    QVERIFY(runner);
    runner->finishOnCancel = false;
    QVERIFY(!m_window->close());
    QVERIFY(m_window->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), 4 * MainWindow::RunDrainBound.count());
    QVERIFY(runner->isRunning());
}

void TestMainWindow::closingDuringARealRunKeepsItsResults()
{
    // An upstream that takes the request and never answers: the run would last the 30 s timeout.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    const QString scenarioPath = m_folder.filePath(QStringLiteral("slow.yaml"));
    QFile scenario(scenarioPath);
    QVERIFY(scenario.open(QIODevice::WriteOnly));
    scenario.write(QStringLiteral("title: slow\nitems:\n- call:\n    method: GET\n    url: http://127.0.0.1:%1/\n"
                                  "    timeout: 30000\n")
                       .arg(silent.serverPort())
                       .toUtf8());
    scenario.close();
    MainWindowOptions options = windowOptions(m_folder);
    options.makeRunner = {}; // the real runner
    m_window = std::make_unique<MainWindow>(options);
    m_window->show();
    EditorDocument* document = m_window->openFile(scenarioPath);
    QTRY_VERIFY_WITH_TIMEOUT(!document->isLoading(), FileTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->mainActions()->run->isEnabled(), FileTimeoutMs);
    m_window->mainActions()->run->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), FileTimeoutMs);

    QVERIFY(!m_window->close());
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), 4 * MainWindow::RunDrainBound.count());
    const QStringList runs
        = QDir(m_folder.filePath(QStringLiteral("runs"))).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(runs.size(), 1);
    QVERIFY(QFile::exists(m_folder.filePath(QStringLiteral("runs/%1/results.json").arg(runs.first()))));
    RunStore store(options.storePath);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    QCOMPARE(store.runs().size(), 1);
    QCOMPARE(store.runs().first().status, QStringLiteral("cancelled"));
}

void TestMainWindow::anInterruptClosesAsTheCloseButtonDoes()
{
    MainWindowOptions options = windowOptions(m_folder);
    options.closeOnInterrupt = true;
    m_window = std::make_unique<MainWindow>(options);
    m_window->show();
    m_window->openDemo();
    m_window->mainActions()->run->trigger();
    auto* runner = m_window->findChild<FakeScenarioRunner*>();
    QVERIFY(runner);
    runner->finishOnCancel = false;
    std::raise(SIGINT);
    QTRY_COMPARE_WITH_TIMEOUT(runner->cancelCount, 1, FileTimeoutMs);
    QVERIFY(m_window->isVisible());
    runner->finishRun();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), FileTimeoutMs);
}

void TestMainWindow::openedFilesAreRemembered()
{
    EditorDocument* document = m_window->openFile(SeedCorrected);
    QTRY_VERIFY_WITH_TIMEOUT(!document->isLoading(), FileTimeoutMs);
    QMenu* recent = m_window->findChild<QMenu*>(QStringLiteral("recentFilesMenu"));
    QVERIFY(recent);
    QVERIFY(!recent->actions().isEmpty());
    QVERIFY(recent->actions().constFirst()->statusTip().endsWith(QStringLiteral("seed-corrected.yaml")));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("seed-corrected.yaml[*] — Aftershock"));

    // A file that is gone is closed, with the reason and its path shown, and leaves the list.
    const MessageBoxAnswerer answerer(QMessageBox::Ok);
    const QString gone = m_folder.filePath(QStringLiteral("gone.yaml"));
    m_window->openFile(gone);
    QTRY_COMPARE_WITH_TIMEOUT(answerer.texts().size(), 1, FileTimeoutMs);
    QVERIFY2(answerer.texts().constFirst().contains(QDir::toNativeSeparators(gone)),
             qPrintable(answerer.texts().constFirst()));
    QCOMPARE(m_window->workspace()->documents().size(), 1);
    QCOMPARE(m_window->currentDocument(), document);
    QCOMPARE(m_window->currentView(), MainWindow::View::Form);
}

void TestMainWindow::aFileLoadsBehindALoadingPageAndOpensOnce()
{
    auto* pages = find<QStackedWidget>(m_window.get(), QStringLiteral("editorStackedWidget"));
    QWidget* loadingPage = find<QWidget>(m_window.get(), QStringLiteral("loadingPage"));
    QVERIFY(pages && loadingPage);
    EditorDocument* document = m_window->openFile(SeedCorrected);
    QVERIFY(document->isLoading());
    QCOMPARE(pages->currentWidget(), loadingPage);
    QVERIFY(
        find<QLabel>(loadingPage, QStringLiteral("loadingLabel"))->text().contains(QStringLiteral("seed-corrected")));
    QVERIFY(m_window->yamlEditor()->isReadOnly());
    QVERIFY(!m_window->mainActions()->save->isEnabled());
    QVERIFY(!m_window->mainActions()->addScenario->isEnabled());
    // Asked again while it loads: the same document, not a second one.
    QCOMPARE(m_window->openFile(SeedCorrected), document);
    QCOMPARE(m_window->workspace()->documents().size(), 1);

    QTRY_VERIFY_WITH_TIMEOUT(!document->isLoading(), FileTimeoutMs);
    QCOMPARE(pages->currentWidget(), find<QWidget>(m_window.get(), QStringLiteral("editorTabWidget")));
    QVERIFY(!m_window->yamlEditor()->isReadOnly());
    QCOMPARE(m_window->yamlEditor()->text(), document->text());
    QVERIFY(m_window->mainActions()->save->isEnabled());
    // Parsed on its worker, the file's first scenario fills the form.
    QTRY_VERIFY_WITH_TIMEOUT(document->isStructureCurrent(), FileTimeoutMs);
    QTRY_COMPARE(find<QLineEdit>(m_window->formEditor(), QStringLiteral("titleLineEdit"))->text(),
                 document->structure().scenarios().constFirst().title);
    QCOMPARE(m_window->openFile(SeedCorrected), document);
    QCOMPARE(m_window->workspace()->documents().size(), 1);
}

void TestMainWindow::closingWaitsForASaveUnderWay()
{
    EditorDocument* document = m_window->newFile();
    const QString path = m_folder.filePath(QStringLiteral("closing.yaml"));
    m_window->saveAs(document, path);
    QVERIFY(document->isSaving());
    // Were the save not waited for, the window would ask about unsaved changes: the answer keeps it open.
    const MessageBoxAnswerer answerer(QMessageBox::Cancel);
    QVERIFY(m_window->close());
    QVERIFY(answerer.texts().isEmpty());
    QVERIFY(!document->isModified());
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(saved.readAll()), document->text());
}

void TestMainWindow::theYamlViewFollowsThePalette()
{
    m_window->openDemo();
    QPalette dark = m_window->palette();
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    dark.setColor(QPalette::Text, QColor(0xdf, 0xe1, 0xe5));
    m_window->yamlEditor()->setPalette(dark);
    const auto background = static_cast<QRgb>(
        m_window->yamlEditor()->SendScintilla(QsciScintillaBase::SCI_STYLEGETBACK, QsciScintillaBase::STYLE_DEFAULT));
    // Scintilla keeps colours as 0xBBGGRR.
    QCOMPARE(QColor(qBlue(background), qGreen(background), qRed(background)), QColor(0x1e, 0x1f, 0x22));
}

void TestMainWindow::exportToK6WritesTheScriptWhereTheUserSays()
{
    QAction* exportK6 = m_window->mainActions()->exportK6;
    QVERIFY(!exportK6->isEnabled()); // nothing open
    EditorDocument* document = m_window->openFile(SeedCorrected);
    QTRY_VERIFY_WITH_TIMEOUT(!document->isLoading() && exportK6->isEnabled(), FileTimeoutMs);

    // The path typed into the file dialog, as a user does; the extension is added.
    const QString typed = m_folder.filePath(QStringLiteral("seed"));
    const QString path = typed + QStringLiteral(".js");
    {
        const FileDialogAnswerer answer(typed);
        exportK6->trigger();
    }
    // Written on the file writer's thread; the status bar names the file once it is there.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Exported ")),
                             FileTimeoutMs);
    qsizetype items = 0;
    for (const Scenario& scenario : document->structure().scenarios()) {
        items += scenario.items.size();
    }
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QStringLiteral("Exported %1 k6 scenarios to %2").arg(items).arg(QDir::toNativeSeparators(path)));
    QFile script(path);
    QVERIFY(script.open(QIODevice::ReadOnly));
    const QByteArray text = script.readAll();
    QVERIFY(text.startsWith("// k6 script of seed-corrected.yaml"));
    QVERIFY(text.contains("--scenario " + QFileInfo(SeedCorrected).absoluteFilePath().toUtf8() + " --item 1"));
    QVERIFY(text.contains("export const options = {"));

    // The File menu with the action, grabbed offscreen; AFTERSHOCK_SCREENSHOT_DIR keeps the
    // picture for a person to look at.
    auto* fileMenu = m_window->menuBar()->findChild<QMenu*>(QStringLiteral("fileMenu"));
    QVERIFY(fileMenu);
    fileMenu->popup(m_window->mapToGlobal(QPoint(0, m_window->menuBar()->height())));
    QTRY_VERIFY(fileMenu->isVisible());
    fileMenu->setActiveAction(exportK6);
    QVERIFY(!fileMenu->actionGeometry(exportK6).isEmpty());
    const QPixmap picture = fileMenu->grab();
    QVERIFY(!picture.isNull());
    if (const QString folder = qEnvironmentVariable("AFTERSHOCK_SCREENSHOT_DIR"); !folder.isEmpty()) {
        QVERIFY(picture.save(QDir(folder).filePath(QStringLiteral("file-menu-export-k6.png"))));
    }
    fileMenu->close();
}

DiagnosticsTableModel* TestMainWindow::diagnostics() const
{
    return qobject_cast<DiagnosticsTableModel*>(diagnosticsTable()->model());
}

QTableView* TestMainWindow::diagnosticsTable() const
{
    return m_window->findChild<QTableView*>(QStringLiteral("diagnosticsTableView"));
}

int TestMainWindow::firstFixableRow() const
{
    for (int row = 0; row < diagnostics()->rowCount(); ++row) {
        if (diagnostics()->diagnostic(row).fix) {
            return row;
        }
    }
    return -1;
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
