#pragma once

#include "report/ReportModel.h"
#include "runner/SteadyStateEvaluator.h"

#include <QAbstractTableModel>
#include <QList>

class LiveRun;

// The SLO panel of one item: each SLO and the expectation with its objective, the observed value
// as it moves, the margin, and the verdict in words and a mark (✓ holds, ✗ breached), worded as
// the report words them.
class SloTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ObjectiveColumn, ObservedColumn, MarginColumn, VerdictColumn, ColumnCount };

    explicit SloTableModel(QObject* parent = nullptr);

    // itemIndex -1 or a run without that item: an empty panel.
    void showItem(const LiveRun* run, int scenarioIndex, int itemIndex);
    const QList<ReportCheck>& checks() const
    {
        return m_checks;
    }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static void appendSteadyState(const SteadyStateResult& steadyState, QList<ReportCheck>& checks);

    QList<ReportCheck> m_checks;
    // Decided: the item has finished, or its verdict can no longer change; otherwise "so far".
    bool m_settled = false;
    bool m_hasCalls = false;
};
