#include "editor/ChecksPanel.h"

#include "editor/OptionalFields.h"
#include "shell/AppIcons.h"
#include "shell/ChoiceDelegate.h"

#include <QScopedValueRollback>

#include "ui_ChecksPanel.h"

namespace
{
enum SloColumn { TypeColumn, TitleColumn, ObjectiveColumn, ThresholdColumn };

// What a new SLO starts as: the usual tail-latency objective.
const Slo NewSlo{SloType::Latency, QStringLiteral("P95 < 300ms"), 95, 300};

QTableWidgetItem* numberItem(double value)
{
    auto* item = new QTableWidgetItem;
    item->setData(Qt::EditRole, value);
    return item;
}
} // namespace

ChecksPanel::ChecksPanel(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ChecksPanel>())
{
    m_ui->setupUi(this);
    OptionalFields::makeOptional(m_ui->statusSpinBox, 100, tr("any status"));
    OptionalFields::makeOptional(m_ui->responseTimeSpinBox, 0, tr("no limit"));
    OptionalFields::fill<int>(m_ui->allSloValidComboBox, tr("not checked"),
                              {{1, tr("must all hold")}, {0, tr("are expected to fail")}});
    m_ui->sloTableWidget->setItemDelegateForColumn(
        TypeColumn, new ChoiceDelegate({toString(SloType::Latency), toString(SloType::Error)}, this));
    QHeaderView* header = m_ui->sloTableWidget->horizontalHeader();
    header->setSectionResizeMode(TitleColumn, QHeaderView::Stretch);
    for (const int column : {TypeColumn, ObjectiveColumn, ThresholdColumn}) {
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    }
    m_ui->addSloButton->setIcon(AppIcons::icon(QStringLiteral("list-add")));
    m_ui->removeSloButton->setIcon(AppIcons::icon(QStringLiteral("list-remove")));

    connect(m_ui->statusSpinBox, &QSpinBox::valueChanged, this, [this] { readExpectation(tr("expected status")); });
    connect(m_ui->responseTimeSpinBox, &QDoubleSpinBox::valueChanged, this,
            [this] { readExpectation(tr("expected response time")); });
    connect(m_ui->allSloValidComboBox, &QComboBox::currentIndexChanged, this,
            [this] { readExpectation(tr("expected SLO outcome")); });
    connect(m_ui->sloTableWidget, &QTableWidget::itemChanged, this, &ChecksPanel::readSlos);
    connect(m_ui->addSloButton, &QToolButton::clicked, this, &ChecksPanel::addSlo);
    connect(m_ui->removeSloButton, &QToolButton::clicked, this, &ChecksPanel::removeSlo);
    setChecks({}, std::nullopt);
}

ChecksPanel::~ChecksPanel() = default;

void ChecksPanel::setChecks(const QList<Slo>& slos, const std::optional<Expectation>& expectation)
{
    QScopedValueRollback showing(m_showing, true);
    m_slos = slos;
    m_expectation = expectation.value_or(Expectation{});
    OptionalFields::setValue(m_ui->statusSpinBox, m_expectation.status);
    OptionalFields::setValue(m_ui->responseTimeSpinBox, m_expectation.responseTimeUnder);
    OptionalFields::setValue(m_ui->allSloValidComboBox,
                             m_expectation.allSloAreValid ? std::optional<int>(*m_expectation.allSloAreValid ? 1 : 0)
                                                          : std::nullopt);
    showSlos();
}

const QList<Slo>& ChecksPanel::slos() const
{
    return m_slos;
}

std::optional<Expectation> ChecksPanel::expectation() const
{
    return m_expectation == Expectation{} ? std::nullopt : std::optional<Expectation>(m_expectation);
}

void ChecksPanel::showSlos()
{
    QScopedValueRollback showing(m_showing, true);
    QTableWidget* table = m_ui->sloTableWidget;
    table->setRowCount(static_cast<int>(m_slos.size()));
    for (int row = 0; row < m_slos.size(); ++row) {
        const Slo& slo = m_slos.at(row);
        table->setItem(row, TypeColumn, new QTableWidgetItem(toString(slo.type)));
        table->setItem(row, TitleColumn, new QTableWidgetItem(slo.title));
        table->setItem(row, ObjectiveColumn, numberItem(slo.objective));
        table->setItem(row, ThresholdColumn, numberItem(slo.threshold));
    }
    m_ui->removeSloButton->setEnabled(!m_slos.isEmpty());
}

void ChecksPanel::readSlos()
{
    if (m_showing) {
        return;
    }
    const QTableWidget* table = m_ui->sloTableWidget;
    QList<Slo> slos;
    for (int row = 0; row < table->rowCount(); ++row) {
        const auto text = [&](int column) {
            return table->item(row, column) ? table->item(row, column)->text() : QString();
        };
        const auto number = [&](int column) {
            return table->item(row, column) ? table->item(row, column)->data(Qt::EditRole).toDouble() : 0.0;
        };
        slos.append(Slo{sloTypeFromString(text(TypeColumn)).value_or(SloType::Latency), text(TitleColumn),
                        number(ObjectiveColumn), number(ThresholdColumn)});
    }
    if (slos != m_slos) {
        m_slos = slos;
        emit checksEdited(tr("SLOs"));
    }
}

void ChecksPanel::addSlo()
{
    m_slos.append(NewSlo);
    showSlos();
    m_ui->sloTableWidget->setCurrentCell(static_cast<int>(m_slos.size()) - 1, TitleColumn);
    emit checksEdited(tr("add SLO"));
}

void ChecksPanel::removeSlo()
{
    const int row = m_ui->sloTableWidget->currentRow();
    if (row < 0 || row >= m_slos.size()) {
        return;
    }
    m_slos.removeAt(row);
    showSlos();
    emit checksEdited(tr("remove SLO"));
}

void ChecksPanel::readExpectation(const QString& field)
{
    if (m_showing) {
        return;
    }
    m_expectation.status = OptionalFields::value(m_ui->statusSpinBox);
    m_expectation.responseTimeUnder = OptionalFields::value(m_ui->responseTimeSpinBox);
    const std::optional<int> allValid = OptionalFields::value<int>(m_ui->allSloValidComboBox);
    m_expectation.allSloAreValid = allValid ? std::optional<bool>(*allValid != 0) : std::nullopt;
    emit checksEdited(field);
}
