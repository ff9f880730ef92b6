#pragma once

#include <QMainWindow>

class QTreeWidget;

// For now: opens a scenario file and lists its scenarios.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    void openFile(const QString& path);

private:
    QTreeWidget* m_scenarioTree = nullptr;
};
