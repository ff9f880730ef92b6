#include "shell/MainWindow.h"

#include "advisor/AdvisorImpl.h"
#include "editor/DiagnosticsTableModel.h"
#include "editor/EditorDocument.h"
#include "editor/GenerateFromOpenApiDialog.h"
#include "editor/ScenarioFormEditor.h"
#include "editor/YamlEditor.h"
#include "export/K6ScriptWriter.h"
#include "history/ComparisonView.h"
#include "history/HistoryPanel.h"
#include "report/ReportBuilder.h"
#include "report/ReportView.h"
#include "run/LiveRun.h"
#include "run/RunControllerImpl.h"
#include "run/RunView.h"
#include "runner/InterruptWatcher.h"
#include "runner/ResultsJsonReader.h"
#include "runner/ScenarioRunnerImpl.h"
#include "scenario/ScenarioWriter.h"
#include "settings/SettingsDialog.h"
#include "shell/AppIcons.h"
#include "shell/Callout.h"
#include "shell/FileWriterPool.h"
#include "shell/MainActions.h"
#include "shell/RecentFiles.h"
#include "shell/WelcomePage.h"
#include "shell/WorkerTask.h"
#include "shell/Workspace.h"
#include "shell/WorkspaceTreeModel.h"
#include "store/AtomicFile.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QUndoGroup>
#include <QUndoStack>
#include <QVBoxLayout>

namespace
{
enum EditorTab { FormTab, YamlTab };
enum CentralPage { WelcomePageIndex, DocumentsPageIndex };
enum EditorPage { EditorPageIndex, LoadingPageIndex };
// The editor is the first document tab; runs (and later reports) follow it.
constexpr int EditorDocumentTab = 0;

const QString DemoResource = QStringLiteral(":/demo/scenarios.yaml");
// Where the demo scenarios call the demo target.
const QString DemoAuthority = QStringLiteral("localhost:%1");
const QString ScenarioFileFilter = QObject::tr("Scenario files (*.yaml *.yml);;All files (*)");
constexpr int LayoutVersion = 1;
constexpr int StatusMessageMs = 5000;
constexpr int LoadingBarWidth = 320;
// How long closing waits for saves under way before it gives up, keeping the window open.
constexpr int SaveWaitMs = 10000;

// How an export to k6 went, back from the file writer's thread.
struct K6Export
{
    QString error; // empty when the script was written
    int scenarios = 0;
    bool brokenLeftOut = false; // documents with errors are not in the script
};
} // namespace

