#pragma once

#include <QList>
#include <QTextBrowser>
#include <QUrl>

class QToolButton;

// The report as text: it runs no script (QTextBrowser has none), follows only links within the
// report, and loads nothing: every resource the document does not hold (an image from the network
// or a file) is refused and remembered. A code or diff block shows a Copy button at its top right
// while the pointer is over it.
class ReportBrowser final : public QTextBrowser
{
    Q_OBJECT

public:
    explicit ReportBrowser(QWidget* parent = nullptr);

    const QList<QUrl>& refusedResources() const
    {
        return m_refused;
    }
    // The code block (its consecutive code lines) that holds position, or an empty string.
    QString codeBlockAt(int position) const;

    QVariant loadResource(int type, const QUrl& name) override;

signals:
    void resourceRefused(const QUrl& name);
    void codeCopied(const QString& text);

protected:
    bool viewportEvent(QEvent* event) override;

private:
    void showCopyButtonAt(const QPoint& position);

    QList<QUrl> m_refused;
    QToolButton* m_copyButton;
    int m_hoveredPosition = -1;
};
