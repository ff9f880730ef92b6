#pragma once

#include "scenario/Scenario.h"
#include "shell/MainWindow.h"

#include <QList>
#include <QMessageBox>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimer>
#include <QWidget>

class EditorDocument;

// What every GUI test needs: its own settings and recovery folder, a runner that runs nothing,
// and widgets found by object name.
namespace GuiTestSupport
{
// Gives the test settings of its own (cleared) and test-mode standard paths.
void isolateSettings(const QString& testName);

// A window that keeps its recovery files in folder, drives a FakeScenarioRunner, and starts the
// demo target on a free port.
MainWindowOptions windowOptions(const QTemporaryDir& folder);
MainWindowOptions windowOptions(const QString& folderPath);

// The descendant of parent named name, or nullptr (the caller checks).
template<typename Widget>
Widget* find(const QObject* parent, const QString& name)
{
    return parent->findChild<Widget*>(name);
}

// The descendant of parent named name; a test that names a widget the form lacks stops at once.
template<typename Widget>
Widget* require(const QObject* parent, const QString& name)
{
    Widget* found = find<Widget>(parent, name);
    if (!found) {
        qFatal("no widget named %s", qPrintable(name));
    }
    return found;
}

// Answers every modal message box with button while it lives, also those shown from a signal later.
class MessageBoxAnswerer
{
public:
    explicit MessageBoxAnswerer(QMessageBox::StandardButton button);
    const QStringList& texts() const
    {
        return m_texts;
    }

private:
    QTimer m_timer;
    QStringList m_texts;
};

// Replaces a line edit's text the way typing does, so that textEdited() is emitted.
void typeText(QWidget* lineEdit, const QString& text);

// Loads path and returns its scenarios, or an empty list (with the diagnostics printed).
QList<Scenario> loadScenarios(const QString& path);
} // namespace GuiTestSupport
