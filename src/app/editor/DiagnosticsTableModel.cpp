#include "editor/DiagnosticsTableModel.h"

#include "shell/AppIcons.h"

#include <algorithm>

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

void DiagnosticsTableModel::setDiagnostics(const Diagnostics& diagnostics)
{
    Diagnostics sorted = diagnostics;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.severity < b.severity; });
    if (sorted == m_diagnostics) {
        return;
    }
    beginResetModel();
    m_diagnostics = sorted;
    endResetModel();
}

const Diagnostic& DiagnosticsTableModel::diagnostic(int row) const
{
    return m_diagnostics.at(row);
}

int DiagnosticsTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_diagnostics.size());
}

int DiagnosticsTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiagnosticsTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid()) {
        return {};
    }
    const Diagnostic& diagnostic = m_diagnostics.at(index.row());
    switch (index.column()) {
    case MessageColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
            return diagnostic.message;
        }
        if (role == Qt::DecorationRole) {
            return AppIcons::severityIcon(diagnostic.severity);
        }
        if (role == Qt::AccessibleTextRole) {
            return QStringLiteral("%1: %2").arg(toString(diagnostic.severity), diagnostic.message);
        }
        break;
    case LocationColumn:
        if (role == Qt::DisplayRole) {
            return diagnostic.location.column > 0
                ? tr("line %1, column %2").arg(diagnostic.location.line).arg(diagnostic.location.column)
                : tr("line %1").arg(diagnostic.location.line);
        }
        break;
    case FixColumn:
        if (!diagnostic.fix) {
            break;
        }
        if (role == Qt::DisplayRole) {
            return diagnostic.fix->title;
        }
        if (role == Qt::ToolTipRole) {
            return tr("Click to apply this fix");
        }
        if (role == Qt::DecorationRole) {
            return AppIcons::icon(QStringLiteral("quick-fix"));
        }
        // Looks like a link, in the palette's own link colour, because a click applies it.
        if (role == Qt::ForegroundRole) {
            return QGuiApplication::palette().brush(QPalette::Link);
        }
        if (role == Qt::FontRole) {
            QFont font;
            font.setUnderline(true);
            return font;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant DiagnosticsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case MessageColumn:
        return tr("Problem");
    case LocationColumn:
        return tr("Location");
    case FixColumn:
        return tr("Quick fix");
    default:
        return {};
    }
}