MainWindow::MainWindow(MainWindowOptions options, QWidget* parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
    , m_workspace(new Workspace(this))
    , m_treeModel(new WorkspaceTreeModel(m_workspace, this))
    , m_diagnosticsModel(new DiagnosticsTableModel(this))
    , m_undoGroup(new QUndoGroup(this))
    , m_actions(new MainActions(m_undoGroup, this))
    , m_recentFiles(new RecentFiles(this))
    , m_recovery(new RecoveryStore(m_options.recoveryFolder, m_options.recoveryInterval, this))
    , m_keyStore(new ApiKeyStore(m_options.keychainService, this))
    , m_demoTarget(new DemoTargetProcess(m_options.demoTarget, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(AppIcons::icon(QStringLiteral("aftershock")));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    m_runCallout = new Callout(this);
    m_runCallout->setObjectName(QStringLiteral("runCallout"));
    createCentralWidgets();
    createDocks();
    createMenus();
    createToolBar();
    connectActions();
    connectRunner();
    statusBar()->addPermanentWidget(m_runLabel = new QLabel(this));
    statusBar()->addPermanentWidget(m_cursorLabel = new QLabel(this));
    connect(m_demoTarget, &DemoTargetProcess::ready, this, &MainWindow::demoTargetReady);
    connect(m_demoTarget, &DemoTargetProcess::failed, this, &MainWindow::demoTargetFailed);
    connect(m_demoTarget, &DemoTargetProcess::stopped, this, [this] {
        statusBar()->showMessage(tr("The demo target on %1 has stopped.").arg(m_demoTarget->address()),
                                 StatusMessageMs);
    });

    m_welcomePage->setRecentFiles(m_recentFiles->paths());
    m_welcomePage->offerRecovery(m_recovery->orphanCount());
    m_recovery->watch(m_workspace);
    connect(m_recovery, &RecoveryStore::orphansRead, this, &MainWindow::addRecoveredFiles);

    m_drainTimer.setSingleShot(true);
    m_drainTimer.setInterval(RunDrainBound);
    connect(&m_drainTimer, &QTimer::timeout, this, [this] {
        qWarning("aftershock: the run did not stop within %lld ms; closing without its results",
                 static_cast<long long>(RunDrainBound.count()));
        statusBar()->showMessage(tr("The run did not stop in time: closing without its results."));
        closeWhenDrained();
    });
    if (m_options.closeOnInterrupt) {
        m_interruptWatcher = std::make_unique<InterruptWatcher>([this] { close(); });
    }

    connect(m_workspace, &Workspace::documentAdded, this, [this] { updateActions(); });
    connectWorkspace();
    m_historyPanel->reload();
    resize(1280, 820);
    restoreLayout();
    setCurrentDocument(nullptr);
    showView(View::Welcome);
}

MainWindow::~MainWindow() = default;

QString MainWindowOptions::defaultRunsFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs");
}

EditorDocument* MainWindow::openFile(const QString& path)
{
    EditorDocument* document = m_workspace->openFile(path);
    showScenario(document, 0);
    return document;
}

EditorDocument* MainWindow::openDemo()
{
    QFile demo(DemoResource);
    if (!demo.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot open the demo"), demo.errorString());
        return nullptr;
    }
    QString text = QString::fromUtf8(demo.readAll());
    if (const quint16 port = m_demoTarget->port(); port != 0 && port != DemoTargetProcess::DefaultPort) {
        text.replace(DemoAuthority.arg(DemoTargetProcess::DefaultPort), DemoAuthority.arg(port));
    }
    EditorDocument* document = m_workspace->addUnsavedDocument(tr("demo-scenarios.yaml"), text, false);
    // Small and known: parsed at once, so that the form shows its first scenario straight away.
    document->ensureStructureCurrent();
    showScenario(document, 0);
    return document;
}

void MainWindow::tryDemo()
{
    switch (m_demoTarget->state()) {
    case DemoTargetProcess::State::Ready:
        demoTargetReady();
        return;
    case DemoTargetProcess::State::Starting:
    case DemoTargetProcess::State::Stopping:
        return;
    case DemoTargetProcess::State::Idle:
    case DemoTargetProcess::State::Failed:
        break;
    }
    // Said before start(), which can fail at once.
    m_actions->tryDemo->setEnabled(false);
    m_welcomePage->setDemoStatus(WelcomePage::DemoStatus::Starting, tr("Starting the demo target…"));
    m_demoTarget->start();
    if (m_demoTarget->state() == DemoTargetProcess::State::Starting) {
        const QString starting = tr("Starting the demo target on %1…").arg(m_demoTarget->address());
        m_welcomePage->setDemoStatus(WelcomePage::DemoStatus::Starting, starting);
        statusBar()->showMessage(starting);
    }
}

void MainWindow::demoTargetReady()
{
    m_actions->tryDemo->setEnabled(true);
    m_welcomePage->setDemoStatus(WelcomePage::DemoStatus::Hidden);
    openDemo();
    const QString next
        = tr("The demo target is up on %1 — press Run (%2)")
              .arg(m_demoTarget->address(), m_actions->run->shortcut().toString(QKeySequence::NativeText));
    statusBar()->showMessage(next);
    pointAtRun(StatusLabel::Kind::Good, next);
}

void MainWindow::demoTargetFailed(const QString& message)
{
    m_actions->tryDemo->setEnabled(true);
    // Kept on the welcome page too, for whoever goes back to it.
    m_welcomePage->setDemoStatus(WelcomePage::DemoStatus::Problem, message);
    openDemo();
    // One line there; the callout keeps the message's lines.
    statusBar()->showMessage(QString(message).replace(QLatin1Char('\n'), QLatin1Char(' ')));
    pointAtRun(StatusLabel::Kind::Problem, message);
}

void MainWindow::pointAtRun(StatusLabel::Kind kind, const QString& text)
{
    m_runCallout->showAt(m_runToolButton, kind, text);
}

EditorDocument* MainWindow::newFile()
{
    EditorDocument* document = m_workspace->addNewDocument();
    document->ensureStructureCurrent();
    showScenario(document, 0);
    showView(View::Form);
    return document;
}

bool MainWindow::save(EditorDocument* document)
{
    if (!document) {
        return false;
    }
    const QString path = document->path().isEmpty() ? askSavePath(document) : document->path();
    if (path.isEmpty()) {
        return false;
    }
    saveAs(document, path);
    return true;
}

void MainWindow::saveAs(EditorDocument* document, const QString& path)
{
    statusBar()->showMessage(tr("Saving %1…").arg(QDir::toNativeSeparators(path)));
    document->saveAs(path);
}

void MainWindow::closeDocument(EditorDocument* document)
{
    if (!document || !askToSave({document})) {
        return;
    }
    m_workspace->closeDocument(document);
    showFirstDocument();
}

void MainWindow::showScenario(EditorDocument* document, int scenarioIndex, int itemIndex)
{
    setCurrentDocument(document);
    m_formEditor->setScenario(document, std::max(scenarioIndex, 0));
    if (itemIndex >= 0) {
        m_formEditor->selectItem(itemIndex);
    }
    if (currentView() == View::Welcome) {
        showView(View::Form);
    }
    const QList<ScenarioDocument>& scenarios = document->structure().documents;
    if (scenarioIndex >= 0 && scenarioIndex < scenarios.size() && currentView() == View::Yaml) {
        const ScenarioDocument& scenario = scenarios.at(scenarioIndex);
        const int line = itemIndex >= 0 && itemIndex < scenario.itemLines.size() ? scenario.itemLines.at(itemIndex)
                                                                                 : scenario.location.line;
        m_yamlEditor->setCursorPosition(line - 1, 0);
        m_yamlEditor->ensureLineVisible(line - 1);
    }
    selectInTree(document, scenarioIndex, itemIndex);
}

void MainWindow::showView(View view)
{
    setDocksHiddenForWelcome(view == View::Welcome);
    if (view == View::Welcome) {
        m_welcomePage->setRecentFiles(m_recentFiles->paths());
        m_centralStack->setCurrentIndex(WelcomePageIndex);
    } else {
        const bool loading = m_currentDocument && m_currentDocument->isLoading();
        if (loading) {
            m_loadingLabel->setText(tr("Loading %1…").arg(QDir::toNativeSeparators(m_currentDocument->path())));
        }
        m_centralStack->setCurrentIndex(DocumentsPageIndex);
        m_documentTabs->setCurrentIndex(EditorDocumentTab);
        m_editorStack->setCurrentIndex(loading ? LoadingPageIndex : EditorPageIndex);
        m_editorTabs->setCurrentIndex(view == View::Form ? FormTab : YamlTab);
    }
    updateActions();
}

MainWindow::View MainWindow::currentView() const
{
    if (m_centralStack->currentIndex() == WelcomePageIndex) {
        return View::Welcome;
    }
    return m_editorTabs->currentIndex() == FormTab ? View::Form : View::Yaml;
}

EditorDocument* MainWindow::currentDocument() const
{
    return m_currentDocument;
}

Workspace* MainWindow::workspace() const
{
    return m_workspace;
}

MainActions* MainWindow::mainActions() const
{
    return m_actions;
}

ScenarioFormEditor* MainWindow::formEditor() const
{
    return m_formEditor;
}

YamlEditor* MainWindow::yamlEditor() const
{
    return m_yamlEditor;
}

void MainWindow::recoverFiles()
{
    // The offer goes at once, so that it is taken once; the files follow when they are read.
    m_welcomePage->offerRecovery(0);
    statusBar()->showMessage(tr("Recovering the unsaved changes…"));
    m_recovery->readOrphans();
}

void MainWindow::addRecoveredFiles(const QList<RecoveredFile>& files)
{
    EditorDocument* first = nullptr;
    for (const RecoveredFile& file : files) {
        const QString name = file.displayName.isEmpty() ? tr("recovered.yaml") : file.displayName;
        EditorDocument* document = m_workspace->addUnsavedDocument(name, file.text, true);
        if (!file.originalPath.isEmpty()) {
            document->setRecoveredPath(file.originalPath);
        }
        first = first ? first : document;
    }
    // They now live in this session: its own recovery files take over, written before the crashed
    // session's are removed.
    m_recovery->saveNow();
    m_recovery->discardOrphans();
    statusBar()->clearMessage();
    if (first) {
        showScenario(first, 0);
        statusBar()->showMessage(tr("Recovered the unsaved changes: save them to keep them."), StatusMessageMs);
    }
}

void MainWindow::discardRecovery()
{
    m_recovery->discardOrphans();
    m_welcomePage->offerRecovery(0);
}

void MainWindow::saveRecoveryNow()
{
    m_recovery->saveNow();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_closing == Closing::Draining) {
        // Already stopping: the window closes when the run has (within RunDrainBound).
        statusBar()->showMessage(tr("Stopping the run: the window closes as soon as it has stopped."));
        event->ignore();
        return;
    }
    if (m_closing == Closing::No) {
        if (!askToSave(m_workspace->documents())) {
            event->ignore();
            return;
        }
        // A run under way is drained first, without blocking the event loop: its results.json
        // and run store row are written on the runner's thread, and finished closes again.
        if (m_runController->isBusy()) {
            m_closing = Closing::Draining;
            statusBar()->showMessage(tr("Stopping the run: the window closes as soon as it has stopped."));
            m_drainTimer.start();
            event->ignore();
            m_runLabel->setText(tr("Stopping the run…"));
            m_runController->stop();
            return;
        }
    }
    m_closing = Closing::No;
    saveLayout();
    m_recovery->clearSession();
    m_demoTarget->stop();
    event->accept();
}

void MainWindow::closeWhenDrained()
{
    m_drainTimer.stop();
    m_closing = Closing::Drained;
    // Queued: a runner may finish within cancel(), inside closeEvent, where close() does nothing.
    QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            openFile(url.toLocalFile());
        }
    }
}

