#include "shell/StatusLabel.h"

namespace
{
QString iconPath(StatusLabel::Kind kind)
{
    switch (kind) {
    case StatusLabel::Kind::Good:
        return QStringLiteral(":/icons/status-good.svg");
    case StatusLabel::Kind::Problem:
        return QStringLiteral(":/icons/diagnostic-warning.svg");
    case StatusLabel::Kind::Note:
        return QStringLiteral(":/icons/diagnostic-info.svg");
    }
    return {};
}
} // namespace

StatusLabel::StatusLabel(QWidget* parent)
    : QLabel(parent)
{
    setWordWrap(true);
    // Expanding, so that a form layout gives it the field's width and it wraps only when it must.
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void StatusLabel::setStatus(Kind kind, const QString& text)
{
    m_kind = kind;
    const int size = fontMetrics().height() - 2;
    setText(QStringLiteral("<img src=\"%1\" width=\"%2\" height=\"%2\" style=\"vertical-align: middle\">&nbsp;%3")
                .arg(iconPath(kind))
                .arg(size)
                .arg(text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))));
    setAccessibleName(text);
}

StatusLabel::Kind StatusLabel::kind() const
{
    return m_kind;
}
