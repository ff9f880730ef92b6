#pragma once

#include "scenario/Scenario.h"

#include <memory>
#include <optional>

#include <QWidget>

namespace Ui
{
class ChecksPanel;
}

// What decides whether an item passes: the expectation of each call and the load run's SLOs.
class ChecksPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit ChecksPanel(QWidget* parent = nullptr);
    ~ChecksPanel() override;

    void setChecks(const QList<Slo>& slos, const std::optional<Expectation>& expectation);
    const QList<Slo>& slos() const;
    // Absent when nothing is expected.
    std::optional<Expectation> expectation() const;

signals:
    void checksEdited(const QString& field);

private:
    void showSlos();
    void readSlos();
    void addSlo();
    void removeSlo();
    void readExpectation(const QString& field);

    std::unique_ptr<Ui::ChecksPanel> m_ui;
    QList<Slo> m_slos;
    Expectation m_expectation;
    bool m_showing = false;
};
