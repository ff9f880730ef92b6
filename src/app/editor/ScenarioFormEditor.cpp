#include "editor/ScenarioFormEditor.h"

#include "editor/EditorDocument.h"
#include "editor/ItemListModel.h"
#include "shell/AppIcons.h"
#include "shell/Workspace.h"

#include <QScopedValueRollback>

#include "ui_ScenarioFormEditor.h"

ScenarioFormEditor::ScenarioFormEditor(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ScenarioFormEditor>())
    , m_itemListModel(new ItemListModel(this))
{
    m_ui->setupUi(this);
    m_ui->itemsListView->setModel(m_itemListModel);
    m_ui->formSplitter->setStretchFactor(0, 1);
    m_ui->formSplitter->setStretchFactor(1, 4);
    m_ui->formSplitter->setSizes({200, 780});
    m_ui->itemsListView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_ui->addItemButton->setIcon(AppIcons::icon(QStringLiteral("list-add")));
    m_ui->duplicateItemButton->setIcon(AppIcons::icon(QStringLiteral("duplicate")));
    m_ui->removeItemButton->setIcon(AppIcons::icon(QStringLiteral("list-remove")));
    m_ui->moveItemUpButton->setIcon(AppIcons::icon(QStringLiteral("move-up")));
    m_ui->moveItemDownButton->setIcon(AppIcons::icon(QStringLiteral("move-down")));
    m_ui->invalidFrame->hide();

    connect(m_ui->titleLineEdit, &QLineEdit::textEdited, this, [this](const QString& title) {
        m_scenario.title = title;
        commit(tr("title"));
    });
    connect(m_ui->descriptionPlainTextEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (m_showing) {
            return;
        }
        const QString description = m_ui->descriptionPlainTextEdit->toPlainText();
        m_scenario.description = description.isEmpty() ? std::nullopt : std::optional<QString>(description);
        commit(tr("description"));
    });
    connect(m_ui->itemsListView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!m_showing && current.isValid()) {
                    m_selectedItem = current.row();
                    showItem();
                }
            });
    connect(m_itemListModel, &ItemListModel::moveRequested, this, &ScenarioFormEditor::moveItem);
    connect(m_ui->addItemButton, &QToolButton::clicked, this, &ScenarioFormEditor::addItem);
    connect(m_ui->duplicateItemButton, &QToolButton::clicked, this, &ScenarioFormEditor::duplicateItem);
    connect(m_ui->removeItemButton, &QToolButton::clicked, this, &ScenarioFormEditor::removeItem);
    connect(m_ui->moveItemUpButton, &QToolButton::clicked, this,
            [this] { moveItem(m_selectedItem, m_selectedItem - 1); });
    connect(m_ui->moveItemDownButton, &QToolButton::clicked, this,
            [this] { moveItem(m_selectedItem, m_selectedItem + 2); });
    connect(m_ui->showYamlButton, &QPushButton::clicked, this, [this] {
        if (m_document && m_scenarioIndex >= 0 && m_scenarioIndex < m_document->structure().documents.size()) {
            emit showInYamlRequested(m_document->structure().documents.at(m_scenarioIndex).location.line);
        }
    });
    connectPanels();
    loadScenario();
}

ScenarioFormEditor::~ScenarioFormEditor() = default;

void ScenarioFormEditor::setScenario(EditorDocument* document, int scenarioIndex)
{
    if (m_document != document) {
        if (m_document) {
            disconnect(m_document, nullptr, this, nullptr);
        }
        m_document = document;
        if (document) {
            connect(document, &EditorDocument::structureChanged, this, &ScenarioFormEditor::documentStructureChanged);
        }
        m_scenarioIndex = -1;
    }
    if (scenarioIndex != m_scenarioIndex) {
        m_scenarioIndex = scenarioIndex;
        m_selectedItem = 0;
        loadScenario();
    }
}

EditorDocument* ScenarioFormEditor::document() const
{
    return m_document;
}

int ScenarioFormEditor::scenarioIndex() const
{
    return m_scenarioIndex;
}

void ScenarioFormEditor::selectItem(int index)
{
    if (index < 0 || index >= m_scenario.items.size()) {
        return;
    }
    m_selectedItem = index;
    {
        QScopedValueRollback showing(m_showing, true);
        m_ui->itemsListView->setCurrentIndex(m_itemListModel->index(index));
    }
    showItem();
}

