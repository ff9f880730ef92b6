#pragma once

#include "advisor/ApiKeyStore.h"
#include "demo/DemoTargetProcess.h"
#include "scenario/Scenario.h"
#include "shell/RecoveryStore.h"
#include "shell/StatusLabel.h"
#include "store/RunStore.h"

#include <chrono>
#include <functional>
#include <memory>

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class Callout;
class DiagnosticsTableModel;
class EditorDocument;
class HistoryPanel;
class InterruptWatcher;
class MainActions;
class QDockWidget;
class QLabel;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTreeView;
class QUndoGroup;
class RecentFiles;
class RunController;
class RunView;
class ScenarioFormEditor;
class ScenarioRunner;
class WelcomePage;
class Workspace;
class WorkspaceTreeModel;
class YamlEditor;

// What the window is made with; tests inject a recovery folder, a short interval, a fake runner and
// a keychain service of their own.
struct MainWindowOptions
{
    QString recoveryFolder = RecoveryStore::defaultFolder();
    std::chrono::milliseconds recoveryInterval = RecoveryStore::DefaultInterval;
    // Makes the runner behind Run and Stop; by default the real one.
    std::function<ScenarioRunner*(QObject* parent)> makeRunner;
    QString keychainService = ApiKeyStore::defaultServiceName();
    // Each run writes results.json into a folder of its own here, named after its start (UTC).
    QString runsFolder = defaultRunsFolder();
    QString storePath; // the run store's SQLite file; empty: RunStore::defaultPath()
    // Ctrl-C (SIGINT) and SIGTERM close the window as its close button does; the program sets
    // this, tests that send themselves a signal do too.
    bool closeOnInterrupt = false;
    // The target Try the demo starts; tests give it a free port (0) and other interpreters.
    DemoTargetProcess::Options demoTarget;

    static QString defaultRunsFolder();
};

