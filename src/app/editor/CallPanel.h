#pragma once

#include "scenario/Scenario.h"

#include <memory>

#include <QWidget>

namespace Ui
{
class CallPanel;
}

// The form for an item's HTTP call: method and URL (checked as typed), timeout, OpenAPI
// operation, headers and body (checked as JSON when it looks like JSON).
class CallPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit CallPanel(QWidget* parent = nullptr);
    ~CallPanel() override;

    void setCall(const Call& call);
    const Call& call() const;

signals:
    // field: what changed, in words, for the undo history.
    void callEdited(const QString& field);

private:
    void showHeaders();
    void readHeaders();
    void addHeader();
    void removeHeader();
    void showUrlStatus();
    void showBodyStatus();
    void edited(const QString& field);

    std::unique_ptr<Ui::CallPanel> m_ui;
    Call m_call;
    bool m_showing = false; // while fields are filled from m_call
};
