#pragma once

#include "shell/StatusLabel.h"

#include <memory>

#include <QFrame>
#include <QPointer>

namespace Ui
{
class Callout;
}

// A bubble over the window that points at one of its widgets (the Run tool button) with the next
// step, or with why that step will fail. It follows the widget as the window's layout moves it,
// and stays until closed or hidden by its owner: unlike a tool tip, it waits for the user.
class Callout final : public QFrame
{
    Q_OBJECT

public:
    // A child of window, floating over its other children.
    explicit Callout(QWidget* window);
    ~Callout() override;

    void showAt(QWidget* anchor, StatusLabel::Kind kind, const QString& text);
    StatusLabel::Kind kind() const;
    QString text() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void place();

    std::unique_ptr<Ui::Callout> m_ui;
    QPointer<QWidget> m_anchor;
    QString m_text;
    int m_arrowX = 0; // where the arrow meets the anchor, from the bubble's left
};
