#include "history/RunHistoryModel.h"

#include "run/RunPalette.h"

#include <algorithm>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

RunHistoryModel::RunHistoryModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void RunHistoryModel::setRuns(QList<StoredRun> runs)
{
    std::sort(runs.begin(), runs.end(), [](const StoredRun& a, const StoredRun& b) {
        return a.startedAtMs != b.startedAtMs ? a.startedAtMs > b.startedAtMs : a.id > b.id;
    });
    beginResetModel();
    m_runs = std::move(runs);
    endResetModel();
}

const StoredRun* RunHistoryModel::runAt(int row) const
{
    return row >= 0 && row < m_runs.size() ? &m_runs.at(row) : nullptr;
}

int RunHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunHistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunHistoryModel::data(const QModelIndex& index, int role) const
{
    const StoredRun* run = runAt(index.row());
    if (!run) {
        return {};
    }
    if (role == SourceRole) {
        return run->source;
    }
    if (role == Qt::ToolTipRole) {
        return QDir::toNativeSeparators(run->source)
            + (run->error.isEmpty() ? QString() : QStringLiteral("\n") + run->error);
    }
    if (role == Qt::ForegroundRole && (index.column() == StatusColumn || index.column() == FailedColumn)
        && (run->testsFailed > 0 || run->status == QStringLiteral("interrupted"))) {
        return RunPalette::failureText();
    }
    if (role == Qt::TextAlignmentRole && index.column() >= DurationColumn) {
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case StartedColumn:
        return QDateTime::fromMSecsSinceEpoch(run->startedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case SourceColumn:
        return QFileInfo(run->source).fileName().isEmpty() ? run->source : QFileInfo(run->source).fileName();
    case TargetColumn:
        return run->targets.join(QStringLiteral(", "));
    case StatusColumn:
        if (run->status == QStringLiteral("completed")) {
            return run->testsFailed > 0 ? tr("✗ failed") : tr("✓ passed");
        }
        return run->status;
    case DurationColumn:
        return run->endedAtMs > run->startedAtMs
            ? tr("%1 s").arg(static_cast<double>(run->endedAtMs - run->startedAtMs) / 1000.0, 0, 'f', 1)
            : QStringLiteral("-");
    case TestsColumn:
        return run->testsRun;
    case FailedColumn:
        return run->testsFailed;
    case SeedColumn:
        return run->seed ? QString::number(*run->seed) : QString();
    default:
        return {};
    }
}

QVariant RunHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    const QStringList headers{tr("Started"),  tr("File"),  tr("Target"), tr("Result"),
                              tr("Duration"), tr("Tests"), tr("Failed"), tr("Seed")};
    return headers.value(section);
}
