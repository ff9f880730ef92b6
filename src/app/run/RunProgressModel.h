#pragma once

#include <QAbstractItemModel>
#include <QPointer>

class LiveRun;

// The run's scenarios, each with its items as children, as the CLI shows them: done/total, a mark
// a decided test, and the verdict once it has settled. Pass and fail are told in words and marks,
// not only in colour.
class RunProgressModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ProgressColumn, MarksColumn, ResultColumn, ColumnCount };

    explicit RunProgressModel(LiveRun* run, QObject* parent = nullptr);

    // Tells the views every row may have changed (called on the run view's refresh timer).
    void refresh();
    // -1, -1 for an invalid index; itemIndex -1 for a scenario's row.
    std::pair<int, int> itemAt(const QModelIndex& index) const;
    QModelIndex indexOf(int scenarioIndex, int itemIndex) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QPointer<LiveRun> m_run;
};
