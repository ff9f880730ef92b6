#include "shell/ChoiceDelegate.h"

#include <QComboBox>

ChoiceDelegate::ChoiceDelegate(QStringList choices, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_choices(std::move(choices))
{ }

QWidget* ChoiceDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const
{
    auto* comboBox = new QComboBox(parent);
    comboBox->addItems(m_choices);
    return comboBox;
}

void ChoiceDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    auto* comboBox = static_cast<QComboBox*>(editor);
    comboBox->setCurrentIndex(std::max(0, static_cast<int>(m_choices.indexOf(index.data(Qt::EditRole).toString()))));
}

void ChoiceDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const
{
    model->setData(index, static_cast<QComboBox*>(editor)->currentText(), Qt::EditRole);
}