void MainWindow::createCentralWidgets()
{
    m_centralStack = new QStackedWidget(this);
    m_centralStack->setObjectName(QStringLiteral("centralStackedWidget"));
    m_welcomePage = new WelcomePage(m_centralStack);
    m_welcomePage->setObjectName(QStringLiteral("welcomePage"));
    m_documentTabs = new QTabWidget(m_centralStack);
    m_documentTabs->setObjectName(QStringLiteral("documentTabWidget"));
    m_documentTabs->setDocumentMode(true);
    m_documentTabs->setTabsClosable(true);
    m_documentTabs->setMovable(false);
    m_editorStack = new QStackedWidget(m_documentTabs);
    m_editorStack->setObjectName(QStringLiteral("editorStackedWidget"));
    m_editorTabs = new QTabWidget(m_editorStack);
    m_editorTabs->setObjectName(QStringLiteral("editorTabWidget"));
    m_editorTabs->setDocumentMode(true);
    m_formEditor = new ScenarioFormEditor(m_editorTabs);
    m_formEditor->setObjectName(QStringLiteral("scenarioFormEditor"));
    m_yamlEditor = new YamlEditor(m_editorTabs);
    m_editorTabs->addTab(m_formEditor, AppIcons::icon(QStringLiteral("scenario")), tr("Form"));
    m_editorTabs->addTab(m_yamlEditor, AppIcons::icon(QStringLiteral("file-yaml")), tr("YAML"));
    m_editorTabs->setTabPosition(QTabWidget::South);
    m_editorStack->insertWidget(EditorPageIndex, m_editorTabs);
    m_editorStack->insertWidget(LoadingPageIndex, createLoadingPage());
    m_documentTabs->addTab(m_editorStack, AppIcons::icon(QStringLiteral("scenario")), tr("Editor"));
    // The editor's tab stays: it is where every run starts from.
    m_documentTabs->tabBar()->setTabButton(EditorDocumentTab, QTabBar::RightSide, nullptr);
    m_documentTabs->tabBar()->setTabButton(EditorDocumentTab, QTabBar::LeftSide, nullptr);
    m_centralStack->insertWidget(WelcomePageIndex, m_welcomePage);
    m_centralStack->insertWidget(DocumentsPageIndex, m_documentTabs);
    setCentralWidget(m_centralStack);

    connect(m_editorTabs, &QTabWidget::currentChanged, this, [this] { updateActions(); });
    connect(m_documentTabs, &QTabWidget::currentChanged, this, [this] { updateActions(); });
    connect(m_documentTabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeDocumentTab);
    connect(m_formEditor, &ScenarioFormEditor::showInYamlRequested, this, [this](int line) {
        showView(View::Yaml);
        m_yamlEditor->goToLine(line);
    });
    connect(m_yamlEditor, &QsciScintilla::cursorPositionChanged, this, [this](int line, int column) {
        m_cursorLabel->setText(tr("Line %1, column %2").arg(line + 1).arg(column + 1));
        yamlCursorMoved(line + 1);
    });
    connect(m_welcomePage, &WelcomePage::tryDemoRequested, this, &MainWindow::tryDemo);
    connect(m_welcomePage, &WelcomePage::openRequested, m_actions->open, &QAction::trigger);
    connect(m_welcomePage, &WelcomePage::newRequested, this, &MainWindow::newFile);
    connect(m_welcomePage, &WelcomePage::generateRequested, this, &MainWindow::showGenerateDialog);
    connect(m_welcomePage, &WelcomePage::recentFileRequested, this, &MainWindow::openFile);
    connect(m_welcomePage, &WelcomePage::recoverRequested, this, &MainWindow::recoverFiles);
    connect(m_welcomePage, &WelcomePage::discardRecoveryRequested, this, &MainWindow::discardRecovery);
}

// What the editor shows while its file is read: the file's name and a busy bar, nothing to type into.
QWidget* MainWindow::createLoadingPage()
{
    auto* page = new QWidget(m_editorStack);
    page->setObjectName(QStringLiteral("loadingPage"));
    m_loadingLabel = new QLabel(page);
    m_loadingLabel->setObjectName(QStringLiteral("loadingLabel"));
    m_loadingLabel->setAlignment(Qt::AlignCenter);
    m_loadingLabel->setWordWrap(true);
    auto* progress = new QProgressBar(page);
    progress->setObjectName(QStringLiteral("loadingProgressBar"));
    progress->setRange(0, 0);
    progress->setTextVisible(false);
    progress->setFixedWidth(LoadingBarWidth);
    progress->setAccessibleName(tr("Loading"));
    auto* layout = new QVBoxLayout(page);
    layout->addStretch();
    layout->addWidget(m_loadingLabel);
    layout->addWidget(progress, 0, Qt::AlignHCenter);
    layout->addStretch();
    return page;
}

void MainWindow::connectWorkspace()
{
    connect(m_workspace, &Workspace::documentClosing, this, [this](EditorDocument* document) {
        if (document == m_currentDocument) {
            setCurrentDocument(nullptr);
        }
    });
    connect(m_workspace, &Workspace::documentLoaded, this, [this](EditorDocument* document) {
        m_recentFiles->add(document->path());
        if (document == m_currentDocument) {
            setCurrentDocument(document); // from the loading page to the editor
        }
    });
    connect(m_workspace, &Workspace::openFailed, this, [this](const QString& path, const QString& error) {
        m_recentFiles->remove(path);
        if (!m_currentDocument) {
            showFirstDocument();
        }
        showError(tr("Cannot open the file"), error);
    });
    connect(m_workspace, &Workspace::documentSaved, this, [this](EditorDocument* document) {
        m_recentFiles->add(document->path());
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(document->path())), StatusMessageMs);
    });
    connect(m_workspace, &Workspace::saveFailed, this,
            [this](EditorDocument*, const QString& error) { showError(tr("Cannot save the file"), error); });
}

void MainWindow::showFirstDocument()
{
    if (!m_workspace->documents().isEmpty()) {
        showScenario(m_workspace->documents().constFirst(), 0);
    } else {
        showView(View::Welcome);
    }
    updateActions();
}

