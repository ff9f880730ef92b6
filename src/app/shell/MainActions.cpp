#include "shell/MainActions.h"

#include "shell/AppIcons.h"

#include <QAction>
#include <QUndoGroup>

MainActions::MainActions(QUndoGroup* undoGroup, QObject* parent)
    : QObject(parent)
{
    newFile = make(QStringLiteral("newAction"), QStringLiteral("document-new"), tr("&New"), QKeySequence::New,
                   tr("Start a new scenario file"));
    open = make(QStringLiteral("openAction"), QStringLiteral("document-open"), tr("&Open…"), QKeySequence::Open,
                tr("Open a scenario file"));
    tryDemo = make(QStringLiteral("tryDemoAction"), QStringLiteral("welcome-demo"), tr("Try the &Demo"),
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D),
                   tr("Start the demo target on 127.0.0.1:9090 and open the demo scenarios"));
    save = make(QStringLiteral("saveAction"), QStringLiteral("document-save"), tr("&Save"), QKeySequence::Save,
                tr("Save the file"));
    saveAs = make(QStringLiteral("saveAsAction"), QStringLiteral("document-save-as"), tr("Save &As…"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), tr("Save the file under another name"));
    close = make(QStringLiteral("closeAction"), {}, tr("&Close"), QKeySequence(Qt::CTRL | Qt::Key_W),
                 tr("Close the file"));
    generate = make(QStringLiteral("generateAction"), QStringLiteral("generate"), tr("&Generate from OpenAPI…"),
                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), tr("Generate scenarios from an OpenAPI document"));
    exportReport = make(QStringLiteral("exportReportAction"), QStringLiteral("document-save-as"), tr("&Export Report…"),
                        QKeySequence(Qt::CTRL | Qt::Key_E),
                        tr("Export the report of the run or report in front: Markdown, HTML or PDF"));
    exportK6 = make(QStringLiteral("exportK6Action"), QStringLiteral("document-save-as"), tr("Export to &k6…"),
                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K),
                    tr("Write a k6 script that sends the file's calls at their load, for a distributed run"));
    settings = make(QStringLiteral("settingsAction"), QStringLiteral("settings"), tr("Se&ttings…"),
                    QKeySequence(Qt::CTRL | Qt::Key_Comma), tr("AI providers, API keys and the proxy"));
    settings->setMenuRole(QAction::PreferencesRole);
    quit = make(QStringLiteral("quitAction"), {}, tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q),
                tr("Quit Aftershock"));
    quit->setMenuRole(QAction::QuitRole);

    undo = undoGroup->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undoAction"));
    undo->setIcon(AppIcons::icon(QStringLiteral("edit-undo")));
    undo->setShortcut(QKeySequence::Undo);
    undo->setStatusTip(tr("Undo the last change, made in the form or in the YAML"));
    redo = undoGroup->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redoAction"));
    redo->setIcon(AppIcons::icon(QStringLiteral("edit-redo")));
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    redo->setStatusTip(tr("Redo the change undone last"));
    addScenario = make(QStringLiteral("addScenarioAction"), QStringLiteral("list-add"), tr("Add &Scenario"),
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), tr("Add a scenario to the file"));
    removeScenario
        = make(QStringLiteral("removeScenarioAction"), QStringLiteral("list-remove"), tr("&Remove Scenario"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete), tr("Remove the selected scenario from the file"));
    applyQuickFix
        = make(QStringLiteral("applyQuickFixAction"), QStringLiteral("quick-fix"), tr("Apply &Quick Fix"),
               QKeySequence(Qt::CTRL | Qt::Key_Period), tr("Apply the suggested fix of the selected problem"));
    nextDiagnostic = make(QStringLiteral("nextDiagnosticAction"), {}, tr("&Next Problem"), QKeySequence(Qt::Key_F8),
                          tr("Go to the next problem in the file"));
    previousDiagnostic = make(QStringLiteral("previousDiagnosticAction"), {}, tr("&Previous Problem"),
                              QKeySequence(Qt::SHIFT | Qt::Key_F8), tr("Go to the previous problem in the file"));

    showForm = make(QStringLiteral("showFormAction"), {}, tr("&Form"), QKeySequence(Qt::CTRL | Qt::Key_1),
                    tr("Edit the scenario point and click"));
    showYaml = make(QStringLiteral("showYamlAction"), {}, tr("&YAML"), QKeySequence(Qt::CTRL | Qt::Key_2),
                    tr("Edit the file's YAML"));
    showWelcome = make(QStringLiteral("showWelcomeAction"), {}, tr("&Welcome Page"), QKeySequence(Qt::CTRL | Qt::Key_0),
                       tr("Show the welcome page"));

    run = make(QStringLiteral("runAction"), QStringLiteral("run"), tr("&Run"), QKeySequence(Qt::Key_F5),
               tr("Run the file's scenarios through the fault-injecting proxy"));
    stop = make(QStringLiteral("stopAction"), QStringLiteral("stop"), tr("S&top"), QKeySequence(Qt::SHIFT | Qt::Key_F5),
                tr("Stop the run; what was measured is kept"));
}

QList<QAction*> MainActions::all() const
{
    return {newFile,
            open,
            tryDemo,
            save,
            saveAs,
            close,
            generate,
            exportReport,
            exportK6,
            settings,
            quit,
            undo,
            redo,
            addScenario,
            removeScenario,
            applyQuickFix,
            nextDiagnostic,
            previousDiagnostic,
            showForm,
            showYaml,
            showWelcome,
            run,
            stop};
}

QAction* MainActions::make(const QString& objectName, const QString& icon, const QString& text,
                           const QKeySequence& shortcut, const QString& tip)
{
    auto* action = new QAction(text, this);
    action->setObjectName(objectName);
    if (!icon.isEmpty()) {
        action->setIcon(AppIcons::icon(icon));
    }
    action->setShortcut(shortcut);
    action->setStatusTip(tip);
    action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
    return action;
}
