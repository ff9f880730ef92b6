#pragma once

#include "report/ReportChart.h"

#include <memory>
#include <utility>

#include <QFutureWatcher>
#include <QMap>
#include <QThreadPool>
#include <QTimer>
#include <QWidget>

class CallFilterModel;
class CallTableModel;
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
// hundreds of thousands of calls costs the GUI thread a few redraws a second; a finished item's
// charts (the report's, from every call) are made on a worker, the live ones shown meanwhile, and
// its calls table is filled when the Calls tab is first shown. While the run goes, the selection
// follows the running item until the user picks one.
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
    // Whether the charts show the shown item as it ended (its report charts), not live slices or
    // nothing while those are made; true for an item still running.
    bool chartsCurrent() const;
    // Shows the shown item's call in the inspector and selects its row (filters cleared if they
    // hide it), as clicking its dot does.
    void inspectCall(quint32 callIndex);

signals:
    // Redrawn: the charts and the panel show the run's state as of now (tests wait on it).
    void refreshed();
    // The user asked for the ended run's report.
    void reportRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct FinishedCharts
    {
        ReportChart latency;
        ReportChart rates;
    };

    void selectionChanged();
    // Starts making the report charts of the finished item shown, unless a worker is at it.
    void makeFinishedCharts();
    void showItem(int scenarioIndex, int itemIndex);
    void updateSummary();
    // The banner over the progress when a target refused every call made to it.
    void updateRefusedBanner();
    void tintRefusedBanner();
    // The calls table of the shown item once it has finished, its filters offering what it has.
    void showCalls();
    void fillFilters();
    void applyFilters();
    void callSelected();

    std::unique_ptr<Ui::RunView> m_ui;
    LiveRun* m_run;
    RunProgressModel* m_progressModel;
    SloTableModel* m_sloModel;
    CallTableModel* m_callModel;
    CallFilterModel* m_callFilter;
    std::pair<int, int> m_callsShown{-1, -1}; // the item whose calls the table holds
    QStringList m_refusedTargets; // those the banner names
    QTimer m_refreshTimer;
    quint64 m_drawnRevision = 0;
    std::pair<int, int> m_shown{-1, -1};
    QList<int> m_chartHeights;
    bool m_followRunning = true;
    bool m_selecting = false;
    // Finished items' charts, made once each: an item's result does not change once it has one.
    QMap<std::pair<int, int>, FinishedCharts> m_finishedCharts;
    std::pair<int, int> m_chartsMaking{-1, -1};
    QFutureWatcher<FinishedCharts> m_chartsWatcher;
    // Last, so that it is destroyed first and waits for its worker (which holds copies, not this).
    QThreadPool m_workers;
};