void MainWindow::createDocks()
{
    m_workspaceTree = new QTreeView(this);
    m_workspaceTree->setObjectName(QStringLiteral("workspaceTreeView"));
    m_workspaceTree->setAccessibleName(tr("Workspace"));
    m_workspaceTree->setModel(m_treeModel);
    m_workspaceTree->setHeaderHidden(true);
    m_workspaceTree->setUniformRowHeights(true);
    m_workspaceTree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_workspaceDock = new QDockWidget(tr("Workspace"), this);
    m_workspaceDock->setObjectName(QStringLiteral("workspaceDock"));
    m_workspaceDock->setWidget(m_workspaceTree);
    addDockWidget(Qt::LeftDockWidgetArea, m_workspaceDock);
    connect(m_workspaceTree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::treeCurrentChanged);
    connect(m_workspaceTree, &QTreeView::customContextMenuRequested, this, &MainWindow::showTreeMenu);
    // New scenarios and items show up expanded.
    connect(m_treeModel, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex& parent, int first, int last) {
                m_workspaceTree->expand(parent);
                for (int row = first; row <= last; ++row) {
                    m_workspaceTree->expand(m_treeModel->index(row, 0, parent));
                }
            });

    m_diagnosticsTable = new QTableView(this);
    m_diagnosticsTable->setObjectName(QStringLiteral("diagnosticsTableView"));
    m_diagnosticsTable->setAccessibleName(tr("Diagnostics"));
    m_diagnosticsTable->setModel(m_diagnosticsModel);
    m_diagnosticsTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_diagnosticsTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_diagnosticsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_diagnosticsTable->setShowGrid(false);
    m_diagnosticsTable->setWordWrap(false);
    m_diagnosticsTable->verticalHeader()->hide();
    m_diagnosticsTable->horizontalHeader()->setSectionResizeMode(DiagnosticsTableModel::MessageColumn,
                                                                 QHeaderView::Stretch);
    m_diagnosticsTable->horizontalHeader()->setSectionResizeMode(DiagnosticsTableModel::LocationColumn,
                                                                 QHeaderView::ResizeToContents);
    m_diagnosticsTable->horizontalHeader()->setSectionResizeMode(DiagnosticsTableModel::FixColumn,
                                                                 QHeaderView::ResizeToContents);
    m_diagnosticsDock = new QDockWidget(tr("Diagnostics"), this);
    m_diagnosticsDock->setObjectName(QStringLiteral("diagnosticsDock"));
    m_diagnosticsDock->setWidget(m_diagnosticsTable);
    addDockWidget(Qt::BottomDockWidgetArea, m_diagnosticsDock);
    connect(m_diagnosticsTable, &QTableView::clicked, this, &MainWindow::diagnosticClicked);
    connect(m_diagnosticsTable, &QTableView::activated, this, &MainWindow::diagnosticClicked);

    m_historyPanel
        = new HistoryPanel(m_options.storePath.isEmpty() ? RunStore::defaultPath() : m_options.storePath, this);
    m_historyPanel->setObjectName(QStringLiteral("historyPanel"));
    m_historyDock = new QDockWidget(tr("History"), this);
    m_historyDock->setObjectName(QStringLiteral("historyDock"));
    m_historyDock->setWidget(m_historyPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
    tabifyDockWidget(m_diagnosticsDock, m_historyDock);
    m_diagnosticsDock->raise();
    connect(m_historyPanel, &HistoryPanel::openRequested, this, &MainWindow::openStoredRun);
    connect(m_historyPanel, &HistoryPanel::compareRequested, this, &MainWindow::compareStoredRuns);
    resizeDocks({m_workspaceDock}, {280}, Qt::Horizontal);
    resizeDocks({m_diagnosticsDock}, {120}, Qt::Vertical);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addActions({m_actions->newFile, m_actions->open, m_actions->tryDemo});
    QMenu* recent = file->addMenu(tr("Open &Recent"));
    recent->setObjectName(QStringLiteral("recentFilesMenu"));
    m_recentFiles->attachMenu(recent);
    file->addSeparator();
    file->addActions({m_actions->save, m_actions->saveAs, m_actions->close});
    file->addSeparator();
    file->addActions({m_actions->generate, m_actions->exportReport, m_actions->exportK6});
    file->addSeparator();
    file->addActions({m_actions->settings, m_actions->quit});

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addActions({m_actions->undo, m_actions->redo});
    edit->addSeparator();
    edit->addActions({m_actions->addScenario, m_actions->removeScenario});
    edit->addSeparator();
    edit->addActions({m_actions->applyQuickFix, m_actions->nextDiagnostic, m_actions->previousDiagnostic});

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addActions({m_actions->showForm, m_actions->showYaml, m_actions->showWelcome});
    view->addSeparator();
    QAction* workspaceToggle = m_workspaceDock->toggleViewAction();
    workspaceToggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key_1));
    workspaceToggle->setStatusTip(tr("Show or hide the workspace"));
    QAction* diagnosticsToggle = m_diagnosticsDock->toggleViewAction();
    diagnosticsToggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key_2));
    diagnosticsToggle->setStatusTip(tr("Show or hide the diagnostics"));
    QAction* historyToggle = m_historyDock->toggleViewAction();
    historyToggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key_3));
    historyToggle->setStatusTip(tr("Show or hide the run history"));
    view->addActions({workspaceToggle, diagnosticsToggle, historyToggle});

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addActions({m_actions->run, m_actions->stop});
}

void MainWindow::createToolBar()
{
    QToolBar* toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addActions({m_actions->newFile, m_actions->open, m_actions->save});
    toolBar->addSeparator();
    toolBar->addActions({m_actions->undo, m_actions->redo});
    toolBar->addSeparator();
    toolBar->addAction(m_actions->generate);
    toolBar->addSeparator();
    toolBar->addActions({m_actions->run, m_actions->stop});
    QWidget* spacer = new QWidget(toolBar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolBar->addWidget(spacer);
    toolBar->addAction(m_actions->settings);
    // Screen readers name a tool button after this, not after the action's text with its mnemonic.
    for (QAction* action : toolBar->actions()) {
        if (QWidget* button = toolBar->widgetForAction(action); button && !action->text().isEmpty()) {
            button->setAccessibleName(QString(action->text()).remove(QLatin1Char('&')).remove(QStringLiteral("…")));
            button->setObjectName(action->objectName() + QStringLiteral("ToolButton"));
        }
    }
    m_runToolButton = toolBar->widgetForAction(m_actions->run);
}

void MainWindow::connectActions()
{
    connect(m_actions->newFile, &QAction::triggered, this, &MainWindow::newFile);
    connect(m_actions->open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a Scenario File"), {}, ScenarioFileFilter);
        if (!path.isEmpty()) {
            openFile(path);
        }
    });
    connect(m_actions->tryDemo, &QAction::triggered, this, &MainWindow::tryDemo);
    connect(m_actions->save, &QAction::triggered, this, [this] { save(m_currentDocument); });
    connect(m_actions->saveAs, &QAction::triggered, this, [this] {
        if (const QString path = askSavePath(m_currentDocument); !path.isEmpty()) {
            saveAs(m_currentDocument, path);
        }
    });
    connect(m_actions->close, &QAction::triggered, this, [this] { closeDocument(m_currentDocument); });
    connect(m_actions->generate, &QAction::triggered, this, &MainWindow::showGenerateDialog);
    connect(m_actions->exportReport, &QAction::triggered, this, &MainWindow::exportActiveReport);
    connect(m_actions->exportK6, &QAction::triggered, this, [this] {
        if (const QString path = askK6ScriptPath(); !path.isEmpty()) {
            exportToK6(path);
        }
    });
    connect(m_actions->settings, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_actions->quit, &QAction::triggered, this, &QMainWindow::close);
    connect(m_actions->addScenario, &QAction::triggered, this, [this] {
        m_currentDocument->appendScenario(Workspace::newScenario());
        m_currentDocument->ensureStructureCurrent();
        showScenario(m_currentDocument, static_cast<int>(m_currentDocument->structure().documents.size()) - 1);
        showView(View::Form);
    });
    connect(m_actions->removeScenario, &QAction::triggered, this, [this] {
        const int index = m_formEditor->scenarioIndex();
        m_currentDocument->removeScenario(index);
        m_currentDocument->ensureStructureCurrent();
        showScenario(m_currentDocument, std::max(0, index - 1));
    });
    connect(m_actions->applyQuickFix, &QAction::triggered, this, &MainWindow::applySelectedQuickFix);
    connect(m_actions->nextDiagnostic, &QAction::triggered, this, [this] { goToDiagnostic(1); });
    connect(m_actions->previousDiagnostic, &QAction::triggered, this, [this] { goToDiagnostic(-1); });
    connect(m_actions->showForm, &QAction::triggered, this, [this] { showView(View::Form); });
    connect(m_actions->showYaml, &QAction::triggered, this, [this] { showView(View::Yaml); });
    connect(m_actions->showWelcome, &QAction::triggered, this, [this] { showView(View::Welcome); });
    connect(m_actions->run, &QAction::triggered, this, &MainWindow::startRun);
    // Run is what the callout pointed at: once used, the pointing is done.
    connect(m_actions->run, &QAction::triggered, m_runCallout, &QWidget::hide);
    connect(m_actions->stop, &QAction::triggered, this, &MainWindow::stopRun);
    connect(m_recentFiles, &RecentFiles::fileRequested, this, &MainWindow::openFile);
    connect(m_recentFiles, &RecentFiles::changed, this,
            [this] { m_welcomePage->setRecentFiles(m_recentFiles->paths()); });
}

