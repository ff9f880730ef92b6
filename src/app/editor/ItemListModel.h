#pragma once

#include "scenario/Scenario.h"

#include <QAbstractListModel>

// A scenario's items as a list the user reorders by drag and drop. The model does not move rows
// itself: it asks (moveRequested), the form edits the scenario, and the list is shown again.
class ItemListModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    using QAbstractListModel::QAbstractListModel;

    void setItems(const QList<Item>& items);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;
    // Asks for the move too, so keyboard commands and tests reorder the same way a drop does.
    bool moveRows(const QModelIndex& sourceParent, int sourceRow, int count, const QModelIndex& destinationParent,
                  int destinationChild) override;

signals:
    // Move the item at from so that it ends up before the item now at before (count: at the end).
    void moveRequested(int from, int before);

private:
    QList<Item> m_items;
};
