#pragma once

#include "store/RunStore.h"

#include <QAbstractTableModel>
#include <QList>

// The runs kept in the run store, newest first: when, which file, how it ended, how long, the
// tests run and failed, and the seed to replay it with.
class RunHistoryModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        StartedColumn,
        SourceColumn,
        TargetColumn,
        StatusColumn,
        DurationColumn,
        TestsColumn,
        FailedColumn,
        SeedColumn,
        ColumnCount
    };
    // The run's source, for filtering by file.
    static constexpr int SourceRole = Qt::UserRole + 1;

    explicit RunHistoryModel(QObject* parent = nullptr);

    void setRuns(QList<StoredRun> runs);
    const QList<StoredRun>& runs() const
    {
        return m_runs;
    }
    const StoredRun* runAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<StoredRun> m_runs;
};
