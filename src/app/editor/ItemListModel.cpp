#include "editor/ItemListModel.h"

#include "shell/AppIcons.h"

#include <QMimeData>
#include <QUrl>

namespace
{
const QString RowMimeType = QStringLiteral("application/x-aftershock-item-row");
}

void ItemListModel::setItems(const QList<Item>& items)
{
    if (items == m_items) {
        return;
    }
    if (items.size() == m_items.size()) {
        m_items = items;
        emit dataChanged(index(0), index(static_cast<int>(items.size()) - 1));
        return;
    }
    beginResetModel();
    m_items = items;
    endResetModel();
}

int ItemListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

QVariant ItemListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid()) {
        return {};
    }
    const Item& item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        // The path tells calls of one API apart; the host is in the tool tip.
        const QUrl url(item.call.url);
        const QString shown
            = item.call.url.isEmpty() ? tr("(no URL)") : (url.host().isEmpty() ? item.call.url : url.path());
        return QStringLiteral("%1. %2 %3")
            .arg(index.row() + 1)
            .arg(item.call.method, shown.isEmpty() ? QStringLiteral("/") : shown);
    }
    case Qt::ToolTipRole:
        return tr("%1 %2\nDrag to reorder").arg(item.call.method, item.call.url);
    case Qt::DecorationRole:
        return AppIcons::icon(QStringLiteral("item"));
    default:
        return {};
    }
}

Qt::ItemFlags ItemListModel::flags(const QModelIndex& index) const
{
    // Drops go between rows, never onto one.
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled : Qt::ItemIsDropEnabled;
}

Qt::DropActions ItemListModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList ItemListModel::mimeTypes() const
{
    return {RowMimeType};
}

QMimeData* ItemListModel::mimeData(const QModelIndexList& indexes) const
{
    if (indexes.isEmpty()) {
        return nullptr;
    }
    auto* data = new QMimeData;
    data->setData(RowMimeType, QByteArray::number(indexes.first().row()));
    return data;
}

bool ItemListModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int, const QModelIndex& parent)
{
    if (action != Qt::MoveAction || !data->hasFormat(RowMimeType)) {
        return false;
    }
    bool ok = false;
    const int from = data->data(RowMimeType).toInt(&ok);
    if (!ok || from < 0 || from >= m_items.size()) {
        return false;
    }
    const int before = row >= 0 ? row : (parent.isValid() ? parent.row() : static_cast<int>(m_items.size()));
    emit moveRequested(from, before);
    // The view then asks to remove the dragged row; removeRows() is not implemented, so nothing more happens.
    return true;
}

bool ItemListModel::moveRows(const QModelIndex&, int sourceRow, int count, const QModelIndex&, int destinationChild)
{
    if (count != 1 || sourceRow < 0 || sourceRow >= m_items.size()) {
        return false;
    }
    emit moveRequested(sourceRow, destinationChild);
    return true;
}