void MainWindow::connectRunner()
{
    ScenarioRunner* runner = m_options.makeRunner ? m_options.makeRunner(this) : new ScenarioRunnerImpl({}, this);
    m_runController = new RunControllerImpl(runner, this);
    connect(m_runController, &RunController::stateChanged, this, [this](RunController::State state) {
        if (state == RunController::State::Running) {
            m_runLabel->setText(tr("Running…"));
        } else if (state == RunController::State::Stopping) {
            m_runLabel->setText(tr("Stopping…"));
        }
        updateActions();
    });
    connect(m_runController, &RunController::warning, this,
            [this](const QString& message) { statusBar()->showMessage(message, StatusMessageMs); });
    connect(m_runController, &RunController::finished, this, [this](const RunResultPointer& result) {
        const LiveRun* run = m_runController->currentRun();
        const int testsRun = run ? run->testsRun() : 0;
        const int testsFailed = run ? run->testsFailed() : 0;
        const QString outcome = result->status == RunStatus::Interrupted
            ? tr("Run interrupted: %1").arg(result->error)
            : tr("Tests run: %1, Tests failed: %2%3")
                  .arg(testsRun)
                  .arg(testsFailed)
                  .arg(result->status == RunStatus::Cancelled ? tr(" (stopped)") : QString());
        m_runLabel->setText(outcome);
        updateActions();
        m_historyPanel->reload();
        if (m_closing == Closing::Draining) {
            closeWhenDrained();
        }
    });
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), LayoutVersion);
}

void MainWindow::setDocksHiddenForWelcome(bool hidden)
{
    if (hidden) {
        for (QDockWidget* dock : {m_workspaceDock, m_diagnosticsDock, m_historyDock}) {
            if (dock->isVisibleTo(this) && !m_docksHiddenForWelcome.contains(dock)) {
                m_docksHiddenForWelcome << dock;
                dock->hide();
            }
        }
        return;
    }
    for (QDockWidget* dock : std::as_const(m_docksHiddenForWelcome)) {
        dock->show();
    }
    m_docksHiddenForWelcome.clear();
}

void MainWindow::saveLayout()
{
    // The layout the user chose, not the welcome page's.
    setDocksHiddenForWelcome(false);
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState(LayoutVersion));
}

void MainWindow::setCurrentDocument(EditorDocument* document)
{
    if (m_currentDocument != document) {
        if (m_currentDocument) {
            disconnect(m_currentDocument, nullptr, this, nullptr);
        }
        m_currentDocument = document;
        m_yamlEditor->setDocument(document);
        m_undoGroup->setActiveStack(document ? document->undoStack() : nullptr);
        if (document) {
            connect(document, &EditorDocument::modifiedChanged, this, &MainWindow::updateTitle);
            connect(document, &EditorDocument::displayNameChanged, this, &MainWindow::updateTitle);
            connect(document, &EditorDocument::structureChanged, this, &MainWindow::updateDiagnostics);
            connect(document, &EditorDocument::structureChanged, this, &MainWindow::updateActions);
        } else {
            m_formEditor->setScenario(nullptr, -1);
        }
    }
    if (currentView() != View::Welcome) {
        showView(currentView()); // the loading page or the editor
    }
    m_historyPanel->setCurrentSource(!document                        ? QString()
                                         : document->path().isEmpty() ? document->displayName()
                                                                      : document->path());
    updateTitle();
    updateDiagnostics();
    updateActions();
}

void MainWindow::selectInTree(EditorDocument* document, int scenarioIndex, int itemIndex)
{
    const QModelIndex index = m_treeModel->indexOf(document, scenarioIndex, itemIndex);
    const QModelIndex target = index.isValid() ? index : m_treeModel->indexOf(document);
    if (target.isValid() && target != m_workspaceTree->currentIndex()) {
        m_selectingInTree = true;
        m_workspaceTree->setCurrentIndex(target);
        m_workspaceTree->scrollTo(target);
        m_selectingInTree = false;
    }
}

void MainWindow::treeCurrentChanged(const QModelIndex& current)
{
    if (m_selectingInTree || !current.isValid()) {
        return;
    }
    auto* document = current.data(WorkspaceTreeModel::DocumentRole).value<EditorDocument*>();
    showScenario(document, current.data(WorkspaceTreeModel::ScenarioIndexRole).toInt(),
                 current.data(WorkspaceTreeModel::ItemIndexRole).toInt());
}

// The form follows the scenario the text cursor is in.
void MainWindow::yamlCursorMoved(int line)
{
    if (!m_currentDocument || !m_currentDocument->isStructureCurrent()) {
        return;
    }
    const QList<ScenarioDocument>& scenarios = m_currentDocument->structure().documents;
    for (int index = 0; index < scenarios.size(); ++index) {
        const ScenarioDocument& scenario = scenarios.at(index);
        if (line >= scenario.location.line && line <= scenario.lastLine && index != m_formEditor->scenarioIndex()) {
            m_formEditor->setScenario(m_currentDocument, index);
            selectInTree(m_currentDocument, index, -1);
            return;
        }
    }
}

void MainWindow::updateTitle()
{
    if (!m_currentDocument) {
        setWindowTitle(QStringLiteral("Aftershock"));
        setWindowModified(false);
        return;
    }
    setWindowTitle(QStringLiteral("%1[*] — Aftershock").arg(m_currentDocument->displayName()));
    setWindowModified(m_currentDocument->isModified());
}

