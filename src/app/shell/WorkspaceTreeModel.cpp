#include "shell/WorkspaceTreeModel.h"

#include "editor/EditorDocument.h"
#include "shell/AppIcons.h"
#include "shell/Workspace.h"

#include <QDir>

WorkspaceTreeModel::WorkspaceTreeModel(Workspace* workspace, QObject* parent)
    : QAbstractItemModel(parent)
{
    for (EditorDocument* document : workspace->documents()) {
        addDocument(document);
    }
    connect(workspace, &Workspace::documentAdded, this, &WorkspaceTreeModel::addDocument);
    connect(workspace, &Workspace::documentClosing, this, &WorkspaceTreeModel::removeDocument);
}

WorkspaceTreeModel::~WorkspaceTreeModel() = default;

QModelIndex WorkspaceTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    const Node* parentNode = nodeOf(parent);
    if (column != 0 || row < 0 || row >= static_cast<int>(parentNode->children.size())) {
        return {};
    }
    return createIndex(row, column, parentNode->children.at(static_cast<std::size_t>(row)).get());
}

QModelIndex WorkspaceTreeModel::parent(const QModelIndex& child) const
{
    const Node* node = nodeOf(child);
    if (node == &m_root || node->parent == &m_root) {
        return {};
    }
    return createIndex(rowOf(node->parent), 0, node->parent);
}

int WorkspaceTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0) {
        return 0;
    }
    return static_cast<int>(nodeOf(parent)->children.size());
}

int WorkspaceTreeModel::columnCount(const QModelIndex&) const
{
    return 1;
}

QVariant WorkspaceTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid()) {
        return {};
    }
    const Node* node = nodeOf(index);
    const bool isFile = node->parent == &m_root;
    const bool isScenario = !isFile && node->parent->parent == &m_root;
    const int scenarioIndex = isFile ? -1 : (isScenario ? index.row() : rowOf(node->parent));
    const int itemIndex = isFile || isScenario ? -1 : index.row();
    switch (role) {
    case DocumentRole:
        return QVariant::fromValue(node->document);
    case ScenarioIndexRole:
        return scenarioIndex;
    case ItemIndexRole:
        return itemIndex;
    default:
        break;
    }
    if (isFile) {
        return fileData(node->document, role);
    }
    if (isScenario) {
        return scenarioData(node->document, scenarioIndex, role);
    }
    return itemData(node->document, scenarioIndex, itemIndex, role);
}

QModelIndex WorkspaceTreeModel::indexOf(const EditorDocument* document, int scenarioIndex, int itemIndex) const
{
    for (std::size_t row = 0; row < m_root.children.size(); ++row) {
        if (m_root.children.at(row)->document != document) {
            continue;
        }
        QModelIndex result = index(static_cast<int>(row), 0);
        if (scenarioIndex >= 0) {
            result = index(scenarioIndex, 0, result);
            if (itemIndex >= 0) {
                result = index(itemIndex, 0, result);
            }
        }
        return result;
    }
    return {};
}

void WorkspaceTreeModel::addDocument(EditorDocument* document)
{
    const int row = static_cast<int>(m_root.children.size());
    beginInsertRows({}, row, row);
    auto node = std::make_unique<Node>();
    node->parent = &m_root;
    node->document = document;
    m_root.children.push_back(std::move(node));
    endInsertRows();
    connect(document, &EditorDocument::structureChanged, this, [this, document] { syncStructure(document); });
    const auto refreshFile = [this, document] {
        const QModelIndex file = indexOf(document);
        emit dataChanged(file, file);
    };
    connect(document, &EditorDocument::modifiedChanged, this, refreshFile);
    connect(document, &EditorDocument::displayNameChanged, this, refreshFile);
    connect(document, &EditorDocument::loaded, this, refreshFile);
    syncStructure(document);
}

void WorkspaceTreeModel::removeDocument(EditorDocument* document)
{
    const QModelIndex file = indexOf(document);
    if (!file.isValid()) {
        return;
    }
    disconnect(document, nullptr, this, nullptr);
    beginRemoveRows({}, file.row(), file.row());
    m_root.children.erase(m_root.children.begin() + file.row());
    endRemoveRows();
}

