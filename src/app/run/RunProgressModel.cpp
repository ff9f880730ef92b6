#include "run/RunProgressModel.h"

#include "run/LiveRun.h"
#include "run/RunPalette.h"
#include "shell/AppIcons.h"

namespace
{
// Items are children of their scenario: their internal id is the scenario's row + 1.
constexpr quintptr ScenarioRow = 0;

QString describe(LiveRun::State state)
{
    switch (state) {
    case LiveRun::State::Waiting:
        return QObject::tr("waiting");
    case LiveRun::State::Running:
        return QObject::tr("running");
    case LiveRun::State::Passed:
        return QObject::tr("✓ passed");
    case LiveRun::State::Failed:
        return QObject::tr("✗ failed");
    case LiveRun::State::Cancelled:
        return QObject::tr("stopped");
    }
    return {};
}

QString itemName(const LiveRun::ItemState& item, int itemIndex)
{
    return QStringLiteral("%1. %2 %3").arg(itemIndex + 1).arg(item.definition.call.method, item.definition.call.url);
}
} // namespace

RunProgressModel::RunProgressModel(LiveRun* run, QObject* parent)
    : QAbstractItemModel(parent)
    , m_run(run)
{ }

void RunProgressModel::refresh()
{
    if (!m_run || m_run->scenarioStates().isEmpty()) {
        return;
    }
    const auto last = static_cast<int>(m_run->scenarioStates().size()) - 1;
    emit dataChanged(index(0, 0), index(last, ColumnCount - 1));
    for (int row = 0; row <= last; ++row) {
        const int items = rowCount(index(row, 0));
        if (items > 0) {
            emit dataChanged(index(0, 0, index(row, 0)), index(items - 1, ColumnCount - 1, index(row, 0)));
        }
    }
}

std::pair<int, int> RunProgressModel::itemAt(const QModelIndex& index) const
{
    if (!index.isValid()) {
        return {-1, -1};
    }
    if (index.internalId() == ScenarioRow) {
        return {index.row(), -1};
    }
    return {static_cast<int>(index.internalId() - 1), index.row()};
}

QModelIndex RunProgressModel::indexOf(int scenarioIndex, int itemIndex) const
{
    const QModelIndex scenario = index(scenarioIndex, 0);
    return itemIndex < 0 ? scenario : index(itemIndex, 0, scenario);
}

QModelIndex RunProgressModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent)) {
        return {};
    }
    return createIndex(row, column, parent.isValid() ? static_cast<quintptr>(parent.row()) + 1 : ScenarioRow);
}

QModelIndex RunProgressModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == ScenarioRow) {
        return {};
    }
    return createIndex(static_cast<int>(child.internalId() - 1), 0, ScenarioRow);
}

int RunProgressModel::rowCount(const QModelIndex& parent) const
{
    if (!m_run || parent.column() > 0) {
        return 0;
    }
    if (!parent.isValid()) {
        return static_cast<int>(m_run->scenarioStates().size());
    }
    if (parent.internalId() != ScenarioRow) {
        return 0;
    }
    return static_cast<int>(m_run->scenarioStates().at(parent.row()).items.size());
}

int RunProgressModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant RunProgressModel::data(const QModelIndex& index, int role) const
{
    if (!m_run || !index.isValid()) {
        return {};
    }
    const auto [scenarioIndex, itemIndex] = itemAt(index);
    const LiveRun::ScenarioState& scenario = m_run->scenarioStates().at(scenarioIndex);
    const LiveRun::ItemState* item = itemIndex >= 0 ? m_run->item(scenarioIndex, itemIndex) : nullptr;
    const LiveRun::State state = item ? item->state : scenario.state;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return item ? itemName(*item, itemIndex) : scenario.title;
        case ProgressColumn:
            if (item) {
                return item->load && item->state == LiveRun::State::Running
                    ? tr("%1 calls, %2 of %3 s")
                          .arg(item->callsDone)
                          .arg(item->elapsedMs / 1000)
                          .arg(item->plannedDurationMs / 1000)
                    : tr("%1/%2 calls").arg(item->callsDone).arg(item->plannedCalls);
            }
            return tr("%1/%2").arg(scenario.marks.size()).arg(scenario.plannedTests);
        case MarksColumn:
            return item ? QString() : scenario.marks;
        case ResultColumn:
            return describe(state);
        default:
            return {};
        }
    }
    if (role == Qt::DecorationRole && index.column() == ResultColumn) {
        switch (state) {
        case LiveRun::State::Passed:
            return AppIcons::icon(QStringLiteral("status-good"));
        case LiveRun::State::Failed:
            return AppIcons::icon(QStringLiteral("diagnostic-error"));
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && (index.column() == ResultColumn || index.column() == MarksColumn)) {
        if (state == LiveRun::State::Failed) {
            return RunPalette::failureText();
        }
    }
    if (role == Qt::ToolTipRole && index.column() == NameColumn) {
        return item ? item->definition.call.url : scenario.title;
    }
    if (role == Qt::ToolTipRole && index.column() == ResultColumn && item) {
        return tr("%1 of %2 tests failed").arg(item->testsFailed).arg(item->testsFailed + item->testsPassed);
    }
    return {};
}

QVariant RunProgressModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    const QStringList headers{tr("Scenario"), tr("Progress"), tr("Tests"), tr("Result")};
    return headers.value(section);
}
