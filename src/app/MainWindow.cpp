#include "MainWindow.h"

#include "scenario/ScenarioLoader.h"

#include <QFileDialog>
#include <QMenuBar>
#include <QTreeWidget>

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_scenarioTree(new QTreeWidget(this))
{
    setWindowTitle(QStringLiteral("Aftershock"));
    m_scenarioTree->setObjectName(QStringLiteral("scenarioTreeWidget"));
    m_scenarioTree->setHeaderLabels({QStringLiteral("Scenario")});
    setCentralWidget(m_scenarioTree);
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(tr("&Open…"), QKeySequence::Open, this, [this] {
        const QString path
            = QFileDialog::getOpenFileName(this, tr("Open a scenario"), {}, tr("Scenarios (*.yaml *.yml)"));
        if (!path.isEmpty()) {
            openFile(path);
        }
    });
    resize(900, 600);
}

void MainWindow::openFile(const QString& path)
{
    m_scenarioTree->clear();
    const ScenarioFile file = ScenarioLoader::loadFile(path);
    for (const Scenario& scenario : file.scenarios()) {
        new QTreeWidgetItem(m_scenarioTree, {scenario.title});
    }
}
