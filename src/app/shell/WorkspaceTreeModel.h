#pragma once

#include <memory>
#include <vector>

#include <QAbstractItemModel>

class EditorDocument;
class Workspace;

// The workspace as a tree: files, their scenarios, the scenarios' items. It mirrors each file's
// structure in nodes of its own, so that rows change only between the begin/end calls views rely on.
class WorkspaceTreeModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Role {
        DocumentRole = Qt::UserRole + 1, // EditorDocument*, on every node
        ScenarioIndexRole, // int, -1 on a file
        ItemIndexRole, // int, -1 on a file or a scenario
    };

    explicit WorkspaceTreeModel(Workspace* workspace, QObject* parent = nullptr);
    ~WorkspaceTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    QModelIndex indexOf(const EditorDocument* document, int scenarioIndex = -1, int itemIndex = -1) const;

private:
    struct Node
    {
        Node* parent = nullptr;
        EditorDocument* document = nullptr;
        std::vector<std::unique_ptr<Node>> children;
    };

    void addDocument(EditorDocument* document);
    void removeDocument(EditorDocument* document);
    void syncStructure(EditorDocument* document);
    // Adds or removes rows at the end of node's children so that it has count of them.
    void resizeChildren(Node* node, const QModelIndex& nodeIndex, int count);
    Node* nodeOf(const QModelIndex& index) const;
    int rowOf(const Node* node) const;
    QVariant fileData(const EditorDocument* document, int role) const;
    QVariant scenarioData(const EditorDocument* document, int scenarioIndex, int role) const;
    QVariant itemData(const EditorDocument* document, int scenarioIndex, int itemIndex, int role) const;

    Node m_root;
};