void MainWindow::updateActions()
{
    const bool hasDocument = m_currentDocument != nullptr;
    // A file still loading can be closed, not edited or saved.
    const bool editable = hasDocument && !m_currentDocument->isLoading();
    const bool running = m_runController && m_runController->isBusy();
    const bool hasScenarios = currentRunView() ? !currentRunView()->run()->scenarios().isEmpty()
                                               : editable && !m_currentDocument->structure().scenarios().isEmpty();
    for (QAction* action : {m_actions->close, m_actions->showForm, m_actions->showYaml}) {
        action->setEnabled(hasDocument);
    }
    for (QAction* action : {m_actions->save, m_actions->saveAs, m_actions->addScenario}) {
        action->setEnabled(editable);
    }
    m_actions->removeScenario->setEnabled(editable && m_currentDocument->structure().documents.size() > 1);
    m_actions->exportK6->setEnabled(editable && !m_currentDocument->structure().scenarios().isEmpty());
    const bool hasDiagnostics = m_diagnosticsModel->rowCount() > 0;
    m_actions->nextDiagnostic->setEnabled(hasDiagnostics);
    m_actions->previousDiagnostic->setEnabled(hasDiagnostics);
    m_actions->applyQuickFix->setEnabled(hasDiagnostics);
    m_actions->run->setEnabled(hasScenarios && !running);
    m_actions->stop->setEnabled(running);
    const QWidget* front
        = m_centralStack->currentIndex() == DocumentsPageIndex ? m_documentTabs->currentWidget() : nullptr;
    m_actions->exportReport->setEnabled(qobject_cast<const ReportView*>(front)
                                        || (currentRunView() && currentRunView()->run()->isFinished()));
    m_actions->showForm->setChecked(currentView() == View::Form);
    // The text cursor's place means something in the YAML view only.
    if (m_cursorLabel) {
        m_cursorLabel->setVisible(currentView() == View::Yaml);
    }
}

void MainWindow::updateDiagnostics()
{
    const Diagnostics diagnostics = m_currentDocument ? m_currentDocument->structure().diagnostics : Diagnostics{};
    m_diagnosticsModel->setDiagnostics(diagnostics);
    int errors = 0;
    int warnings = 0;
    int notes = 0;
    for (const Diagnostic& diagnostic : diagnostics) {
        errors += diagnostic.severity == Diagnostic::Severity::Error ? 1 : 0;
        warnings += diagnostic.severity == Diagnostic::Severity::Warning ? 1 : 0;
        notes += diagnostic.severity == Diagnostic::Severity::Info ? 1 : 0;
    }
    QStringList counts;
    if (errors > 0) {
        counts << (errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors));
    }
    if (warnings > 0) {
        counts << (warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings));
    }
    if (notes > 0) {
        counts << (notes == 1 ? tr("1 note") : tr("%1 notes").arg(notes));
    }
    m_diagnosticsDock->setWindowTitle(counts.isEmpty() ? tr("Diagnostics")
                                                       : tr("Diagnostics — %1").arg(counts.join(QStringLiteral(", "))));
}

void MainWindow::diagnosticClicked(const QModelIndex& index)
{
    if (!index.isValid() || !m_currentDocument) {
        return;
    }
    const Diagnostic diagnostic = m_diagnosticsModel->diagnostic(index.row());
    if (index.column() == DiagnosticsTableModel::FixColumn && diagnostic.fix) {
        m_currentDocument->applyQuickFix(*diagnostic.fix);
        statusBar()->showMessage(tr("Applied: %1").arg(diagnostic.fix->title), StatusMessageMs);
        return;
    }
    showView(View::Yaml);
    m_yamlEditor->goToLine(diagnostic.location.line, diagnostic.location.column);
}

void MainWindow::goToDiagnostic(int step)
{
    const int count = m_diagnosticsModel->rowCount();
    if (count == 0) {
        return;
    }
    const int current
        = m_diagnosticsTable->currentIndex().isValid() ? m_diagnosticsTable->currentIndex().row() : (step > 0 ? -1 : 0);
    const QModelIndex next = m_diagnosticsModel->index((current + step + count) % count, 0);
    m_diagnosticsTable->setCurrentIndex(next);
    diagnosticClicked(next);
}

void MainWindow::applySelectedQuickFix()
{
    if (!m_currentDocument) {
        return;
    }
    const QModelIndex selected = m_diagnosticsTable->currentIndex();
    if (selected.isValid() && m_diagnosticsModel->diagnostic(selected.row()).fix) {
        diagnosticClicked(selected.siblingAtColumn(DiagnosticsTableModel::FixColumn));
        return;
    }
    int line = 0;
    int column = 0;
    m_yamlEditor->getCursorPosition(&line, &column);
    for (const Diagnostic& diagnostic : m_yamlEditor->diagnosticsAtLine(line + 1)) {
        if (diagnostic.fix) {
            m_currentDocument->applyQuickFix(*diagnostic.fix);
            return;
        }
    }
    statusBar()->showMessage(tr("No quick fix here: select a problem that has one."), StatusMessageMs);
}

void MainWindow::showTreeMenu(const QPoint& position)
{
    const QModelIndex index = m_workspaceTree->indexAt(position);
    if (!index.isValid()) {
        return;
    }
    treeCurrentChanged(index);
    QMenu menu(this);
    menu.addActions({m_actions->save, m_actions->close});
    menu.addSeparator();
    const int scenarioIndex = index.data(WorkspaceTreeModel::ScenarioIndexRole).toInt();
    const int itemIndex = index.data(WorkspaceTreeModel::ItemIndexRole).toInt();
    const bool idle = !m_runController->isBusy();
    QAction* runFile
        = menu.addAction(AppIcons::icon(QStringLiteral("run")), tr("Run File"), [this] { runFromDocument(-1, -1); });
    runFile->setObjectName(QStringLiteral("runFileAction"));
    runFile->setEnabled(idle);
    if (scenarioIndex >= 0) {
        QAction* runScenario
            = menu.addAction(tr("Run Scenario"), [this, scenarioIndex] { runFromDocument(scenarioIndex, -1); });
        runScenario->setObjectName(QStringLiteral("runScenarioAction"));
        runScenario->setEnabled(idle);
    }
    if (scenarioIndex >= 0 && itemIndex >= 0) {
        QAction* runItem = menu.addAction(
            tr("Run Item"), [this, scenarioIndex, itemIndex] { runFromDocument(scenarioIndex, itemIndex); });
        runItem->setObjectName(QStringLiteral("runItemAction"));
        runItem->setEnabled(idle);
    }
    menu.addSeparator();
    menu.addActions({m_actions->addScenario, m_actions->removeScenario});
    menu.exec(m_workspaceTree->viewport()->mapToGlobal(position));
}

