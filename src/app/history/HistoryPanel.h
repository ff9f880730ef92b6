#pragma once

#include "store/RunStore.h"

#include <memory>

#include <QFutureWatcher>
#include <QWidget>

class QSortFilterProxyModel;
class RunHistoryModel;

namespace Ui
{
class HistoryPanel;
}

// The run history: every run the store keeps, filterable by text and by the open file; open one,
// compare two, delete some. The store is read and written on a worker thread, never the GUI's.
class HistoryPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit HistoryPanel(QString storePath, QWidget* parent = nullptr);
    ~HistoryPanel() override;

    // Reads the store again (after a run, or on Refresh); loaded() when done.
    void reload();
    // The open file, for "Only the open file"; empty: none.
    void setCurrentSource(const QString& source);
    const RunHistoryModel* model() const
    {
        return m_model;
    }
    // The runs selected, in the order shown.
    QList<StoredRun> selectedRuns() const;
    void selectRuns(const QList<qint64>& runIds);

signals:
    void loaded();
    void openRequested(const StoredRun& run);
    // baseline: the older of the two.
    void compareRequested(const StoredRun& baseline, const StoredRun& current);

private:
    struct Reading
    {
        QList<StoredRun> runs;
        QString error;
    };

    void applyFilter();
    void updateButtons();
    void openSelected();
    void compareSelected();
    void deleteSelected();

    std::unique_ptr<Ui::HistoryPanel> m_ui;
    QString m_storePath;
    QString m_currentSource;
    RunHistoryModel* m_model;
    QSortFilterProxyModel* m_fileFilter;
    QSortFilterProxyModel* m_textFilter;
    QFutureWatcher<Reading> m_reading;
    bool m_reloadAgain = false;
};