int ScenarioFormEditor::selectedItem() const
{
    return m_selectedItem;
}

bool ScenarioFormEditor::hasSelectedItem() const
{
    return m_selectedItem >= 0 && m_selectedItem < m_scenario.items.size();
}

void ScenarioFormEditor::showTab(Tab tab)
{
    m_ui->itemTabWidget->setCurrentIndex(tab);
}

void ScenarioFormEditor::connectPanels()
{
    connect(m_ui->callPanel, &CallPanel::callEdited, this, [this](const QString& field) {
        if (!hasSelectedItem()) {
            return;
        }
        m_scenario.items[m_selectedItem].call = m_ui->callPanel->call();
        m_itemListModel->setItems(m_scenario.items);
        m_ui->faultsPanel->setCallUrl(m_scenario.items.at(m_selectedItem).call.url);
        commitItem(field);
    });
    connect(m_ui->faultsPanel, &FaultsPanel::contextEdited, this, [this](const QString& field) {
        if (!hasSelectedItem()) {
            return;
        }
        Context context = editedContext();
        context.upstreams = m_ui->faultsPanel->context().upstreams;
        context.faults = m_ui->faultsPanel->context().faults;
        setContext(context);
        commitItem(field);
    });
    connect(m_ui->strategyPanel, &StrategyPanel::strategyEdited, this, [this](const QString& field) {
        if (!hasSelectedItem()) {
            return;
        }
        Context context = editedContext();
        context.strategy = m_ui->strategyPanel->strategy();
        setContext(context);
        // The timeline's run is the load strategy's.
        m_ui->faultsPanel->setContext(context);
        commitItem(field);
    });
    connect(m_ui->checksPanel, &ChecksPanel::checksEdited, this, [this](const QString& field) {
        if (!hasSelectedItem()) {
            return;
        }
        Context context = editedContext();
        context.slo = m_ui->checksPanel->slos();
        setContext(context);
        m_scenario.items[m_selectedItem].expect = m_ui->checksPanel->expectation();
        commitItem(field);
    });
}

void ScenarioFormEditor::loadScenario()
{
    const bool exists
        = m_document && m_scenarioIndex >= 0 && m_scenarioIndex < m_document->structure().documents.size();
    if (!exists) {
        m_scenario = Scenario{};
        m_valid = false;
        showValidity(false, false);
    } else {
        const ScenarioDocument& document = m_document->structure().documents.at(m_scenarioIndex);
        m_scenario = document.scenario;
        m_valid = document.valid;
        showValidity(!document.valid, m_valid);
    }
    setEnabled(exists);
    showScenario();
}

void ScenarioFormEditor::showScenario()
{
    QScopedValueRollback showing(m_showing, true);
    for (QWidget* editing :
         {static_cast<QWidget*>(m_ui->titleLineEdit), static_cast<QWidget*>(m_ui->descriptionPlainTextEdit),
          static_cast<QWidget*>(m_ui->itemsGroupBox), static_cast<QWidget*>(m_ui->itemTabWidget)}) {
        editing->setEnabled(m_valid);
    }
    if (m_ui->titleLineEdit->text() != m_scenario.title) {
        m_ui->titleLineEdit->setText(m_scenario.title);
    }
    const QString description = m_scenario.description.value_or(QString());
    if (m_ui->descriptionPlainTextEdit->toPlainText() != description) {
        m_ui->descriptionPlainTextEdit->setPlainText(description);
    }
    m_itemListModel->setItems(m_scenario.items);
    m_selectedItem = m_scenario.items.isEmpty()
        ? -1
        : std::clamp(m_selectedItem, 0, static_cast<int>(m_scenario.items.size()) - 1);
    m_ui->itemsListView->setCurrentIndex(m_itemListModel->index(m_selectedItem));
    showItem();
}

void ScenarioFormEditor::showItem()
{
    QScopedValueRollback showing(m_showing, true);
    const bool hasItem = hasSelectedItem();
    m_ui->itemTabWidget->setEnabled(m_valid && hasItem);
    const Item item = hasItem ? m_scenario.items.at(m_selectedItem) : Item{};
    const Context context = item.context.value_or(Context{});
    m_ui->callPanel->setCall(item.call);
    m_ui->faultsPanel->setCallUrl(item.call.url);
    m_ui->faultsPanel->setContext(context);
    m_ui->strategyPanel->setStrategy(context.strategy);
    m_ui->checksPanel->setChecks(context.slo, item.expect);
    updateItemButtons();
}

