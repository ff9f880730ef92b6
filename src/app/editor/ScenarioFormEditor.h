#pragma once

#include "scenario/Scenario.h"

#include <memory>

#include <QPointer>
#include <QWidget>

class EditorDocument;
class ItemListModel;

namespace Ui
{
class ScenarioFormEditor;
}

// The point-and-click view of one scenario of a document: title, description, the calls (items)
// in order, and for the selected call its request, faults, strategy and checks. Every change
// rewrites that scenario's YAML document at once, as one undo step.
class ScenarioFormEditor final : public QWidget
{
    Q_OBJECT

public:
    enum Tab { CallTab, FaultsTab, StrategyTab, ChecksTab };

    explicit ScenarioFormEditor(QWidget* parent = nullptr);
    ~ScenarioFormEditor() override;

    void setScenario(EditorDocument* document, int scenarioIndex);
    EditorDocument* document() const;
    int scenarioIndex() const;
    void selectItem(int index);
    int selectedItem() const;
    void showTab(Tab tab);

signals:
    // The user wants to fix a scenario with errors in the YAML view, at line.
    void showInYamlRequested(int line);

private:
    void connectPanels();
    // Takes the scenario from the document, then shows it.
    void loadScenario();
    void showScenario();
    void showItem();
    void documentStructureChanged();
    bool hasSelectedItem() const;
    // hasErrors: the document's scenario has error diagnostics; editable: the form holds it whole.
    void showValidity(bool hasErrors, bool editable);
    void commit(const QString& field);
    void commitItem(const QString& field);
    Context editedContext() const;
    void setContext(const Context& context);
    void addItem();
    void duplicateItem();
    void removeItem();
    void moveItem(int from, int before);
    void updateItemButtons();

    std::unique_ptr<Ui::ScenarioFormEditor> m_ui;
    ItemListModel* m_itemListModel;
    QPointer<EditorDocument> m_document;
    int m_scenarioIndex = -1;
    Scenario m_scenario;
    bool m_valid = false; // loaded without error, so the form holds all of it and may rewrite it
    int m_selectedItem = -1;
    bool m_showing = false;
    bool m_committing = false; // while the document takes the form's edit
};
