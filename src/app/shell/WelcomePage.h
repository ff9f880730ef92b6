#pragma once

#include <memory>

#include <QWidget>

namespace Ui
{
class WelcomePage;
}

// What the window shows when no file is open: the ways to start, the recent files, and the offer
// to recover what a crash left unsaved.
class WelcomePage final : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget* parent = nullptr);
    ~WelcomePage() override;

    void setRecentFiles(const QStringList& paths);
    // 0 hides the offer.
    void offerRecovery(int fileCount);
    // Try the demo's progress, under its button: while its target starts (the button waits for
    // it), or why it did not.
    enum class DemoStatus { Hidden, Starting, Problem };
    void setDemoStatus(DemoStatus status, const QString& text = {});

signals:
    void tryDemoRequested();
    void generateRequested();
    void openRequested();
    void newRequested();
    void recentFileRequested(const QString& path);
    void recoverRequested();
    void discardRecoveryRequested();

private:
    std::unique_ptr<Ui::WelcomePage> m_ui;
};