void ScenarioFormEditor::documentStructureChanged()
{
    // The form's own edit: its fields (and the cursor in them) are right as they are. The edit may
    // leave the scenario wrong for a moment (a window that ends after the run, until its length is
    // shortened too); the form stays editable, since it holds the whole scenario.
    if (m_committing) {
        const QList<ScenarioDocument>& documents = m_document->structure().documents;
        showValidity(m_scenarioIndex < documents.size() && !documents.at(m_scenarioIndex).valid, true);
        return;
    }
    loadScenario();
}

void ScenarioFormEditor::showValidity(bool hasErrors, bool editable)
{
    m_ui->invalidFrame->setVisible(hasErrors);
    m_ui->showYamlButton->setVisible(!editable);
    if (!hasErrors) {
        return;
    }
    if (editable) {
        m_ui->invalidStatusLabel->setStatus(StatusLabel::Kind::Problem,
                                            tr("This scenario has errors: the Diagnostics panel lists them."));
    } else {
        m_ui->invalidStatusLabel->setStatus(StatusLabel::Kind::Problem,
                                            tr("This scenario has errors, so the form is read-only. Fix them in the "
                                               "YAML view: the Diagnostics panel lists them."));
    }
}

void ScenarioFormEditor::commit(const QString& field)
{
    if (m_showing || !m_document || !m_valid) {
        return;
    }
    QScopedValueRollback committing(m_committing, true);
    m_document->replaceScenario(m_scenarioIndex, m_scenario, field);
}

void ScenarioFormEditor::commitItem(const QString& field)
{
    commit(tr("%1 of call %2").arg(field).arg(m_selectedItem + 1));
}

Context ScenarioFormEditor::editedContext() const
{
    return m_scenario.items.at(m_selectedItem).context.value_or(Context{});
}

void ScenarioFormEditor::setContext(const Context& context)
{
    std::optional<Context>& itemContext = m_scenario.items[m_selectedItem].context;
    // An item without a context keeps none until something is put in it.
    itemContext = itemContext || context != Context{} ? std::optional<Context>(context) : std::nullopt;
}

void ScenarioFormEditor::addItem()
{
    Item item = Workspace::newScenario().items.first();
    if (m_selectedItem >= 0) {
        item.call.url = m_scenario.items.at(m_selectedItem).call.url;
    }
    m_scenario.items.append(item);
    m_selectedItem = static_cast<int>(m_scenario.items.size()) - 1;
    commit(tr("add call"));
    showScenario();
}

void ScenarioFormEditor::duplicateItem()
{
    if (m_selectedItem < 0) {
        return;
    }
    m_scenario.items.insert(m_selectedItem + 1, m_scenario.items.at(m_selectedItem));
    ++m_selectedItem;
    commit(tr("duplicate call"));
    showScenario();
}

void ScenarioFormEditor::removeItem()
{
    // A scenario needs at least one item.
    if (m_selectedItem < 0 || m_scenario.items.size() < 2) {
        return;
    }
    m_scenario.items.removeAt(m_selectedItem);
    commit(tr("remove call"));
    showScenario();
}

void ScenarioFormEditor::moveItem(int from, int before)
{
    const int count = static_cast<int>(m_scenario.items.size());
    if (from < 0 || from >= count || before < 0 || before > count) {
        return;
    }
    const int to = before > from ? before - 1 : before;
    if (to == from) {
        return;
    }
    m_scenario.items.move(from, to);
    m_selectedItem = to;
    commit(tr("reorder calls"));
    showScenario();
}

void ScenarioFormEditor::updateItemButtons()
{
    const int count = static_cast<int>(m_scenario.items.size());
    m_ui->duplicateItemButton->setEnabled(m_selectedItem >= 0);
    m_ui->removeItemButton->setEnabled(m_selectedItem >= 0 && count > 1);
    m_ui->moveItemUpButton->setEnabled(m_selectedItem > 0);
    m_ui->moveItemDownButton->setEnabled(m_selectedItem >= 0 && m_selectedItem < count - 1);
}