void WorkspaceTreeModel::syncStructure(EditorDocument* document)
{
    const QModelIndex file = indexOf(document);
    if (!file.isValid()) {
        return;
    }
    Node* fileNode = nodeOf(file);
    const QList<ScenarioDocument>& scenarios = document->structure().documents;
    resizeChildren(fileNode, file, static_cast<int>(scenarios.size()));
    for (int row = 0; row < scenarios.size(); ++row) {
        const QModelIndex scenario = index(row, 0, file);
        resizeChildren(nodeOf(scenario), scenario, static_cast<int>(scenarios.at(row).scenario.items.size()));
        if (const int items = rowCount(scenario); items > 0) {
            emit dataChanged(index(0, 0, scenario), index(items - 1, 0, scenario));
        }
    }
    if (!scenarios.isEmpty()) {
        emit dataChanged(index(0, 0, file), index(static_cast<int>(scenarios.size()) - 1, 0, file));
    }
    emit dataChanged(file, file);
}

void WorkspaceTreeModel::resizeChildren(Node* node, const QModelIndex& nodeIndex, int count)
{
    const int current = static_cast<int>(node->children.size());
    if (count > current) {
        beginInsertRows(nodeIndex, current, count - 1);
        for (int row = current; row < count; ++row) {
            auto child = std::make_unique<Node>();
            child->parent = node;
            child->document = node->document;
            node->children.push_back(std::move(child));
        }
        endInsertRows();
    } else if (count < current) {
        beginRemoveRows(nodeIndex, count, current - 1);
        node->children.resize(static_cast<std::size_t>(count));
        endRemoveRows();
    }
}

WorkspaceTreeModel::Node* WorkspaceTreeModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : const_cast<Node*>(&m_root);
}

int WorkspaceTreeModel::rowOf(const Node* node) const
{
    const auto& siblings = node->parent->children;
    for (std::size_t row = 0; row < siblings.size(); ++row) {
        if (siblings.at(row).get() == node) {
            return static_cast<int>(row);
        }
    }
    return -1;
}

QVariant WorkspaceTreeModel::fileData(const EditorDocument* document, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        if (document->isLoading()) {
            return tr("%1 (loading…)").arg(document->displayName());
        }
        return document->isModified() ? document->displayName() + QStringLiteral(" *") : document->displayName();
    case Qt::ToolTipRole:
        return document->path().isEmpty() ? tr("Not saved yet") : QDir::toNativeSeparators(document->path());
    case Qt::DecorationRole:
        return AppIcons::icon(QStringLiteral("file-yaml"));
    case Qt::AccessibleDescriptionRole:
        if (document->isLoading()) {
            return tr("Scenario file, loading");
        }
        return document->isModified() ? tr("Scenario file, modified") : tr("Scenario file");
    default:
        return {};
    }
}

QVariant WorkspaceTreeModel::scenarioData(const EditorDocument* document, int scenarioIndex, int role) const
{
    const QList<ScenarioDocument>& scenarios = document->structure().documents;
    if (scenarioIndex >= scenarios.size()) {
        return {};
    }
    const ScenarioDocument& scenario = scenarios.at(scenarioIndex);
    switch (role) {
    case Qt::DisplayRole:
        return scenario.scenario.title.isEmpty() ? tr("Scenario %1 (no title)").arg(scenarioIndex + 1)
                                                 : scenario.scenario.title;
    case Qt::ToolTipRole:
        return scenario.valid ? scenario.scenario.description.value_or(QString())
                              : tr("This scenario has errors: see the Diagnostics panel");
    case Qt::DecorationRole:
        return scenario.valid ? AppIcons::icon(QStringLiteral("scenario"))
                              : AppIcons::severityIcon(Diagnostic::Severity::Error);
    case Qt::AccessibleDescriptionRole:
        return scenario.valid ? tr("Scenario") : tr("Scenario with errors");
    default:
        return {};
    }
}

QVariant WorkspaceTreeModel::itemData(const EditorDocument* document, int scenarioIndex, int itemIndex, int role) const
{
    const QList<ScenarioDocument>& scenarios = document->structure().documents;
    if (scenarioIndex >= scenarios.size() || itemIndex >= scenarios.at(scenarioIndex).scenario.items.size()) {
        return {};
    }
    const Item& item = scenarios.at(scenarioIndex).scenario.items.at(itemIndex);
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 %2").arg(item.call.method, item.call.url);
    case Qt::ToolTipRole: {
        QStringList faults;
        if (item.context) {
            for (const Fault& fault : item.context->faults) {
                faults << toString(fault.type());
            }
        }
        const QString strategy = item.context && item.context->strategy ? strategyModeName(*item.context->strategy)
                                                                        : QStringLiteral("single");
        return faults.isEmpty() ? tr("Strategy: %1; no faults").arg(strategy)
                                : tr("Strategy: %1; faults: %2").arg(strategy, faults.join(QStringLiteral(", ")));
    }
    case Qt::DecorationRole:
        return AppIcons::icon(QStringLiteral("item"));
    case Qt::AccessibleDescriptionRole:
        return tr("Call");
    default:
        return {};
    }
}