bool MainWindow::askToSave(const QList<EditorDocument*>& documents)
{
    // A save the user started before: once it is on disk, there is nothing left to ask about.
    if (!waitForSaves(documents)) {
        return false;
    }
    QList<EditorDocument*> modified;
    QStringList names;
    for (EditorDocument* document : documents) {
        if (document->isModified()) {
            modified << document;
            names << document->displayName();
        }
    }
    if (modified.isEmpty()) {
        return true;
    }
    QMessageBox question(QMessageBox::Warning, tr("Unsaved Changes"),
                         modified.size() == 1 ? tr("%1 has unsaved changes. Save them?").arg(names.constFirst())
                                              : tr("%1 files have unsaved changes. Save them?").arg(modified.size()),
                         QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    question.setObjectName(QStringLiteral("unsavedChangesMessageBox"));
    question.setInformativeText(names.join(QStringLiteral("\n")));
    question.setDefaultButton(QMessageBox::Save);
    switch (question.exec()) {
    case QMessageBox::Save:
        if (!std::all_of(modified.begin(), modified.end(),
                         [this](EditorDocument* document) { return save(document); })) {
            return false;
        }
        // A save that failed (its error was shown) leaves its document modified.
        return waitForSaves(modified)
            && std::none_of(modified.begin(), modified.end(),
                            [](const EditorDocument* document) { return document->isModified(); });
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

// Lets the saves under way finish: the event loop turns meanwhile (without the user's input),
// for SaveWaitMs at most. False when one is still under way.
bool MainWindow::waitForSaves(const QList<EditorDocument*>& documents)
{
    const auto saving = [&documents] {
        return std::any_of(documents.begin(), documents.end(),
                           [](const EditorDocument* document) { return document->isSaving(); });
    };
    if (saving()) {
        QEventLoop loop;
        const auto quitWhenDone = [&loop, &saving] {
            if (!saving()) {
                loop.quit();
            }
        };
        connect(m_workspace, &Workspace::documentSaved, &loop, quitWhenDone);
        connect(m_workspace, &Workspace::saveFailed, &loop, quitWhenDone);
        QTimer::singleShot(SaveWaitMs, &loop, &QEventLoop::quit);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    if (saving()) {
        showError(tr("Still saving"), tr("A file is still being saved. Try again once it is saved."));
        return false;
    }
    return true;
}

QString MainWindow::askSavePath(EditorDocument* document)
{
    if (!document) {
        return {};
    }
    const QString suggestion = document->path().isEmpty() ? document->displayName() : document->path();
    QString path = QFileDialog::getSaveFileName(this, tr("Save Scenario File"), suggestion, ScenarioFileFilter);
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty()) {
        path += QStringLiteral(".yaml");
    }
    return path;
}

QString MainWindow::askK6ScriptPath()
{
    if (!m_currentDocument) {
        return {};
    }
    const QString source
        = m_currentDocument->path().isEmpty() ? m_currentDocument->displayName() : m_currentDocument->path();
    const QFileInfo suggestion(source);
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export to k6"), suggestion.dir().filePath(suggestion.completeBaseName() + QStringLiteral(".js")),
        tr("k6 scripts (*.js);;All files (*)"));
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty()) {
        path += QStringLiteral(".js");
    }
    return path;
}

void MainWindow::exportToK6(const QString& path)
{
    if (!m_currentDocument || m_currentDocument->isLoading()) {
        return;
    }
    const bool modified = m_currentDocument->isModified();
    statusBar()->showMessage(tr("Exporting to %1…").arg(QDir::toNativeSeparators(path)));
    // The text as it is now, parsed and written on the file writer's thread.
    WorkerTask::run(
        FileWriterPool::instance(), this,
        [text = m_currentDocument->text(), source = m_currentDocument->path(), path] {
            const ScenarioFile file = ScenarioLoader::loadText(text.toUtf8(), source);
            K6ScriptWriter::Options options;
            options.scriptPath = path;
            const K6ScriptWriter::Result result = K6ScriptWriter::write(file, options);
            K6Export outcome;
            outcome.brokenLeftOut = file.hasErrors();
            outcome.scenarios = static_cast<int>(result.scenarioNames.size());
            if (!result.ok()) {
                QStringList messages;
                for (const Diagnostic& diagnostic : result.diagnostics) {
                    messages.append(diagnostic.toString());
                }
                outcome.error = messages.join(QLatin1Char('\n'));
            } else {
                writeFileAtomically(path, result.script, &outcome.error);
            }
            return outcome;
        },
        [this, path, modified](const K6Export& outcome) {
            if (!outcome.error.isEmpty()) {
                statusBar()->clearMessage();
                showError(tr("Cannot export to k6"), outcome.error);
                return;
            }
            const QString shownPath = QDir::toNativeSeparators(path);
            QString message = outcome.scenarios == 1
                ? tr("Exported 1 k6 scenario to %1").arg(shownPath)
                : tr("Exported %1 k6 scenarios to %2").arg(outcome.scenarios).arg(shownPath);
            if (outcome.brokenLeftOut) {
                message += tr("; scenarios with errors are left out");
            }
            if (modified) {
                // The proxy commands in the script read the file, not the editor.
                message += tr("; save the file for the script's proxy commands");
            }
            statusBar()->showMessage(message, StatusMessageMs);
        });
}

void MainWindow::showError(const QString& title, const QString& message)
{
    statusBar()->showMessage(message, StatusMessageMs);
    QMessageBox::critical(this, title, message);
}

RunView* MainWindow::currentRunView() const
{
    return m_centralStack->currentIndex() == DocumentsPageIndex
        ? qobject_cast<RunView*>(m_documentTabs->currentWidget())
        : nullptr;
}

QList<RunView*> MainWindow::runViews() const
{
    QList<RunView*> views;
    for (int tab = 0; tab < m_documentTabs->count(); ++tab) {
        if (auto* view = qobject_cast<RunView*>(m_documentTabs->widget(tab))) {
            views.append(view);
        }
    }
    return views;
}

void MainWindow::startRun()
{
    // A run's tab runs again what it ran; the editor runs its file.
    if (const RunView* view = currentRunView()) {
        runScenarios(view->run()->source(), view->run()->scenarios());
        return;
    }
    runFromDocument(-1, -1);
}

void MainWindow::runFromDocument(int scenarioIndex, int itemIndex)
{
    if (!m_currentDocument || m_currentDocument->isLoading()) {
        return;
    }
    m_currentDocument->ensureStructureCurrent();
    const ScenarioFile& file = m_currentDocument->structure();
    QList<Scenario> scenarios;
    if (scenarioIndex < 0) {
        if (file.hasErrors()) {
            statusBar()->showMessage(tr("Some scenarios have errors and are left out of the run."), StatusMessageMs);
        }
        scenarios = file.scenarios();
    } else if (scenarioIndex < file.documents.size()) {
        const ScenarioDocument& document = file.documents.at(scenarioIndex);
        if (!document.valid) {
            showError(tr("Cannot run the scenario"),
                      tr("'%1' has errors: fix them first (see Problems).").arg(document.scenario.title));
            return;
        }
        Scenario scenario = document.scenario;
        if (itemIndex >= 0 && itemIndex < scenario.items.size()) {
            scenario.items = {scenario.items.at(itemIndex)};
        }
        scenarios = {scenario};
    }
    if (scenarios.isEmpty()) {
        return;
    }
    runScenarios(m_currentDocument->path().isEmpty() ? m_currentDocument->displayName() : m_currentDocument->path(),
                 scenarios);
}

void MainWindow::runScenarios(const QString& source, const QList<Scenario>& scenarios)
{
    if (m_runController->isBusy()) {
        statusBar()->showMessage(tr("A run is already under way."), StatusMessageMs);
        return;
    }
    RunOptions options;
    options.source = source;
    options.storePath = m_options.storePath;
    // Milliseconds and UTC: two runs never share a folder, whatever the clocks do. The worker
    // makes the folder when it writes the file.
    const QDateTime startedAt = QDateTime::currentDateTimeUtc();
    const QString resultsPath
        = QStringLiteral("%1/%2/results.json")
              .arg(m_options.runsFolder, startedAt.toString(QStringLiteral("yyyy-MM-dd'T'HH-mm-ss-zzz'Z'")));
    options.resultsPath = resultsPath;
    auto* view = new RunView(new LiveRun(source, scenarios), m_documentTabs);
    view->setObjectName(QStringLiteral("runView"));
    addDocumentTab(
        view, AppIcons::icon(QStringLiteral("run")),
        tr("Run %1 %2").arg(QFileInfo(source).fileName(), startedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))),
        source);
    if (!m_runController->start(view->run(), options)) {
        statusBar()->showMessage(tr("The run could not start."), StatusMessageMs);
    } else {
        m_runLabel->setToolTip(tr("Results: %1").arg(QDir::toNativeSeparators(resultsPath)));
    }
    updateActions();
}

