#include "shell/LineIconEngine.h"

#include <QGuiApplication>
#include <QImage>
#include <QPaintDevice>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

namespace
{
constexpr double DisabledOpacity = 0.4;
} // namespace

LineIconEngine::LineIconEngine(QIcon icon)
    : m_icon(std::move(icon))
{ }

void LineIconEngine::paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State state)
{
    const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    QPixmap drawn = pixmap(rect.size() * ratio, mode, state);
    drawn.setDevicePixelRatio(ratio);
    painter->drawPixmap(rect, drawn);
}

QPixmap LineIconEngine::pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state)
{
    QPixmap drawn = m_icon.pixmap(size, QIcon::Normal, state);
    if (mode == QIcon::Disabled) {
        QImage image = drawn.toImage().convertToFormat(QImage::Format_ARGB32);
        for (int y = 0; y < image.height(); ++y) {
            auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
            for (int x = 0; x < image.width(); ++x) {
                const int grey = qGray(line[x]);
                line[x] = qRgba(grey, grey, grey, qRound(qAlpha(line[x]) * DisabledOpacity));
            }
        }
        return QPixmap::fromImage(image);
    }
    if (mode == QIcon::Selected) {
        QPainter painter(&drawn);
        painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
        painter.fillRect(drawn.rect(), QGuiApplication::palette().color(QPalette::HighlightedText));
    }
    return drawn;
}

QSize LineIconEngine::actualSize(const QSize& size, QIcon::Mode mode, QIcon::State state)
{
    return m_icon.actualSize(size, mode, state);
}

QIconEngine* LineIconEngine::clone() const
{
    return new LineIconEngine(m_icon);
}
