#pragma once

#include "scenario/Diagnostic.h"

#include <QAbstractTableModel>

// The diagnostics of the file being edited, one a row: errors first, then warnings, then notes,
// each in the order of their lines, so that what stops a run is what the panel shows.
class DiagnosticsTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { MessageColumn, LocationColumn, FixColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setDiagnostics(const Diagnostics& diagnostics);
    const Diagnostic& diagnostic(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Diagnostics m_diagnostics;
};