// The main window: the workspace tree on the left, the documents in the middle as tabs (the
// editor with the form and YAML views of one file, then a tab a run), the file's diagnostics
// below, and the welcome page when nothing is open. Run and Stop act on the tab in front.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    enum class View { Welcome, Form, Yaml };
    // How long closing waits for a run under way to stop (results.json written, the run store's
    // row marked cancelled) before the window closes anyway.
    static constexpr std::chrono::milliseconds RunDrainBound{2000};

    explicit MainWindow(MainWindowOptions options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // The file's document, shown loading until it is read; when it cannot be read, it is closed
    // and the user told why.
    EditorDocument* openFile(const QString& path);
    // The demo scenarios, as an unsaved file, calling the demo target's port.
    EditorDocument* openDemo();
    // Try the demo: starts the demo target (or finds it running), then opens the demo scenarios
    // and points at Run; where the target cannot start, says why and opens them all the same.
    void tryDemo();
    DemoTargetProcess* demoTarget() const
    {
        return m_demoTarget;
    }
    EditorDocument* newFile();
    // Starts saving, after asking where for a file never saved; false when the user gave no path.
    bool save(EditorDocument* document);
    void saveAs(EditorDocument* document, const QString& path);
    // Writes a k6 script of the current file's scenarios to path, on the file writer's thread; the
    // status bar says how it went (K6ScriptWriter).
    void exportToK6(const QString& path);
    void closeDocument(EditorDocument* document);
    // A new, unsaved file of generated scenarios.
    EditorDocument* addGeneratedScenarios(const QString& name, const QList<Scenario>& scenarios);

    // scenarioIndex and itemIndex -1: the file as a whole.
    void showScenario(EditorDocument* document, int scenarioIndex, int itemIndex = -1);
    void showView(View view);
    View currentView() const;
    EditorDocument* currentDocument() const;
    Workspace* workspace() const;
    MainActions* mainActions() const;
    ScenarioFormEditor* formEditor() const;
    YamlEditor* yamlEditor() const;
    HistoryPanel* historyPanel() const
    {
        return m_historyPanel;
    }
    RunController* runController() const
    {
        return m_runController;
    }
    // The run tab in front; null when the editor is.
    RunView* currentRunView() const;
    QList<RunView*> runViews() const;
    // The current file's scenario (or one item of it) in a run tab of its own; -1: all of it.
    void runFromDocument(int scenarioIndex, int itemIndex);

    // Reads the crashed sessions' files on a worker; they open when read.
    void recoverFiles();
    void discardRecovery();
    void saveRecoveryNow();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createCentralWidgets();
    QWidget* createLoadingPage();
    void connectWorkspace();
    void createDocks();
    void createMenus();
    void createToolBar();
    void connectActions();
    void connectRunner();
    void restoreLayout();
    void setDocksHiddenForWelcome(bool hidden);
    void saveLayout();

    void addRecoveredFiles(const QList<RecoveredFile>& files);
    void showFirstDocument();
    void setCurrentDocument(EditorDocument* document);
    void selectInTree(EditorDocument* document, int scenarioIndex, int itemIndex);
    void treeCurrentChanged(const QModelIndex& current);
    void yamlCursorMoved(int line);
    void updateTitle();
    void updateActions();
    void updateDiagnostics();
    void diagnosticClicked(const QModelIndex& index);
    void goToDiagnostic(int step);
    void applySelectedQuickFix();
    void showTreeMenu(const QPoint& position);

    bool askToSave(const QList<EditorDocument*>& documents);
    bool waitForSaves(const QList<EditorDocument*>& documents);
    QString askSavePath(EditorDocument* document);
    QString askK6ScriptPath();
    void showError(const QString& title, const QString& message);

    void startRun();
    void runScenarios(const QString& source, const QList<Scenario>& scenarios);
    void stopRun();
    void closeDocumentTab(int tab);
    void addDocumentTab(QWidget* view, const QIcon& icon, const QString& title, const QString& toolTip);
    // Reads the run's results file on a worker, then opens it in a run tab, as it ended.
    void openStoredRun(const StoredRun& run);
    void compareStoredRuns(const StoredRun& baseline, const StoredRun& current);
    // The finished run's analysis report in a tab of its own.
    void openReport(RunView* runView);
    // Export Report: the report in front, or the report of the finished run in front.
    void exportActiveReport();
    void closeWhenDrained();
    void showGenerateDialog();
    void showSettings();
    void demoTargetReady();
    void demoTargetFailed(const QString& message);
    void pointAtRun(StatusLabel::Kind kind, const QString& text);

    MainWindowOptions m_options;
    Workspace* m_workspace;
    WorkspaceTreeModel* m_treeModel;
    DiagnosticsTableModel* m_diagnosticsModel;
    QUndoGroup* m_undoGroup;
    MainActions* m_actions;
    RecentFiles* m_recentFiles;
    RecoveryStore* m_recovery;
    ApiKeyStore* m_keyStore;
    RunController* m_runController = nullptr;
    DemoTargetProcess* m_demoTarget;
    std::unique_ptr<InterruptWatcher> m_interruptWatcher;

    QStackedWidget* m_centralStack = nullptr;
    WelcomePage* m_welcomePage = nullptr;
    QTabWidget* m_documentTabs = nullptr;
    QStackedWidget* m_editorStack = nullptr;
    QTabWidget* m_editorTabs = nullptr;
    ScenarioFormEditor* m_formEditor = nullptr;
    YamlEditor* m_yamlEditor = nullptr;
    QDockWidget* m_workspaceDock = nullptr;
    QTreeView* m_workspaceTree = nullptr;
    QDockWidget* m_diagnosticsDock = nullptr;
    QDockWidget* m_historyDock = nullptr;
    HistoryPanel* m_historyPanel = nullptr;
    QTableView* m_diagnosticsTable = nullptr;
    QLabel* m_loadingLabel = nullptr;
    QLabel* m_cursorLabel = nullptr;
    QLabel* m_runLabel = nullptr;
    QWidget* m_runToolButton = nullptr;
    Callout* m_runCallout = nullptr;

    QPointer<EditorDocument> m_currentDocument;
    // The welcome page has the window to itself; the docks it hid come back with the editor.
    QList<QDockWidget*> m_docksHiddenForWelcome;
    bool m_selectingInTree = false;

    // Closing during a run: the close is put off until the run has finished, or RunDrainBound has
    // passed; Drained closes at once, the user's answer about unsaved changes already given.
    enum class Closing { No, Draining, Drained };
    Closing m_closing = Closing::No;
    QTimer m_drainTimer;
};
