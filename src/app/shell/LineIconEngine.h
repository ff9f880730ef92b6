#pragma once

#include <QIcon>
#include <QIconEngine>

// Draws one of the application's line icons in every state, alike in a light and a dark palette:
// as it is when enabled; grey and faded when disabled (the style's disabled look is hard to tell
// from the enabled one on a dark background); in the highlight's text colour on a selected row of
// an item view, whose highlight is often as blue as the icon.
class LineIconEngine final : public QIconEngine
{
public:
    explicit LineIconEngine(QIcon icon);

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State state) override;
    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override;
    QSize actualSize(const QSize& size, QIcon::Mode mode, QIcon::State state) override;
    QIconEngine* clone() const override;

private:
    QIcon m_icon;
};
