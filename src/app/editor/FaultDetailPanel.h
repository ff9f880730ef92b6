#pragma once

#include "scenario/Scenario.h"

#include <functional>
#include <memory>

#include <QWidget>

class QDoubleSpinBox;

namespace Ui
{
class FaultDetailPanel;
}

// The form for one fault: its side and direction, its own parameters (with units and ranges), and
// the window of the run it is active in.
class FaultDetailPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit FaultDetailPanel(QWidget* parent = nullptr);
    ~FaultDetailPanel() override;

    void setFault(const Fault& fault);
    const Fault& fault() const;

signals:
    void faultEdited(const QString& field);

private:
    void setUpFields();
    void connectFields();
    void showParameters();
    void showLatencyRows();
    void showPeriod();
    void readPeriod();
    void showPeriodUnits();
    void edited(const QString& field);
    template<typename Parameters>
    void connectValue(QDoubleSpinBox* spinBox, const QString& field, std::function<void(Parameters&)> change);
    template<typename Parameters>
    void editParameters(const QString& field, const std::function<void(Parameters&)>& change);

    std::unique_ptr<Ui::FaultDetailPanel> m_ui;
    Fault m_fault;
    bool m_showing = false;
};
