#include "shell/Callout.h"

#include <algorithm>

#include <QEvent>
#include <QPainter>
#include <QPainterPath>

#include "ui_Callout.h"

namespace
{
constexpr int CalloutMaximumWidth = 560;
constexpr int CalloutArrowHeight = 8;
constexpr int CalloutArrowHalfWidth = 8;
constexpr double CalloutRadius = 6.0;
// Kept from the window's edges, and between the arrow and the bubble's corners.
constexpr int CalloutMargin = 8;
} // namespace

Callout::Callout(QWidget* window)
    : QFrame(window)
    , m_ui(std::make_unique<Ui::Callout>())
{
    m_ui->setupUi(this);
    QMargins margins = layout()->contentsMargins();
    margins.setTop(margins.top() + CalloutArrowHeight);
    layout()->setContentsMargins(margins);
    m_ui->messageStatusLabel->setForegroundRole(QPalette::ToolTipText);
    connect(m_ui->closeButton, &QToolButton::clicked, this, &QWidget::hide);
    window->installEventFilter(this);
    hide();
}

Callout::~Callout() = default;

void Callout::showAt(QWidget* anchor, StatusLabel::Kind kind, const QString& text)
{
    if (m_anchor) {
        m_anchor->removeEventFilter(this);
    }
    m_anchor = anchor;
    if (anchor) {
        anchor->installEventFilter(this);
    }
    m_text = text;
    m_ui->messageStatusLabel->setStatus(kind, text);
    setAccessibleDescription(text);
    place();
    show();
    raise();
}

StatusLabel::Kind Callout::kind() const
{
    return m_ui->messageStatusLabel->kind();
}

QString Callout::text() const
{
    return m_text;
}

bool Callout::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::Move:
    case QEvent::Resize:
    case QEvent::LayoutRequest:
        if (isVisible()) {
            place();
        }
        break;
    case QEvent::Hide:
        if (watched == m_anchor) {
            hide();
        }
        break;
    default:
        break;
    }
    return QFrame::eventFilter(watched, event);
}

// Below the anchor, its arrow at the anchor's middle, inside the window.
void Callout::place()
{
    QWidget* window = parentWidget();
    if (!m_anchor || !window) {
        return;
    }
    // As wide as the text on one line, up to the maximum: a short step is not wrapped.
    const QFontMetrics metrics = m_ui->messageStatusLabel->fontMetrics();
    const QMargins margins = layout()->contentsMargins();
    int textWidth = 0;
    for (const QString& line : m_text.split(QLatin1Char('\n'))) {
        textWidth = std::max(textWidth, metrics.horizontalAdvance(line));
    }
    const int natural = margins.left() + margins.right() + layout()->spacing() + m_ui->closeButton->sizeHint().width()
        + metrics.height() + textWidth + 4 * metrics.averageCharWidth();
    const int width = std::min({natural, CalloutMaximumWidth, window->width() - 2 * CalloutMargin});
    const int height = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width) : sizeHint().height();
    const QPoint tip = m_anchor->mapTo(window, QPoint(m_anchor->width() / 2, m_anchor->height()));
    const int left = std::clamp(tip.x() - CalloutArrowHalfWidth - 2 * CalloutMargin, CalloutMargin,
                                std::max(CalloutMargin, window->width() - width - CalloutMargin));
    setGeometry(left, tip.y(), width, height);
    m_arrowX = std::clamp(tip.x() - left, CalloutArrowHalfWidth + CalloutMargin,
                          width - CalloutArrowHalfWidth - CalloutMargin);
    update();
}

void Callout::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF bubble = QRectF(rect()).adjusted(1, CalloutArrowHeight + 1, -1, -1);
    QPainterPath path;
    path.addRoundedRect(bubble, CalloutRadius, CalloutRadius);
    QPainterPath arrow;
    arrow.moveTo(m_arrowX - CalloutArrowHalfWidth, bubble.top() + 1);
    arrow.lineTo(m_arrowX, 1);
    arrow.lineTo(m_arrowX + CalloutArrowHalfWidth, bubble.top() + 1);
    arrow.closeSubpath();
    path = path.united(arrow);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
    painter.setBrush(palette().color(QPalette::ToolTipBase));
    painter.drawPath(path);
}
