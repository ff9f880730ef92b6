#pragma once

#include "scenario/Scenario.h"

#include <functional>
#include <memory>
#include <optional>

#include <QWidget>

namespace Ui
{
class StrategyPanel;
}

// How an item's call is made: once, repeated with a growing latency, or as a timed load.
class StrategyPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit StrategyPanel(QWidget* parent = nullptr);
    ~StrategyPanel() override;

    // Absent: a single call.
    void setStrategy(const std::optional<Strategy>& strategy);
    const std::optional<Strategy>& strategy() const;

signals:
    void strategyEdited(const QString& field);

private:
    void connectFields();
    void showStrategy();
    void showLoadSummary();
    void readSteadyState(LoadStrategy& load) const;
    void changeMode(int mode);
    template<typename Mode>
    void editMode(const QString& field, const std::function<void(Mode&)>& change);

    std::unique_ptr<Ui::StrategyPanel> m_ui;
    std::optional<Strategy> m_strategy;
    bool m_showing = false;
};
