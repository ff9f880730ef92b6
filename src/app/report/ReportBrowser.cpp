#include "report/ReportBrowser.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolButton>

namespace
{
bool isCode(const QTextBlock& block)
{
    return block.isValid() && block.blockFormat().hasProperty(QTextFormat::BlockCodeFence);
}
} // namespace

ReportBrowser::ReportBrowser(QWidget* parent)
    : QTextBrowser(parent)
    , m_copyButton(new QToolButton(viewport()))
{
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setReadOnly(true);
    m_copyButton->setObjectName(QStringLiteral("copyCodeButton"));
    m_copyButton->setText(tr("Copy"));
    m_copyButton->setToolTip(tr("Copy this block to the clipboard"));
    m_copyButton->setCursor(Qt::PointingHandCursor);
    m_copyButton->hide();
    connect(m_copyButton, &QToolButton::clicked, this, [this] {
        const QString text = codeBlockAt(m_hoveredPosition);
        if (!text.isEmpty()) {
            QApplication::clipboard()->setText(text);
            emit codeCopied(text);
        }
    });
    // Only links within the report: a heading of the contents.
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& link) {
        if (link.isRelative() && link.hasFragment()) {
            scrollToAnchor(link.fragment());
        }
    });
}

QVariant ReportBrowser::loadResource(int type, const QUrl& name)
{
    // What the document holds (the charts' objects, emoji drawn as images) never comes here: it
    // asks only for what it lacks, and that is never fetched.
    Q_UNUSED(type);
    m_refused.append(name);
    emit resourceRefused(name);
    return {};
}

QString ReportBrowser::codeBlockAt(int position) const
{
    QTextBlock block = document()->findBlock(position);
    if (!isCode(block)) {
        return {};
    }
    while (isCode(block.previous())) {
        block = block.previous();
    }
    QStringList lines;
    for (; isCode(block); block = block.next()) {
        lines << block.text();
    }
    return lines.join(QLatin1Char('\n'));
}

bool ReportBrowser::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::MouseMove) {
        showCopyButtonAt(static_cast<QMouseEvent*>(event)->position().toPoint());
    } else if (event->type() == QEvent::Leave && !m_copyButton->underMouse()) {
        m_copyButton->hide();
    }
    return QTextBrowser::viewportEvent(event);
}

void ReportBrowser::showCopyButtonAt(const QPoint& position)
{
    const int at = cursorForPosition(position).position();
    QTextBlock block = document()->findBlock(at);
    if (!isCode(block)) {
        m_copyButton->hide();
        return;
    }
    while (isCode(block.previous())) {
        block = block.previous();
    }
    m_hoveredPosition = block.position();
    const QRectF first = document()->documentLayout()->blockBoundingRect(block);
    const QPoint topRight(viewport()->width() - m_copyButton->sizeHint().width() - 8,
                          static_cast<int>(first.top()) - verticalScrollBar()->value() + 2);
    m_copyButton->move(topRight);
    m_copyButton->show();
    m_copyButton->raise();
}
