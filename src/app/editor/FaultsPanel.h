#pragma once

#include "scenario/Scenario.h"

#include <memory>

#include <QWidget>

namespace Ui
{
class FaultsPanel;
}

// The faults of an item: the upstreams they apply to, a palette with a button per fault kind,
// the list of faults with the selected one's form, and the timeline of their windows in the run.
class FaultsPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit FaultsPanel(QWidget* parent = nullptr);
    ~FaultsPanel() override;

    // The context's strategy sets the timeline's run.
    void setContext(const Context& context);
    // For "Use the call's host".
    void setCallUrl(const QString& url);
    const Context& context() const;
    void selectFault(int index);

signals:
    void contextEdited(const QString& field);

private:
    void addFault(FaultType type);
    void duplicateFault();
    void removeFault();
    void showFaults();
    void showSelectedFault();
    void showTimeline();
    void faultEdited(const QString& field);
    void readUpstreams();
    void useCallHost();
    int selectedFault() const;
    void edited(const QString& field);

    std::unique_ptr<Ui::FaultsPanel> m_ui;
    Context m_context;
    QString m_callUrl;
    bool m_showing = false;
};
