#include "GuiTestSupport.h"

#include "FakeScenarioRunner.h"
#include "scenario/ScenarioLoader.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

namespace GuiTestSupport
{
MessageBoxAnswerer::MessageBoxAnswerer(QMessageBox::StandardButton button)
{
    m_timer.setInterval(10);
    QObject::connect(&m_timer, &QTimer::timeout, [button, this] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            m_texts << box->text();
            box->button(button)->click();
        }
    });
    m_timer.start();
}

void isolateSettings(const QString& testName)
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("AftershockTests"));
    QApplication::setApplicationName(testName);
    QSettings().clear();
}

MainWindowOptions windowOptions(const QTemporaryDir& folder)
{
    return windowOptions(folder.path());
}

MainWindowOptions windowOptions(const QString& folderPath)
{
    const QDir folder(folderPath);
    MainWindowOptions options;
    options.recoveryFolder = folder.filePath(QStringLiteral("recovery"));
    options.makeRunner = [](QObject* parent) {
        return new FakeScenarioRunner(parent);
    };
    options.keychainService = QStringLiteral("AftershockGuiTests");
    options.runsFolder = folder.filePath(QStringLiteral("runs"));
    options.storePath = folder.filePath(QStringLiteral("runs.sqlite"));
    // Try the demo on a free port, never the 9090 a developer's own demo target may hold.
    options.demoTarget.port = 0;
    options.demoTarget.databasePath = folder.filePath(QStringLiteral("demo-target.db"));
    return options;
}

void typeText(QWidget* lineEdit, const QString& text)
{
    lineEdit->setFocus();
    static_cast<QLineEdit*>(lineEdit)->selectAll();
    QTest::keyClick(lineEdit, Qt::Key_Delete);
    QTest::keyClicks(lineEdit, text);
}

QList<Scenario> loadScenarios(const QString& path)
{
    const ScenarioFile file = ScenarioLoader::loadFile(path);
    for (const Diagnostic& diagnostic : file.diagnostics) {
        if (diagnostic.severity == Diagnostic::Severity::Error) {
            qWarning().noquote() << diagnostic.toString();
        }
    }
    return file.scenarios();
}
} // namespace GuiTestSupport
