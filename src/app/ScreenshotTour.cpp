#include "ScreenshotTour.h"

#include "EditorDocument.h"
#include "GenerateFromOpenApiDialog.h"
#include "MainWindow.h"
#include "ScenarioFormEditor.h"
#include "SettingsDialog.h"
#include "YamlEditor.h"
#include "advisor/ApiKeyStore.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QWidget>

namespace
{
constexpr int SettleMs = 300;
const QSize WindowSize(1440, 900);

// Lets layouts, timers and queued signals run, as they would between two user actions.
void settle()
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < SettleMs) {
        QApplication::processEvents(QEventLoop::AllEvents, SettleMs);
    }
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

    EditorDocument* document = m_files.isEmpty() ? m_window->openDemo() : m_window->openFile(m_files.first());
    if (!document) {
        *error = QStringLiteral("cannot open %1").arg(m_files.value(0, QStringLiteral("the demo")));
        return m_written;
    }
    document->ensureStructureCurrent();
    m_window->showScenario(document, richestScenario(*document), 0);
    m_window->showView(MainWindow::View::Form);
    m_window->formEditor()->showTab(ScenarioFormEditor::CallTab);
    settle();
    if (!grab(QStringLiteral("form"), error)) {
        return m_written;
    }
    const QList<QPair<ScenarioFormEditor::Tab, QString>> tabs{
        {ScenarioFormEditor::FaultsTab, QStringLiteral("fault-timeline")},
        {ScenarioFormEditor::StrategyTab, QStringLiteral("strategy")},
        {ScenarioFormEditor::ChecksTab, QStringLiteral("checks")}};
    for (const auto& [tab, name] : tabs) {
        m_window->formEditor()->showTab(tab);
        settle();
        if (!grab(name, error)) {
            return m_written;
        }
    }

    if (m_files.size() > 1) {
        document = m_window->openFile(m_files.at(1));
        if (!document) {
            *error = QStringLiteral("cannot open %1").arg(m_files.at(1));
            return m_written;
        }
        document->ensureStructureCurrent();
        m_window->showScenario(document, 0);
    }
    m_window->showView(MainWindow::View::Yaml);
    const Diagnostics& diagnostics = document->structure().diagnostics;
    m_window->yamlEditor()->goToLine(diagnostics.isEmpty() ? 1 : diagnostics.constFirst().location.line);
    settle();
    if (!grab(QStringLiteral("yaml-diagnostics"), error)) {
        return m_written;
    }

    // A keychain service of its own: the pictures never show (even masked) a key the user stored.
    ApiKeyStore keyStore(QStringLiteral("AftershockScreenshots"));
    SettingsDialog settings(&keyStore, m_window);
    settings.show();
    settle();
    if (!grab(&settings, QStringLiteral("settings"), error)) {
        return m_written;
    }
    settings.close();

    GenerateFromOpenApiDialog generate(m_window);
    generate.show();
    settle();
    grab(&generate, QStringLiteral("generate"), error);
    return m_written;
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
