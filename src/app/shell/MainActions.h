#pragma once

#include <QObject>

class QAction;
class QUndoGroup;

// Every command of the main window, with its icon, shortcut, tool tip and status tip, made in one
// place so that menus, the toolbar and tests share them.
class MainActions final : public QObject
{
    Q_OBJECT

public:
    MainActions(QUndoGroup* undoGroup, QObject* parent);

    QAction* newFile;
    QAction* open;
    QAction* tryDemo;
    QAction* save;
    QAction* saveAs;
    QAction* close;
    QAction* generate;
    QAction* exportReport;
    QAction* exportK6;
    QAction* settings;
    QAction* quit;

    QAction* undo;
    QAction* redo;
    QAction* addScenario;
    QAction* removeScenario;
    QAction* applyQuickFix;
    QAction* nextDiagnostic;
    QAction* previousDiagnostic;

    QAction* showForm;
    QAction* showYaml;
    QAction* showWelcome;

    QAction* run;
    QAction* stop;

    // All of the above, for checks that each has a shortcut and a tip.
    QList<QAction*> all() const;

private:
    QAction* make(const QString& objectName, const QString& icon, const QString& text, const QKeySequence& shortcut,
                  const QString& tip);
};