void MainWindow::stopRun()
{
    m_runController->stop();
}

void MainWindow::openStoredRun(const StoredRun& stored)
{
    statusBar()->showMessage(tr("Reading run %1…").arg(stored.id));
    WorkerTask::run(
        this, [path = stored.resultsPath] { return ResultsJsonReader::readFile(path); },
        [this, stored](const ResultsJsonReader::Outcome& outcome) {
            statusBar()->clearMessage();
            if (!outcome.run) {
                showError(tr("Cannot open the run"),
                          outcome.diagnostics.isEmpty() ? tr("%1 holds no run.").arg(stored.resultsPath)
                                                        : outcome.diagnostics.first().toString());
                return;
            }
            const auto result = std::make_shared<const RunResult>(*outcome.run);
            auto* view = new RunView(LiveRun::fromResult(stored.source, result), m_documentTabs);
            view->setObjectName(QStringLiteral("runView"));
            addDocumentTab(view, AppIcons::icon(QStringLiteral("run")),
                           tr("Run #%1 %2").arg(stored.id).arg(QFileInfo(stored.source).fileName()),
                           stored.resultsPath);
        });
}

void MainWindow::compareStoredRuns(const StoredRun& baseline, const StoredRun& current)
{
    statusBar()->showMessage(tr("Comparing run %1 with run %2…").arg(current.id).arg(baseline.id));
    struct Comparison
    {
        std::optional<ReportModel> model;
        QString error;
    };
    WorkerTask::run(
        this,
        [baseline, current] {
            Comparison comparison;
            const ResultsJsonReader::Outcome before = ResultsJsonReader::readFile(baseline.resultsPath);
            const ResultsJsonReader::Outcome after = ResultsJsonReader::readFile(current.resultsPath);
            for (const ResultsJsonReader::Outcome* outcome : {&before, &after}) {
                if (!outcome->run) {
                    comparison.error = outcome->diagnostics.isEmpty() ? QStringLiteral("a results file holds no run")
                                                                      : outcome->diagnostics.first().toString();
                    return comparison;
                }
            }
            comparison.model = ReportBuilder::build(*after.run, {.source = current.source, .baseline = &*before.run});
            return comparison;
        },
        [this, baseline, current](const Comparison& comparison) {
            statusBar()->clearMessage();
            if (!comparison.model) {
                showError(tr("Cannot compare the runs"), comparison.error);
                return;
            }
            auto* view = new ComparisonView(
                *comparison.model, tr("Run #%1 against run #%2 (the baseline)").arg(current.id).arg(baseline.id),
                m_documentTabs);
            view->setObjectName(QStringLiteral("comparisonView"));
            addDocumentTab(view, AppIcons::icon(QStringLiteral("duplicate")),
                           tr("#%1 vs #%2").arg(current.id).arg(baseline.id), current.source);
        });
}

void MainWindow::openReport(RunView* runView)
{
    const LiveRun* run = runView->run();
    if (!run->isFinished()) {
        return;
    }
    auto* view = new ReportView(run->result(), run->source(), m_documentTabs);
    view->setObjectName(QStringLiteral("reportView"));
    view->setAdvisor(new AdvisorImpl(view));
    addDocumentTab(
        view, AppIcons::icon(QStringLiteral("scenario")),
        tr("Report %1").arg(m_documentTabs->tabText(m_documentTabs->indexOf(runView)).section(QLatin1Char(' '), 1)),
        run->source());
}

void MainWindow::exportActiveReport()
{
    // A finished run's report opens first, so that the export is of what the user can read.
    if (RunView* runView = currentRunView(); runView && runView->run()->isFinished()) {
        openReport(runView);
    }
    if (auto* report = qobject_cast<ReportView*>(m_documentTabs->currentWidget())) {
        report->askAndExport();
    }
}

void MainWindow::addDocumentTab(QWidget* view, const QIcon& icon, const QString& title, const QString& toolTip)
{
    if (auto* runView = qobject_cast<RunView*>(view)) {
        connect(runView, &RunView::reportRequested, this, [this, runView] { openReport(runView); });
    }
    const int tab = m_documentTabs->addTab(view, icon, title);
    m_documentTabs->setTabToolTip(tab, QDir::toNativeSeparators(toolTip));
    if (m_centralStack->currentIndex() != DocumentsPageIndex) {
        m_centralStack->setCurrentIndex(DocumentsPageIndex);
        setDocksHiddenForWelcome(false);
    }
    m_documentTabs->setCurrentIndex(tab);
    updateActions();
}

void MainWindow::closeDocumentTab(int tab)
{
    QWidget* page = m_documentTabs->widget(tab);
    if (tab == EditorDocumentTab || !page) {
        return;
    }
    auto* view = qobject_cast<RunView*>(page);
    if (!view) {
        m_documentTabs->removeTab(tab);
        page->deleteLater();
        return;
    }
    // The run under way stops first; its view goes once it has, so nothing it measured is lost.
    if (m_runController->isBusy() && m_runController->currentRun() == view->run()) {
        connect(m_runController, &RunController::finished, view, &QObject::deleteLater, Qt::SingleShotConnection);
        m_runController->stop();
        m_documentTabs->removeTab(tab);
        return;
    }
    m_documentTabs->removeTab(tab);
    view->deleteLater();
}

void MainWindow::showGenerateDialog()
{
    GenerateFromOpenApiDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted) {
        addGeneratedScenarios(dialog.suggestedFileName(), dialog.scenarios());
    }
}

EditorDocument* MainWindow::addGeneratedScenarios(const QString& name, const QList<Scenario>& scenarios)
{
    EditorDocument* document
        = m_workspace->addUnsavedDocument(name, QString::fromUtf8(ScenarioWriter::toYaml(scenarios)), true);
    // A large API gives thousands of scenarios: parsed on the worker, the form fills when it is done.
    showScenario(document, 0);
    statusBar()->showMessage(tr("Generated %1 scenarios: save the file to keep them.").arg(scenarios.size()),
                             StatusMessageMs);
    return document;
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_keyStore, this);
    dialog.exec();
}
