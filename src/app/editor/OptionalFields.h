#pragma once

#include <optional>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QVariant>

// Form fields for the model's optional values, so that a value the user never set stays unset
// in the file. A spin box's minimum, one step below its valid range, means "not set" and shows
// its special value text ("default (20 ms)"); a combo box's entries without data mean "not set".
class OptionalFields
{
public:
    static void makeOptional(QDoubleSpinBox* spinBox, double validMinimum, const QString& unsetText);
    static void makeOptional(QSpinBox* spinBox, int validMinimum, const QString& unsetText);

    static void setValue(QDoubleSpinBox* spinBox, std::optional<double> value);
    static void setValue(QSpinBox* spinBox, std::optional<int> value);
    static std::optional<double> value(const QDoubleSpinBox* spinBox);
    static std::optional<int> value(const QSpinBox* spinBox);

    // Fills a combo box: an optional "not set" entry, then one entry per named value.
    template<typename Enum>
    static void fill(QComboBox* comboBox, const QString& unsetText, const QList<QPair<Enum, QString>>& entries)
    {
        comboBox->clear();
        if (!unsetText.isEmpty()) {
            comboBox->addItem(unsetText);
        }
        for (const auto& [value, text] : entries) {
            comboBox->addItem(text, static_cast<int>(value));
        }
    }

    template<typename Enum>
    static void setValue(QComboBox* comboBox, std::optional<Enum> value)
    {
        comboBox->setCurrentIndex(value ? comboBox->findData(static_cast<int>(*value)) : 0);
    }

    template<typename Enum>
    static std::optional<Enum> value(const QComboBox* comboBox)
    {
        const QVariant data = comboBox->currentData();
        return data.isValid() ? std::optional<Enum>(static_cast<Enum>(data.toInt())) : std::nullopt;
    }
};
