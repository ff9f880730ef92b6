#include "editor/OptionalFields.h"

void OptionalFields::makeOptional(QDoubleSpinBox* spinBox, double validMinimum, const QString& unsetText)
{
    spinBox->setMinimum(validMinimum - spinBox->singleStep());
    spinBox->setSpecialValueText(unsetText);
}

void OptionalFields::makeOptional(QSpinBox* spinBox, int validMinimum, const QString& unsetText)
{
    spinBox->setMinimum(validMinimum - spinBox->singleStep());
    spinBox->setSpecialValueText(unsetText);
}

void OptionalFields::setValue(QDoubleSpinBox* spinBox, std::optional<double> value)
{
    spinBox->setValue(value.value_or(spinBox->minimum()));
}

void OptionalFields::setValue(QSpinBox* spinBox, std::optional<int> value)
{
    spinBox->setValue(value.value_or(spinBox->minimum()));
}

std::optional<double> OptionalFields::value(const QDoubleSpinBox* spinBox)
{
    return spinBox->value() <= spinBox->minimum() ? std::nullopt : std::optional<double>(spinBox->value());
}

std::optional<int> OptionalFields::value(const QSpinBox* spinBox)
{
    return spinBox->value() <= spinBox->minimum() ? std::nullopt : std::optional<int>(spinBox->value());
}
