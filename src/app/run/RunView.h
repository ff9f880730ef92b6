#pragma once

#include <memory>
#include <utility>

#include <QTimer>
#include <QWidget>

class LiveRun;
class RunProgressModel;
class SloTableModel;

namespace Ui
{
class RunView;
}

// One run as a document: each scenario's progress, and for the selected item live charts
// (latency percentiles with fault windows and SLO lines; errors and throughput) and its SLO panel.
// It redraws at most RefreshInterval often, and only when the run has moved, so that a run of
// hundreds of thousands of calls costs the GUI thread a few redraws a second. While the run goes,
// the selection follows the running item until the user picks one.
class RunView final : public QWidget
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds RefreshInterval{100};

    // Takes ownership of run.
    explicit RunView(LiveRun* run, QWidget* parent = nullptr);
    ~RunView() override;

    LiveRun* run() const
    {
        return m_run;
    }
    void selectItem(int scenarioIndex, int itemIndex);
    // The item the charts show: -1, -1 when none.
    std::pair<int, int> shownItem() const
    {
        return m_shown;
    }
    // Draws what the run holds now, without waiting for the timer.
    void refresh();

signals:
    // Redrawn: the charts and the panel show the run's state as of now (tests wait on it).
    void refreshed();

protected:
    void changeEvent(QEvent* event) override;

private:
    void selectionChanged();
    void showItem(int scenarioIndex, int itemIndex);
    void updateSummary();

    std::unique_ptr<Ui::RunView> m_ui;
    LiveRun* m_run;
    RunProgressModel* m_progressModel;
    SloTableModel* m_sloModel;
    QTimer m_refreshTimer;
    quint64 m_drawnRevision = 0;
    std::pair<int, int> m_shown{-1, -1};
    QList<int> m_chartHeights;
    bool m_followRunning = true;
    bool m_selecting = false;
};
